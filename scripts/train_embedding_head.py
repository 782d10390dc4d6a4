"""Train the embedding engine's sentiment head: a 3-class logistic regression on the
sentence vectors of an embedding model, written as a small .npz the engine loads.

Trained ONLY on data whose licence allows shipping what is learnt from it:
  - two of the VADER ground-truth corpora (MIT, Hutto & Gilbert 2014): tweets and
    Amazon review snippets, each rated -4..4 by 20+ people; a mean above +THRESHOLD is
    positive, below -THRESHOLD negative, else neutral. (The movie-review and NYT
    editorial snippets are left out: prose about films and politics, not feedback; with
    them the head did worse on SemEval-2016 restaurant sentences.)
  - the Women's E-Commerce Clothing Reviews (CC0): the review titles ("Love it!",
    "Runs small, returned"), 1–2 stars negative, 3 neutral, 4–5 positive. Titles are
    short like most feedback, and cheap to embed; the review bodies add little.
The texts themselves are not shipped: only the head's 3 × dimension coefficients.

    .venv/bin/python scripts/train_embedding_head.py [--datasets ../shared/datasets]
        [--model FOLDER] [--out FILE] [--cache DIR]

Without --model it trains for the shipped all-MiniLM-L6-v2 and writes
earful/text/models/embedding/sentiment_head.npz; with --model it writes
FOLDER/sentiment_head.npz, which the engine prefers for that model.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from earful.text.cleaning import clean  # noqa: E402
from earful.text.embedding import HEAD_FILE, SHIPPED_HEAD  # noqa: E402
from earful.text.onnx_encoder import OnnxEncoder, load_encoder  # noqa: E402
from earful.text.types import SENTIMENTS  # noqa: E402

VADER_FILES = ("tweets", "amazonReviewSnippets")
THRESHOLD = 0.5  # |mean rating| on VADER's -4..4 scale below which a text is neutral
C = 1.0


def vader(datasets: Path) -> list[tuple[str, list[str], list[str]]]:
    out = []
    for name in VADER_FILES:
        texts, labels = [], []
        path = datasets / "vader_groundtruth" / f"{name}_GroundTruth.txt"
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            score = float(parts[1])
            texts.append("\t".join(parts[2:]))
            labels.append(
                "positive" if score > THRESHOLD else "negative" if score < -THRESHOLD else "neutral"
            )
        out.append((f"vader_{name}", texts, labels))
    return out


def clothing(datasets: Path) -> list[tuple[str, list[str], list[str]]]:
    path = datasets / "womens_clothing_reviews" / "womens_clothing_ecommerce_reviews.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Review Text"].strip()]

    def label(row: dict[str, str]) -> str:
        stars = int(row["Rating"])
        return "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"

    titled = [r for r in rows if r["Title"].strip()]
    return [("clothing_title", [r["Title"] for r in titled], [label(r) for r in titled])]


def embed(
    encoder: OnnxEncoder, name: str, texts: list[str], cache: Path | None
) -> npt.NDArray[np.float32]:
    """The texts' vectors, from `cache` when it holds this corpus for this model."""
    path = cache / f"{name}.npz" if cache else None
    if path is not None and path.exists():
        with np.load(path, allow_pickle=True) as data:
            same = (
                str(data.get("fingerprint", encoder.files.fingerprint)) == encoder.files.fingerprint
            )
            if same and len(data["texts"]) == len(texts) and list(data["texts"]) == texts:
                return np.asarray(data["vectors"], dtype=np.float32)
    started = time.perf_counter()
    vectors = encoder.encode([clean(t) for t in texts])
    print(f"  {name}: {len(texts)} texts, {len(texts) / (time.perf_counter() - started):.0f}/s")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            vectors=vectors,
            texts=np.array(texts, dtype=object),
            fingerprint=encoder.files.fingerprint,
        )
    return vectors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--model", help="model folder (default: the shipped MiniLM)")
    parser.add_argument("--out", type=Path, help="where to write the head")
    parser.add_argument("--cache", type=Path, help="folder to keep the corpora's vectors in")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression

    encoder = load_encoder(args.model)
    out = args.out or (Path(args.model) / HEAD_FILE if args.model else SHIPPED_HEAD)
    corpora = vader(args.datasets) + clothing(args.datasets)
    matrices, labels, counts = [], [], {}
    for name, texts, corpus_labels in corpora:
        matrices.append(embed(encoder, name, texts, args.cache))
        labels.extend(corpus_labels)
        counts[name] = len(texts)
    matrix = np.vstack(matrices)
    # Balanced classes: the head must not learn any one corpus's mix of moods.
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    model.fit(matrix, np.asarray(labels))
    order = [list(model.classes_).index(label) for label in SENTIMENTS]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        weights=model.coef_[order].astype(np.float32),
        bias=model.intercept_[order].astype(np.float32),
        classes=np.array(SENTIMENTS),
        fingerprint=np.array(encoder.files.fingerprint),
        provenance=np.array(
            json.dumps(
                {
                    "script": "scripts/train_embedding_head.py",
                    "data": {
                        "vader_groundtruth (MIT)": [n for n in counts if n.startswith("vader")],
                        "womens_clothing_reviews (CC0)": ["clothing_title"],
                    },
                    "texts": counts,
                    "vader_neutral_threshold": THRESHOLD,
                    "C": C,
                }
            )
        ),
    )
    print(f"wrote {out} ({sum(counts.values())} training texts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
