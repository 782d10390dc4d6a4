"""How well does the text engine read feedback? Sentiment, themes and speed, measured
through the public interface on the real labelled datasets in ../shared/datasets/.

    .venv/bin/python bench/text_eval.py [--json] [--datasets PATH] [--engine fast|embedding|all]

Every figure comes from `engine.prepare(Taxonomy(themes, examples)).analyse(texts)`,
as the product calls it, so it describes the product, not a side model:

- airline_sentiment_zero_shot_{accuracy,macro_f1}: all 14,640 airline tweets, an empty
  taxonomy: no airline data trains or tunes anything;
- airline_sentiment_supervised_accuracy: 5-fold cross-validation, the training folds'
  tweets given as examples with their sentiment;
- airline_reason_macro_f1: the ten negative reasons as themes (named as in the data),
  5-fold cross-validation over the negative tweets, the most confident theme counted;
- airline_reason_fewshot_macro_f1: 10 examples per reason, tested on all the others,
  mean over three seeds;
- semeval2014_category_{f1,polarity_accuracy}: trained on the official train split,
  scored on the gold test (micro-F1 over sentence × category; polarity over the 1,025
  gold categories, 4-way: "conflict" is never predicted, so always counts wrong; a
  gold category the engine missed is given the text's overall sentiment);
- semeval2016_nl_category_f1 (and _en_): 5-fold cross-validation grouped by review on
  the training data (out-of-scope sentences left out, as in the official scoring);
- semeval2016_{nl,en}_sentiment_zero_shot_accuracy: the sentences whose opinions all
  share one polarity, an empty taxonomy (how well sentiment carries to Dutch);
- texts_per_second: `analyse` of all airline tweets with the ten-reason taxonomy
  prepared (language, sentiment, themes with their sentiment, opportunities, names),
  one process, on this machine's cores (2 here, shared: figures are noisy).

Headline keys are the default engine's (embedding); each engine's are also given as
`<engine>_<key>`. The embedding engine is evaluated when `earful.text.embedding`
imports. With --json the last line printed is one JSON object. If the datasets are
absent it prints {"skipped": true, "reason": …} and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from earful.text import Example, Taxonomy, Theme, get_engine  # noqa: E402
from earful.text.types import SENTIMENTS, Engine  # noqa: E402

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
DEFAULT_ENGINE = "embedding"  # settings.TEXT_ENGINE's default
FOLDS = 5
FEWSHOT_SEEDS = (0, 1, 2)
FEWSHOT_PER_THEME = 10


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- metrics -------------------------------------------------------------------------


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    return float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)]))


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def micro_f1(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_predicted = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    return 2 * tp / (n_predicted + n_gold) if tp else 0.0


def stratified_folds(labels: Sequence[str], folds: int, seed: int = 0) -> list[int]:
    """A fold number per row, each label spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    fold_of = [0] * len(labels)
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    for rows in by_label.values():
        order = rng.permutation(len(rows))
        for rank, j in enumerate(order):
            fold_of[rows[j]] = rank % folds
    return fold_of


def group_folds(groups: Sequence[str], folds: int, seed: int = 0) -> list[int]:
    """A fold number per row, whole groups (reviews) kept in one fold."""
    rng = np.random.default_rng(seed)
    unique = sorted(set(groups))
    order = rng.permutation(len(unique))
    fold_of_group = {unique[j]: rank % folds for rank, j in enumerate(order)}
    return [fold_of_group[g] for g in groups]


# --- datasets ------------------------------------------------------------------------


def read_airline(datasets: Path) -> list[dict[str, str]]:
    with (datasets / "airline_tweets" / "Tweets.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_semeval2014(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(text, {category: polarity}) per sentence."""
    out = []
    # The file is the organisers' published gold data, read from our own disk.
    for sentence in ET.parse(path).getroot().iter("sentence"):  # noqa: S314
        text = sentence.findtext("text") or ""
        categories = {
            c.get("category", ""): c.get("polarity", "") for c in sentence.iter("aspectCategory")
        }
        out.append((text, categories))
    return out


def read_semeval2016(path: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(review id, text, {category: polarity}) per in-scope sentence; a category with
    mixed polarities in one sentence is marked "conflict"."""
    sentences: dict[str, tuple[str, str, dict[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("out_of_scope") == "1":
                continue
            key = row["sentence_id"]
            if key not in sentences:
                sentences[key] = (row["review_id"], row["text"], {})
            category = row.get("category") or ""
            if category:
                known = sentences[key][2].get(category)
                polarity = row.get("polarity") or ""
                sentences[key][2][category] = polarity if known in (None, polarity) else "conflict"
    return list(sentences.values())


def overall_sentiment(polarities: Sequence[str]) -> str | None:
    """The sentence's sentiment when all its opinions agree, else None."""
    unique = set(polarities)
    if len(unique) == 1:
        (only,) = unique
        return only if only in SENTIMENTS else None
    return None


def readable(category: str) -> str:
    return category.replace("#", " ").replace("_", " ").replace("/", " and ").lower()


# --- tasks ---------------------------------------------------------------------------


def airline_zero_shot(engine: Engine, rows: list[dict[str, str]]) -> dict[str, float]:
    texts = [r["text"] for r in rows]
    gold = [r["airline_sentiment"] for r in rows]
    started = time.perf_counter()
    analyses = engine.prepare(Taxonomy()).analyse(texts)
    seconds = time.perf_counter() - started
    predicted = [a.sentiment for a in analyses]
    return {
        "airline_sentiment_zero_shot_accuracy": accuracy(gold, predicted),
        "airline_sentiment_zero_shot_macro_f1": macro_f1(gold, predicted, SENTIMENTS),
        "texts_per_second_sentiment_only": len(texts) / seconds,
    }


def airline_supervised(engine: Engine, rows: list[dict[str, str]]) -> dict[str, float]:
    texts = [r["text"] for r in rows]
    gold = [r["airline_sentiment"] for r in rows]
    fold_of = stratified_folds(gold, FOLDS)
    predicted = [""] * len(rows)
    for fold in range(FOLDS):
        train = [i for i in range(len(rows)) if fold_of[i] != fold]
        test = [i for i in range(len(rows)) if fold_of[i] == fold]
        examples = tuple(Example(texts[i], sentiment=gold[i]) for i in train)  # type: ignore[arg-type]
        analyser = engine.prepare(Taxonomy(examples=examples))
        for i, analysis in zip(test, analyser.analyse([texts[i] for i in test]), strict=True):
            predicted[i] = analysis.sentiment
        fold_accuracy = accuracy([gold[i] for i in test], [predicted[i] for i in test])
        log(f"  supervised fold {fold}: {fold_accuracy:.3f}")
    return {
        "airline_sentiment_supervised_accuracy": accuracy(gold, predicted),
        "airline_sentiment_supervised_macro_f1": macro_f1(gold, predicted, SENTIMENTS),
    }


def reason_themes(reasons: Sequence[str]) -> tuple[Theme, ...]:
    names = {"longlines": "Long lines", "Can't Tell": "Can't tell"}
    return tuple(Theme(key=r, name=names.get(r, r)) for r in reasons)


def top_theme(analysis: Any) -> str:
    return str(analysis.themes[0].key) if analysis.themes else ""


def airline_reasons(
    engine: Engine, rows: list[dict[str, str]]
) -> tuple[dict[str, float], Taxonomy]:
    negatives = [r for r in rows if r["airline_sentiment"] == "negative" and r["negativereason"]]
    texts = [r["text"] for r in negatives]
    gold = [r["negativereason"] for r in negatives]
    reasons = sorted(set(gold))
    themes = reason_themes(reasons)
    fold_of = stratified_folds(gold, FOLDS)
    predicted = [""] * len(texts)
    for fold in range(FOLDS):
        train = [i for i in range(len(texts)) if fold_of[i] != fold]
        test = [i for i in range(len(texts)) if fold_of[i] == fold]
        examples = tuple(Example(texts[i], themes=frozenset({gold[i]})) for i in train)
        analyser = engine.prepare(Taxonomy(themes=themes, examples=examples))
        for i, analysis in zip(test, analyser.analyse([texts[i] for i in test]), strict=True):
            predicted[i] = top_theme(analysis)
        log(f"  reasons fold {fold} done")
    result = {
        "airline_reason_macro_f1": macro_f1(gold, predicted, reasons),
        "airline_reason_accuracy": accuracy(gold, predicted),
    }
    fewshot = []
    for seed in FEWSHOT_SEEDS:
        rng = np.random.default_rng(seed)
        chosen: set[int] = set()
        for reason in reasons:
            rows_of = [i for i, g in enumerate(gold) if g == reason]
            chosen.update(int(i) for i in rng.choice(rows_of, FEWSHOT_PER_THEME, replace=False))
        examples = tuple(Example(texts[i], themes=frozenset({gold[i]})) for i in sorted(chosen))
        analyser = engine.prepare(Taxonomy(themes=themes, examples=examples))
        rest = [i for i in range(len(texts)) if i not in chosen]
        got = [top_theme(a) for a in analyser.analyse([texts[i] for i in rest])]
        fewshot.append(macro_f1([gold[i] for i in rest], got, reasons))
    result["airline_reason_fewshot_macro_f1"] = float(np.mean(fewshot))
    # The taxonomy the speed is measured with: ten themes, 10 examples each.
    return result, Taxonomy(themes=themes, examples=examples)


def speed(engine: Engine, rows: list[dict[str, str]], taxonomy: Taxonomy) -> dict[str, float]:
    texts = [r["text"] for r in rows]
    analyser = engine.prepare(taxonomy)
    analyser.analyse(texts[:200])  # warm: models loaded, caches filled
    started = time.perf_counter()
    analyser.analyse(texts)
    return {"texts_per_second": len(texts) / (time.perf_counter() - started)}


def theme_examples(
    sentences: Sequence[tuple[str, dict[str, str]]],
) -> tuple[Example, ...]:
    out = []
    for text, categories in sentences:
        sentiment = overall_sentiment(list(categories.values()))
        out.append(Example(text, themes=frozenset(categories), sentiment=sentiment))  # type: ignore[arg-type]
    return tuple(out)


def score_categories(
    analyses: Sequence[Any], gold: Sequence[dict[str, str]]
) -> tuple[float, float]:
    """(micro-F1 of categories, accuracy of the gold categories' polarity)."""
    predicted_sets = [frozenset(m.key for m in a.themes) for a in analyses]
    f1 = micro_f1([frozenset(g) for g in gold], predicted_sets)
    right = total = 0
    for analysis, categories in zip(analyses, gold, strict=True):
        by_key = {m.key: m.sentiment for m in analysis.themes}
        for category, polarity in categories.items():
            total += 1
            right += by_key.get(category, analysis.sentiment) == polarity
    return f1, right / max(total, 1)


def semeval2014(engine: Engine, datasets: Path) -> dict[str, float]:
    folder = datasets / "semeval2014_restaurants"
    train = read_semeval2014(folder / "Restaurants_Train_v2.xml")
    test = read_semeval2014(folder / "Restaurants_Test_Gold.xml")
    categories = sorted({c for _, cats in train for c in cats})
    themes = tuple(Theme(key=c, name=readable(c)) for c in categories)
    analyser = engine.prepare(Taxonomy(themes=themes, examples=theme_examples(train)))
    analyses = analyser.analyse([t for t, _ in test])
    f1, polarity = score_categories(analyses, [c for _, c in test])
    return {"semeval2014_category_f1": f1, "semeval2014_category_polarity_accuracy": polarity}


def semeval2016(engine: Engine, datasets: Path, language: str) -> dict[str, float]:
    folder, name = {
        "nl": ("semeval2016_restaurants_nl", "restaurants_nl_train_opinions.csv"),
        "en": ("semeval2016_restaurants_en", "restaurants_en_train_opinions.csv"),
    }[language]
    sentences = read_semeval2016(datasets / folder / name)
    categories = sorted({c for _, _, cats in sentences for c in cats})
    themes = tuple(Theme(key=c, name=readable(c)) for c in categories)
    fold_of = group_folds([review for review, _, _ in sentences], FOLDS)
    analyses: list[Any] = [None] * len(sentences)
    for fold in range(FOLDS):
        train = [(t, c) for (_, t, c), f in zip(sentences, fold_of, strict=True) if f != fold]
        test = [i for i, f in enumerate(fold_of) if f == fold]
        analyser = engine.prepare(Taxonomy(themes=themes, examples=theme_examples(train)))
        for i, analysis in zip(
            test, analyser.analyse([sentences[i][1] for i in test]), strict=True
        ):
            analyses[i] = analysis
    f1, polarity = score_categories(analyses, [c for _, _, c in sentences])
    # Zero-shot sentence sentiment where all opinions agree.
    agreed: list[tuple[str, str]] = []
    for _, text, opinions in sentences:
        sentiment = overall_sentiment(list(opinions.values())) if opinions else None
        if sentiment:
            agreed.append((text, sentiment))
    zero = engine.prepare(Taxonomy()).analyse([t for t, _ in agreed])
    prefix = f"semeval2016_{language}"
    return {
        f"{prefix}_category_f1": f1,
        f"{prefix}_category_polarity_accuracy": polarity,
        f"{prefix}_sentiment_zero_shot_accuracy": accuracy(
            [s for _, s in agreed], [a.sentiment for a in zero]
        ),
    }


def evaluate(engine_name: str, datasets: Path) -> dict[str, float]:
    engine = get_engine(engine_name)
    rows = read_airline(datasets)
    steps: list[tuple[str, Callable[[], dict[str, float]]]] = [
        ("airline zero-shot", lambda: airline_zero_shot(engine, rows)),
        ("airline supervised", lambda: airline_supervised(engine, rows)),
        ("semeval2014", lambda: semeval2014(engine, datasets)),
        ("semeval2016 nl", lambda: semeval2016(engine, datasets, "nl")),
        ("semeval2016 en", lambda: semeval2016(engine, datasets, "en")),
    ]
    result: dict[str, float] = {}
    started = time.perf_counter()
    reasons, taxonomy = airline_reasons(engine, rows)
    result.update(reasons)
    log(f"[{engine_name}] airline reasons: {time.perf_counter() - started:.0f} s")
    result.update(speed(engine, rows, taxonomy))
    for name, step in steps:
        started = time.perf_counter()
        result.update(step())
        log(f"[{engine_name}] {name}: {time.perf_counter() - started:.0f} s")
    return result


def available_engines(requested: str) -> list[str]:
    if requested != "all":
        return [requested]
    engines = ["fast"]
    try:
        import earful.text.embedding  # noqa: F401
    except Exception as error:  # noqa: BLE001 - any failure means "not available here"
        log(f"embedding engine not evaluated: {error}")
    else:
        engines.append("embedding")
    return engines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    parser.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    parser.add_argument("--engine", choices=("fast", "embedding", "all"), default="all")
    args = parser.parse_args(argv)
    needed = ("airline_tweets", "semeval2014_restaurants", "semeval2016_restaurants_nl")
    missing = [n for n in needed if not (args.datasets / n).is_dir()]
    if missing:
        print(json.dumps({"skipped": True, "reason": f"datasets absent: {', '.join(missing)}",
                          "datasets": str(args.datasets)}))  # fmt: skip
        return 0
    out: dict[str, Any] = {"cpu_count": os.cpu_count(), "datasets": str(args.datasets)}
    started = time.perf_counter()
    engines = available_engines(args.engine)
    for name in engines:
        for key, value in evaluate(name, args.datasets).items():
            out[f"{name}_{key}"] = round(value, 4)
    headline = DEFAULT_ENGINE if DEFAULT_ENGINE in engines else engines[0]
    for key in [k for k in out if k.startswith(f"{headline}_")]:
        out[key.removeprefix(f"{headline}_")] = out[key]
    out["engines"] = engines
    out["headline_engine"] = headline
    out["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(out, sort_keys=True))
    else:
        for key, value in sorted(out.items()):
            print(f"{key:55} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
