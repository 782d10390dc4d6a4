"""Earful's text engine: language, sentiment, themes, opportunities and names for any
text, on this machine. A plain package (no Django); see docs/text.md.

    from earful.text import analyse, get_engine
    analyse(["Anna was great but the wait was long"])
"""

from __future__ import annotations

from collections.abc import Sequence

from earful.text.engines import get_engine
from earful.text.types import (
    SENTIMENTS,
    UNDETERMINED,
    Analyser,
    Analysis,
    Engine,
    Example,
    Sentiment,
    Taxonomy,
    Theme,
    ThemeMatch,
)

__all__ = [
    "SENTIMENTS",
    "UNDETERMINED",
    "Analyser",
    "Analysis",
    "Engine",
    "Example",
    "Sentiment",
    "Taxonomy",
    "Theme",
    "ThemeMatch",
    "analyse",
    "get_engine",
]


def analyse(
    texts: Sequence[str],
    taxonomy: Taxonomy | None = None,
    *,
    engine: str = "fast",
    model_path: str | None = None,
    scores: Sequence[int | None] | None = None,
) -> list[Analysis]:
    """Analyse a batch of texts with the named engine ("fast" or "embedding")."""
    prepared = get_engine(engine, model_path=model_path).prepare(taxonomy or Taxonomy())
    return prepared.analyse(texts, scores)
