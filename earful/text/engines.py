"""Choosing an engine by name. Each engine lives in its own module and is imported only
when asked for, so the fast engine never loads ONNX Runtime."""

from __future__ import annotations

from earful.text.types import Engine

ENGINES = ("fast", "embedding")


def get_engine(name: str, *, model_path: str | None = None) -> Engine:
    """The engine called `name`. `model_path` is a folder with an ONNX sentence-embedding
    model and its tokenizer (embedding engine only; None = the model a package ships)."""
    if name == "fast":
        from earful.text.fast import FastEngine

        return FastEngine()
    if name == "embedding":
        from earful.text.embedding import EmbeddingEngine

        return EmbeddingEngine(model_path=model_path)
    raise ValueError(f"unknown text engine {name!r}: choose one of {', '.join(ENGINES)}")
