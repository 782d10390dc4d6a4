"""Learning a company's themes and sentiment from a few labelled examples, on top of
any feature matrix (the fast engine's hashed n-grams, the embedding engine's vectors).

Themes: one logistic regression per theme (one-vs-rest, classes balanced), so a text
can carry several. The theme's name, description and example phrases are extra
positive examples, which is what makes ten corrections per theme enough to start
from. Each theme's threshold is chosen by cross-validation on the training examples
only, and pulled towards 0.5 when there are few of them. When every example has
exactly one theme (and none says "no theme applies"), the taxonomy is single-label:
the best theme is always given.

Sentiment: a 3-class logistic regression whose inputs include the engine's own
sentiment logits, so it starts from what the engine knows and corrects it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from earful.text.types import SENTIMENTS, Sentiment

# A scipy sparse matrix or a NumPy array of rows; scipy ships no types, so: Any.
type Matrix = Any
DEFAULT_THRESHOLD = 0.5
THRESHOLD_GRID = np.round(np.arange(0.15, 0.86, 0.05), 2)
# A multi-label taxonomy gives every text a theme only when this many examples, each
# with a theme, say that every text has one.
MIN_EXAMPLES_FOR_ONE = 20
# How much of the single-label score shifts found by cross-validation is applied: they
# are noisy (airline reasons folds 0-1, fast engine: none 0.534, half 0.541, all 0.539).
OFFSET_SHRINK = 0.5
CV_ROWS = 3500  # examples read by the cross-validation (SemEval-2014's 3,041 all are)


def _sigmoid(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return (1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))).astype(np.float32)


def _stack(matrices: Sequence[Matrix]) -> Matrix:
    if any(sp.issparse(m) for m in matrices):
        return sp.vstack([sp.csr_matrix(m) for m in matrices], format="csr")
    return np.vstack([np.asarray(m) for m in matrices]).astype(np.float32)


def _rows(matrix: Matrix, index: npt.NDArray[np.intp]) -> Matrix:
    return matrix[index]  # a sparse matrix or an array, both index rows alike


@dataclass(frozen=True)
class ThemeModel:
    keys: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (n_features, n_themes)
    bias: npt.NDArray[np.float32]  # (n_themes,)
    thresholds: npt.NDArray[np.float32]  # (n_themes,)
    multi_label: bool = True
    at_least_one: bool = False  # multi-label: a row with no theme over its threshold
    # still gets its best one (every labelled example had a theme)

    def proba(self, features: Matrix) -> npt.NDArray[np.float32]:
        """Each theme's probability per row, (n, n_themes)."""
        if not self.keys:
            return np.zeros((features.shape[0], 0), dtype=np.float32)
        return _sigmoid(np.asarray(features @ self.weights, dtype=np.float32) + self.bias)

    def decide(self, proba: npt.NDArray[np.float32]) -> list[list[tuple[str, float]]]:
        """The themes each row carries with a confidence (0..1), most confident first.
        The confidence maps the theme's threshold to 0.5."""
        out: list[list[tuple[str, float]]] = []
        if not self.keys:
            return [[] for _ in range(proba.shape[0])]
        confidence = _rescale(proba, self.thresholds)
        for row in confidence:
            if self.multi_label:
                chosen = [(self.keys[j], float(row[j])) for j in np.flatnonzero(row >= 0.5)]
                if not chosen and self.at_least_one:
                    best = int(row.argmax())
                    chosen = [(self.keys[best], float(row[best]))]
            else:
                best = int(row.argmax())
                chosen = [(self.keys[best], float(row[best]))]
            chosen.sort(key=lambda item: -item[1])
            out.append(chosen)
        return out

    def predict(self, features: Matrix) -> list[list[tuple[str, float]]]:
        return self.decide(self.proba(features))


def _rescale(
    proba: npt.NDArray[np.float32], thresholds: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Piecewise-linear map of [0, t] to [0, 0.5] and [t, 1] to [0.5, 1]."""
    t = np.clip(thresholds, 1e-3, 1 - 1e-3)
    low = proba / t * 0.5
    high = 0.5 + (proba - t) / (1 - t) * 0.5
    return np.where(proba < t, low, high).astype(np.float32)


def _logistic(c: float, balanced: bool = True) -> object:
    from sklearn.linear_model import LogisticRegression

    # The dual solver is the fast one when features far outnumber examples, as here.
    return LogisticRegression(
        C=c,
        solver="liblinear",
        dual=True,
        class_weight="balanced" if balanced else None,
        max_iter=1000,
        random_state=0,  # liblinear's dual solver visits rows in a random order
    )


def _fit_one(
    features: Matrix,
    y: npt.NDArray[np.bool_],
    c: float,
    weight: npt.NDArray[np.float32],
    balanced: bool = True,
) -> tuple[npt.NDArray[np.float32], float]:
    model = _logistic(c, balanced)
    model.fit(features, y.astype(np.int8), sample_weight=weight)  # type: ignore[attr-defined]
    coef = np.asarray(model.coef_, dtype=np.float32).ravel()  # type: ignore[attr-defined]
    return coef, float(model.intercept_[0])  # type: ignore[attr-defined]


def _best_threshold(y: npt.NDArray[np.bool_], p: npt.NDArray[np.float32]) -> float:
    best, best_f1 = DEFAULT_THRESHOLD, -1.0
    for t in THRESHOLD_GRID:
        predicted = p >= t
        tp = float(np.sum(predicted & y))
        f1 = 2 * tp / max(float(np.sum(predicted) + np.sum(y)), 1.0)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def _held_out_scores(
    matrix: Matrix,
    y: npt.NDArray[np.bool_],
    weight: npt.NDArray[np.float32],
    c: float,
    fold_of: npt.NDArray[np.int_],
    folds: int,
) -> npt.NDArray[np.float32]:
    """Each labelled row's decision score from a model that did not see it (prior rows,
    after the labelled ones, are always trained on)."""
    n_real = len(fold_of)
    held_out = np.zeros(n_real, dtype=np.float32)
    prior_rows = np.arange(n_real, matrix.shape[0])
    for fold in range(folds):
        test = np.flatnonzero(fold_of == fold)
        train = np.concatenate([np.flatnonzero(fold_of != fold), prior_rows])
        if not len(test):
            continue
        if not y[train].any() or y[train].all():
            continue  # score 0: probability 0.5
        coef_f, bias_f = _fit_one(_rows(matrix, train), y[train], c, weight[train])
        held_out[test] = np.asarray(_rows(matrix, test) @ coef_f, dtype=np.float32) + bias_f
    return held_out


def _macro_f1(y: npt.NDArray[np.int_], predicted: npt.NDArray[np.int_], n: int) -> float:
    scores = []
    for k in range(n):
        tp = float(np.sum((predicted == k) & (y == k)))
        total = float(np.sum(predicted == k) + np.sum(y == k))
        scores.append(2 * tp / total if total else 0.0)
    return float(np.mean(scores))


OFFSET_GRID = np.arange(-1.5, 1.51, 0.25)


def _best_offsets(
    scores: npt.NDArray[np.float32], y: npt.NDArray[np.int_]
) -> npt.NDArray[np.float32]:
    """Per-theme shifts of the decision scores that maximise macro-F1 of the best theme
    (coordinate ascent, two passes): with classes of very different sizes a shared
    scale favours the big ones."""
    n = scores.shape[1]
    offsets = np.zeros(n, dtype=np.float32)
    best = _macro_f1(y, scores.argmax(axis=1), n)
    for _ in range(2):
        for k in range(n):
            for step in OFFSET_GRID:
                trial = offsets.copy()
                trial[k] = step
                value = _macro_f1(y, (scores + trial).argmax(axis=1), n)
                if value > best + 1e-9:
                    best, offsets = value, trial
    return offsets


def fit_themes(
    features: Matrix,
    labels: Sequence[frozenset[str]],
    keys: Sequence[str],
    *,
    prior_features: Matrix | None = None,
    prior_labels: Sequence[frozenset[str]] = (),
    prior_weight: float = 1.0,
    multi_label: bool | None = None,
    c: float = 16.0,
    c_grid: Sequence[float] = (),
    folds: int = 3,
    seed: int = 0,
) -> ThemeModel:
    """Learn `keys` from labelled rows (`labels[i]`: the themes of row i; empty = none
    applies) and prior rows (a theme's name, description and example phrases).

    With enough examples, cross-validation on them (never on anything else) chooses
    the regularisation among `c_grid` (else `c`) and the decision rule: per theme a
    threshold (multi-label), or per theme a shift of the scores that maximises macro-F1
    (single-label). A multi-label taxonomy whose examples all carry a theme (none says
    "no theme applies") always gives at least the best theme."""
    keys = tuple(keys)
    n_features = (
        features.shape[1]
        if features.shape[0]
        else (prior_features.shape[1] if prior_features is not None else 0)
    )
    labelled = list(labels)
    if multi_label is None:
        multi_label = not labelled or not all(len(lab) == 1 for lab in labelled)
    at_least_one = multi_label and len(labelled) >= MIN_EXAMPLES_FOR_ONE and all(labelled)
    parts: list[Matrix] = []
    all_labels: list[frozenset[str]] = []
    weights: list[float] = []
    if features.shape[0]:
        parts.append(features)
        all_labels.extend(labels)
        weights.extend([1.0] * features.shape[0])
    if prior_features is not None and prior_features.shape[0]:
        parts.append(prior_features)
        all_labels.extend(prior_labels)
        weights.extend([prior_weight] * prior_features.shape[0])
    empty = ThemeModel((), np.zeros((n_features, 0), np.float32), np.zeros(0, np.float32),
                       np.zeros(0, np.float32), multi_label)  # fmt: skip
    if not parts:
        return empty
    matrix = _stack(parts)
    weight = np.asarray(weights, dtype=np.float32)
    n_real = features.shape[0]
    rng = np.random.default_rng(seed)
    fold_of = rng.integers(0, folds, size=n_real)
    grid = tuple(c_grid) or (c,)
    targets = {key: np.asarray([key in lab for lab in all_labels], dtype=bool) for key in keys}
    # Cross-validation reads at most CV_ROWS examples (a fixed sample): thresholds and C
    # need a few thousand, and preparing must stay quick for big taxonomies.
    sample = np.arange(n_real)
    if n_real > CV_ROWS:
        sample = np.sort(rng.choice(n_real, CV_ROWS, replace=False))
    cv_rows = np.concatenate([sample, np.arange(n_real, matrix.shape[0])])
    cv_matrix, cv_weight, cv_fold = _rows(matrix, cv_rows), weight[cv_rows], fold_of[sample]
    cv_targets = {key: y[cv_rows] for key, y in targets.items()}
    kept = [key for key in keys if targets[key].any() and not targets[key].all()]
    if not kept:
        return empty
    chosen_c = {key: c for key in kept}
    thresholds = {key: DEFAULT_THRESHOLD for key in kept}
    offsets = {key: 0.0 for key in kept}
    n_pos = {key: int(targets[key][:n_real].sum()) for key in kept}
    tunable = [key for key in kept if n_pos[key] >= 6 and n_real - n_pos[key] >= 6]
    if multi_label and tunable:
        # One regularisation for the whole taxonomy (per theme it overfits the folds):
        # the one whose tuned thresholds give the best micro-F1 over the themes.
        best_f1 = -1.0
        for value in grid:
            tp = predicted = gold = 0.0
            tuned: dict[str, float] = {}
            for key in tunable:
                y_real = cv_targets[key][: len(sample)]
                held = _sigmoid(
                    _held_out_scores(cv_matrix, cv_targets[key], cv_weight, value, cv_fold, folds)
                )
                tuned[key] = _best_threshold(y_real, held)
                hits = held >= tuned[key]
                tp += float(np.sum(hits & y_real))
                predicted += float(np.sum(hits))
                gold += float(np.sum(y_real))
            f1 = 2 * tp / max(predicted + gold, 1.0)
            if f1 > best_f1 + 1e-9:
                best_f1, best_tuned = f1, tuned
                chosen_c = {key: value for key in kept}
        for key in tunable:
            shrink = n_pos[key] / (n_pos[key] + 10.0)
            thresholds[key] = shrink * best_tuned[key] + (1 - shrink) * DEFAULT_THRESHOLD
    elif len(tunable) == len(kept) >= 2:
        y_index = np.asarray(
            [kept.index(next(iter(lab))) if lab and next(iter(lab)) in kept else -1
             for lab in (labelled[i] for i in sample)],
            dtype=np.int64,
        )  # fmt: skip
        best_f1, best_scores = -1.0, None
        for value in grid:
            held = np.stack(
                [
                    _held_out_scores(cv_matrix, cv_targets[k], cv_weight, value, cv_fold, folds)
                    for k in kept
                ],
                axis=1,
            )
            f1 = _macro_f1(y_index, held.argmax(axis=1), len(kept))
            if f1 > best_f1 + 1e-9:
                best_f1, best_scores = f1, held
                chosen_c = {key: value for key in kept}
        assert best_scores is not None
        shifts = _best_offsets(best_scores, y_index)
        for j, key in enumerate(kept):
            offsets[key] = float(shifts[j]) * OFFSET_SHRINK * n_pos[key] / (n_pos[key] + 10.0)
    columns: list[npt.NDArray[np.float32]] = []
    biases: list[float] = []
    for key in kept:
        coef, bias = _fit_one(matrix, targets[key], chosen_c[key], weight)
        columns.append(coef)
        biases.append(bias + offsets[key])
    return ThemeModel(
        keys=tuple(kept),
        weights=np.stack(columns, axis=1).astype(np.float32),
        bias=np.asarray(biases, dtype=np.float32),
        thresholds=np.asarray([thresholds[k] for k in kept], dtype=np.float32),
        multi_label=multi_label,
        at_least_one=at_least_one,
    )


@dataclass(frozen=True)
class SentimentModel:
    """A correction of an engine's sentiment learnt from labelled examples: logits =
    [features, base logits] · coefᵀ + intercept, columns in SENTIMENTS order."""

    coef: npt.NDArray[np.float32]  # (3, n_features + 3)
    intercept: npt.NDArray[np.float32]
    base_scale: float

    def logits(
        self, features: Matrix, base_logits: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        n = features.shape[1]
        out = np.asarray(features @ self.coef[:, :n].T, dtype=np.float32)
        out += (base_logits * self.base_scale) @ self.coef[:, n:].T + self.intercept
        return out


def sentiment_index(sentiment: Sentiment) -> int:
    return SENTIMENTS.index(sentiment)


def score_label(score: int) -> int:
    """The weak sentiment label of a 0–10 recommend score: detractor, passive, promoter."""
    return 0 if score <= 6 else 1 if score <= 8 else 2


def fit_sentiment(
    features: Matrix,
    labels: Sequence[int],
    base_logits: npt.NDArray[np.float32],
    *,
    sample_weight: Sequence[float] | None = None,
    c: float = 1.0,
    base_scale: float = 1.0,
) -> SentimentModel | None:
    """Learn a 3-class correction (one-vs-rest) from labelled rows, or None when the
    labels do not cover at least two classes (the engine's own sentiment is kept)."""
    y = np.asarray(labels, dtype=np.int64)
    if len(set(y.tolist())) < 2:
        return None
    extra = (base_logits * base_scale).astype(np.float32)
    if sp.issparse(features):
        matrix: Matrix = sp.hstack([features, sp.csr_matrix(extra)], format="csr")
    else:
        matrix = np.hstack([np.asarray(features, dtype=np.float32), extra])
    weight = (
        np.ones(len(y), np.float32)
        if sample_weight is None
        else np.asarray(sample_weight, np.float32)
    )
    coef = np.zeros((3, matrix.shape[1]), dtype=np.float32)
    intercept = np.full(3, -30.0, dtype=np.float32)  # a class never seen stays unlikely
    for cls in sorted(set(y.tolist())):
        # Not balanced: the company's own examples carry its own mix of sentiments,
        # and the label should follow it.
        column, bias = _fit_one(matrix, y == cls, c, weight, balanced=False)
        coef[cls] = column
        intercept[cls] = bias
    return SentimentModel(coef=coef, intercept=intercept, base_scale=base_scale)
