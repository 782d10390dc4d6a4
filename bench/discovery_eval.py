"""How well does discovery recover real topics? Clusters of an engine's vectors scored
against gold partitions with adjusted Rand index (ARI) and normalised mutual
information (NMI):

  - airline: the negative tweets of ../shared/datasets/airline_tweets against their
    `negativereason` (10 reasons);
  - clothing: ../shared/datasets/womens_clothing_reviews against `Department Name` (6).

    .venv/bin/python bench/discovery_eval.py [--engine embedding|fast|all]
        [--datasets PATH] [--limit 3000] [--json]

Each dataset is sampled (`--limit` texts, fixed seed) to keep the run to minutes on 2
cores. Two runs per dataset: with the gold number of clusters ("_k") and with the number
discover() chooses itself ("_auto"). Skips cleanly, with {"skipped": "..."}, when the
datasets are absent. With --json the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from earful.text import get_engine  # noqa: E402
from earful.text.discovery import discover  # noqa: E402

SEED = 0


def airline(datasets: Path) -> tuple[list[str], list[str]]:
    path = datasets / "airline_tweets" / "Tweets.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["airline_sentiment"] == "negative"]
    return [r["text"] for r in rows], [r["negativereason"] for r in rows]


def clothing(datasets: Path) -> tuple[list[str], list[str]]:
    path = datasets / "womens_clothing_reviews" / "womens_clothing_ecommerce_reviews.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["Review Text"].strip() and r["Department Name"]
        ]
    return [r["Review Text"] for r in rows], [r["Department Name"] for r in rows]


def sample(texts: list[str], gold: list[str], limit: int) -> tuple[list[str], list[str]]:
    if len(texts) <= limit:
        return texts, gold
    picked = np.sort(np.random.default_rng(SEED).choice(len(texts), limit, replace=False))
    return [texts[i] for i in picked], [gold[i] for i in picked]


def score(gold: list[str], proposals: list[Any], size: int) -> dict[str, float]:
    """Texts in no proposal form one extra cluster (label -1)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    assigned = np.full(size, -1)
    for number, proposal in enumerate(proposals):
        assigned[list(proposal.members)] = number
    return {
        "ari": round(float(adjusted_rand_score(gold, assigned)), 4),
        "nmi": round(float(normalized_mutual_info_score(gold, assigned)), 4),
        "clusters": len(proposals),
    }


def evaluate(engine_name: str, datasets: Path, limit: int) -> dict[str, Any]:
    engine = get_engine(engine_name)
    out: dict[str, Any] = {}
    for name, loader in (("airline_reason", airline), ("clothing_department", clothing)):
        texts, gold = sample(*loader(datasets), limit)
        started = time.perf_counter()
        vectors = engine.vectorise(texts)
        out[f"{name}_vectorise_seconds"] = round(time.perf_counter() - started, 2)
        k = len(set(gold))
        for mode, options in (("k", {"n_clusters": k}), ("auto", {"max_clusters": 2 * k})):
            started = time.perf_counter()
            proposals = discover(texts, vectors, min_size=10, seed=SEED, **options)
            result = score(gold, proposals, len(texts))
            out[f"{name}_{mode}_ari"] = result["ari"]
            out[f"{name}_{mode}_nmi"] = result["nmi"]
            out[f"{name}_{mode}_clusters"] = result["clusters"]
            out[f"{name}_{mode}_seconds"] = round(time.perf_counter() - started, 2)
            if mode == "k":
                out[f"{name}_labels"] = [p.label for p in proposals]
        out[f"{name}_texts"] = len(texts)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", default="embedding", choices=["embedding", "fast", "all"])
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    needed = [
        args.datasets / "airline_tweets" / "Tweets.csv",
        args.datasets / "womens_clothing_reviews" / "womens_clothing_ecommerce_reviews.csv.gz",
    ]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        result: dict[str, Any] = {"skipped": f"datasets absent: {', '.join(missing)}"}
    else:
        engines = ["embedding", "fast"] if args.engine == "all" else [args.engine]
        result = {"limit": args.limit, "seed": SEED}
        for name in engines:
            for key, value in evaluate(name, args.datasets, args.limit).items():
                result[f"{name}_{key}"] = value
            if not args.json:
                print(f"{name}: done", flush=True)
    if not args.json:
        for key, value in result.items():
            print(f"{key}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
