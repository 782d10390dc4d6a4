"""The sentiment model the fast engine ships: a 3-class logistic regression over
earful.text.features, trained by scripts/train_text_models.py on CC0 and MIT data only
(see models/README.md), stored as float16 coefficients in models/sentiment.npz."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from earful.text.features import N_FEATURES
from earful.text.lexicon import LEXICON_FEATURES, MODELS
from earful.text.types import SENTIMENTS

LABELS = SENTIMENTS  # column order of every probability matrix here
FEATURE_VERSION = f"hash-w12-c25-lex-{N_FEATURES}-v1"

# A scipy sparse matrix or a NumPy array of rows; scipy ships no types, so: Any.
type Matrix = Any


def softmax(logits: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)


@dataclass(frozen=True)
class LinearSentiment:
    """Logits = X · coefᵀ + intercept; columns in LABELS order."""

    coef: npt.NDArray[np.float32]  # (3, n_features)
    intercept: npt.NDArray[np.float32]  # (3,)

    def logits(self, matrix: Matrix) -> npt.NDArray[np.float32]:
        return np.asarray(matrix @ self.coef.T, dtype=np.float32) + self.intercept

    def proba(self, matrix: Matrix) -> npt.NDArray[np.float32]:
        return softmax(self.logits(matrix))


class ModelMissing(RuntimeError):
    """The shipped model file is absent or was trained for other features."""


@lru_cache(maxsize=1)
def load_shipped() -> LinearSentiment:
    path = MODELS / "sentiment.npz"
    if not path.exists():
        raise ModelMissing(f"{path} is missing: run scripts/train_text_models.py")
    with np.load(path, allow_pickle=False) as data:
        if str(data["version"]) != FEATURE_VERSION:
            raise ModelMissing(
                f"{path} was trained for features {data['version']}, not {FEATURE_VERSION}: "
                "run scripts/train_text_models.py"
            )
        return LinearSentiment(
            coef=data["coef"].astype(np.float32), intercept=data["intercept"].astype(np.float32)
        )


# Feedback sent to a company is more often a complaint than praise; the shipped model
# learnt from balanced classes. log(0.5 / 0.25): negative twice as likely a priori as
# either other class.
COMPLAINT_PRIOR = 0.7
PROBLEM_WEIGHT = 1.0  # per problem word ("delayed", "refund", "on hold"), up to three
NEGATION_WEIGHT = 0.7
NO_PRAISE_PENALTY = 1.0  # positive needs at least one positive word
NO_SENTIMENT_BONUS = 1.0  # no sentiment word and no problem word: likely neutral
SENTIMENT_WORD_PENALTY = 1.0  # a plain statement with sentiment words is seldom neutral
FOREIGN_MODEL_WEIGHT = 0.5  # the shipped model learnt English only
FOREIGN_LEXICON_WEIGHT = 3.0  # per unit of the lexicon's compound score (-1..1)


def zero_shot_proba(
    logits: npt.NDArray[np.float32],
    lexicon: npt.NDArray[np.float32],
    foreign: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.float32]:
    """Sentiment probabilities when the taxonomy has taught nothing about sentiment:
    the shipped model's logits moved by what customer feedback is like. Problem words
    and negations push towards negative, a text without a positive word cannot easily
    be positive, one without any sentiment or problem word leans neutral, and a
    complaint prior applies (see docs/text.md for the figures)."""
    return softmax(bend_logits(logits, lexicon, foreign))


def bend_logits(
    logits: npt.NDArray[np.float32],
    lexicon: npt.NDArray[np.float32],
    foreign: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.float32]:
    """The shipped model's logits with the customer-feedback rules of zero_shot_proba.
    For `foreign` rows (a language other than English) the model, which learnt
    English, counts half and the lexicon's compound score decides more."""
    column = {name: j for j, name in enumerate(LEXICON_FEATURES)}
    problems = np.expm1(lexicon[:, column["problem_words"]]).clip(0, 3)
    positive_words = np.expm1(lexicon[:, column["positive_words"]])
    negative_words = np.expm1(lexicon[:, column["negative_words"]])
    negation = lexicon[:, column["negation"]]
    out = np.array(logits, dtype=np.float32, copy=True)
    if foreign is not None and foreign.any():
        compound = lexicon[foreign, column["compound"]]
        out[foreign] *= FOREIGN_MODEL_WEIGHT
        out[foreign, 2] += FOREIGN_LEXICON_WEIGHT * np.maximum(compound, 0)
        out[foreign, 0] += FOREIGN_LEXICON_WEIGHT * np.maximum(-compound, 0)
    out[:, 0] += COMPLAINT_PRIOR + PROBLEM_WEIGHT * problems + NEGATION_WEIGHT * negation
    out[:, 2] -= NO_PRAISE_PENALTY * (positive_words < 0.5)
    quiet = (positive_words < 0.5) & (negative_words < 0.5) & (problems < 0.5)
    out[:, 1] += NO_SENTIMENT_BONUS * quiet
    plain = (problems < 0.5) & (negation == 0) & (lexicon[:, column["question"]] == 0)
    out[plain, 1] -= SENTIMENT_WORD_PENALTY * np.abs(lexicon[plain, column["compound"]])
    return out
