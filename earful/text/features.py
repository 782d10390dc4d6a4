"""The fast engine's view of a text: hashed word 1–2-grams, hashed character 2–5-grams
(within words, so "palvelu", "palvelusta" and "palveluun" share most of theirs, which
is what makes one model work across inflecting languages), and the lexicon features.

Hashing needs no vocabulary: a shipped model is its coefficients only, and any
language's words land somewhere. Rows are L2-normalised per block, then weighted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from earful.text.lexicon import LEXICON_FEATURES, score_tokens, tokenise

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
TOPIC_FEATURES = WORD_FEATURES + CHAR_FEATURES  # the n-gram columns, lexicon after
N_FEATURES = TOPIC_FEATURES + len(LEXICON_FEATURES)
CHAR_WEIGHT = 0.8
LEXICON_WEIGHT = 1.0

_WORDS = HashingVectorizer(
    n_features=WORD_FEATURES,
    analyzer="word",
    ngram_range=(1, 2),
    token_pattern=r"(?u)[^\W_]+(?:['’][^\W_]+)*|[!?]|[^\w\s]",  # noqa: S106 - not a password
    alternate_sign=False,
    norm=None,
    lowercase=True,
    dtype=np.float32,
)
_CHARS = HashingVectorizer(
    n_features=CHAR_FEATURES,
    analyzer="char_wb",
    ngram_range=(2, 5),
    alternate_sign=False,
    norm=None,
    lowercase=True,
    dtype=np.float32,
)


def _sublinear_l2(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """log(1 + tf), then each row to unit length (empty rows stay zero)."""
    matrix = matrix.tocsr(copy=True)
    np.log1p(matrix.data, out=matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)


def lexicon_matrix(
    texts: Sequence[str], languages: Sequence[str] | None = None
) -> npt.NDArray[np.float32]:
    """One row of LEXICON_FEATURES per text (words read as `languages`, default en)."""
    languages = languages or ["en"] * len(texts)
    rows = [score_tokens(tokenise(t), lang) for t, lang in zip(texts, languages, strict=True)]
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(LEXICON_FEATURES))


def raw_counts(texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Hashed word and character n-gram counts: they add up, so a text's counts are
    the sum of its clauses' (the engine hashes each clause once for both)."""
    return _WORDS.transform(texts), _CHARS.transform(texts)


def combine(
    words: sp.csr_matrix, chars: sp.csr_matrix, lexicon: npt.NDArray[np.float32]
) -> sp.csr_matrix:
    """The feature matrix (N_FEATURES columns) from counts and lexicon features."""
    return sp.hstack(
        [
            _sublinear_l2(words),
            _sublinear_l2(chars) * CHAR_WEIGHT,
            sp.csr_matrix(lexicon * LEXICON_WEIGHT),
        ],
        format="csr",
        dtype=np.float32,
    )


def featurise(
    texts: Sequence[str], lexicon: npt.NDArray[np.float32] | None = None
) -> sp.csr_matrix:
    """The sparse feature matrix (N_FEATURES columns) of already cleaned texts."""
    if not texts:
        return sp.csr_matrix((0, N_FEATURES), dtype=np.float32)
    if lexicon is None:
        lexicon = lexicon_matrix(texts)
    return combine(*raw_counts(texts), lexicon)


_SKETCH = HashingVectorizer(
    n_features=2**11,
    analyzer="word",
    ngram_range=(1, 2),
    alternate_sign=True,
    norm=None,
    lowercase=True,
    dtype=np.float32,
)


def sketch(texts: Sequence[str], stop_words: frozenset[str]) -> npt.NDArray[np.float32]:
    """A dense 2,048-wide L2-normalised row per text for clustering: the texts' word
    1–2-grams (stop words left out) hashed with random signs, which keeps cosine
    similarity close to that of the full bag of words."""
    if not texts:
        return np.zeros((0, _SKETCH.n_features), dtype=np.float32)
    kept = [
        " ".join(w for w in tokenise(t.lower()) if w.isalnum() and w not in stop_words)
        for t in texts
    ]
    matrix = _SKETCH.transform(kept).tocsr()
    np.sign(matrix.data, out=matrix.data)
    dense: npt.NDArray[np.float32] = np.asarray(matrix.toarray(), dtype=np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (dense / norms).astype(np.float32)
