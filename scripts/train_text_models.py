"""Train the models the fast text engine ships (earful/text/models/).

    .venv/bin/python scripts/train_text_models.py [--datasets ../shared/datasets]

Only data whose licence allows shipping what is learnt from it is read:
- womens_clothing_reviews (CC0): 1–3 stars negative (a 3-star review lists what went
  wrong, as complaints do), 4–5 positive, positives subsampled to twice the negatives;
- vader_groundtruth (MIT): tweets, Amazon, movie and NYT snippets, by the raters' mean
  (≤ -0.5 negative, ≥ 0.5 positive, otherwise neutral);
- the VADER lexicon (MIT) from the installed `vaderSentiment` package
  (`pip install vaderSentiment`), written as models/lexicon_en.json.

Writes models/lexicon_en.json and models/sentiment.npz (float16 coefficients of three
one-vs-rest logistic regressions over earful.text.features, and the feature settings'
version so that a changed featuriser is caught at load time). Deterministic.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earful.text import features as feats  # noqa: E402
from earful.text.cleaning import clean  # noqa: E402
from earful.text.lexicon import MODELS, _parsed, load_lexicon  # noqa: E402
from earful.text.sentiment import FEATURE_VERSION, LABELS  # noqa: E402

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def write_vader_lexicon() -> int:
    """Copy VADER's word valences (not its emoticon descriptions) into models/."""
    import vaderSentiment  # type: ignore[import-untyped]

    source = Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"
    lexicon: dict[str, float] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2:
            lexicon[parts[0]] = float(parts[1])
    MODELS.mkdir(exist_ok=True)
    (MODELS / "lexicon_en.json").write_text(
        json.dumps(lexicon, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )
    load_lexicon.cache_clear()
    _parsed.cache_clear()
    return len(lexicon)


def clothing(datasets: Path) -> tuple[list[str], list[int]]:
    path = datasets / "womens_clothing_reviews" / "womens_clothing_ecommerce_reviews.csv.gz"
    texts: list[str] = []
    labels: list[int] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            body = (row.get("Review Text") or "").strip()
            if not body:
                continue
            title = (row.get("Title") or "").strip()
            stars = int(row["Rating"])
            texts.append(f"{title}. {body}" if title else body)
            labels.append(0 if stars <= 3 else 2)
    return texts, labels


def vader(datasets: Path) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for path in sorted((datasets / "vader_groundtruth").glob("*_GroundTruth.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t", 2)
            if len(parts) != 3:
                continue
            mean = float(parts[1])
            texts.append(parts[2])
            labels.append(0 if mean <= -0.5 else 2 if mean >= 0.5 else 1)
    return texts, labels


def balance(
    texts: list[str], labels: list[int], seed: int = 0, cap_ratio: float = 1.5
) -> tuple[list[str], list[int]]:
    """Keep at most cap_ratio × the rarest class's count of each class, at random."""
    rng = np.random.default_rng(seed)
    counts = np.bincount(labels, minlength=3)
    cap = int(counts[counts > 0].min() * cap_ratio)
    keep: list[int] = []
    for label in range(3):
        idx = np.flatnonzero(np.asarray(labels) == label)
        if len(idx) > cap:
            idx = rng.choice(idx, cap, replace=False)
        keep.extend(int(i) for i in idx)
    keep.sort()
    return [texts[i] for i in keep], [labels[i] for i in keep]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--C", type=float, default=1.0)
    args = parser.parse_args(argv)
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    print(f"VADER lexicon: {write_vader_lexicon()} entries")
    c_texts, c_labels = balance(*clothing(args.datasets), cap_ratio=2.0)
    v_texts, v_labels = vader(args.datasets)
    texts = [clean(t) for t in c_texts + v_texts]
    labels = np.asarray(c_labels + v_labels)
    print(f"training on {len(texts)} texts: {np.bincount(labels).tolist()} (neg/neu/pos)")
    matrix = feats.featurise(texts)
    binary = LogisticRegression(
        C=args.C,
        solver="liblinear",
        dual=True,
        class_weight="balanced",
        max_iter=300,
        random_state=0,
    )
    model = OneVsRestClassifier(binary).fit(matrix, labels)
    coef = np.vstack([e.coef_ for e in model.estimators_]).astype(np.float16)
    intercept = np.asarray([e.intercept_[0] for e in model.estimators_], dtype=np.float32)
    np.savez_compressed(
        MODELS / "sentiment.npz",
        coef=coef,
        intercept=intercept,
        labels=np.asarray(LABELS),
        version=np.asarray(FEATURE_VERSION),
    )
    size = (MODELS / "sentiment.npz").stat().st_size
    print(f"wrote {MODELS / 'sentiment.npz'} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
