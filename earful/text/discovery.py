"""Discovery: texts that fit no theme, grouped into clusters that are proposed to a CX
lead as new themes, each with a readable label (its key phrases), its members and the
texts that show it best.

Clusters come from k-means on L2-normalised vectors (so Euclidean distance ranks like
cosine), with the number of clusters chosen by silhouette on a sample; the labels from
class-based TF-IDF (c-TF-IDF, with the lift as its rarity term): the word 1–2-grams
frequent in one cluster and rare in the others, stop words of en, fi, sv, de, es and
nl left out. Works with any engine's `vectorise`. Deterministic for a given `seed`.
Trends (which need dates) are the web side's to compute from the members.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from earful.text.cleaning import clean
from earful.text.stopwords import STOP_WORDS

MIN_SIZE = 5
MAX_CLUSTERS = 12
SILHOUETTE_SAMPLE = 2_000  # silhouette is quadratic: score k on at most this many texts
LABEL_PHRASES = 3
EXAMPLES = 3


@dataclass(frozen=True)
class Proposal:
    """One cluster proposed as a theme. `members` index the texts given to discover()."""

    label: str  # its key phrases joined, e.g. "lost luggage / bag / baggage claim"
    key_phrases: tuple[str, ...]
    members: tuple[int, ...]
    examples: tuple[str, ...]  # the most central texts, as given
    cohesion: float  # mean cosine of the members to their centre (0..1): how tight

    @property
    def size(self) -> int:
        return len(self.members)


def discover(
    texts: Sequence[str],
    vectors: npt.NDArray[np.float32],
    *,
    min_size: int = MIN_SIZE,
    max_clusters: int = MAX_CLUSTERS,
    n_clusters: int | None = None,
    seed: int = 0,
) -> list[Proposal]:
    """Cluster `texts` (one row of `vectors` each) and propose every cluster of at least
    `min_size` texts, largest first. `n_clusters` fixes the number of clusters; by
    default it is chosen between 2 and `max_clusters` by silhouette."""
    if len(texts) != len(vectors):
        raise ValueError("discover needs one vector per text")
    matrix = _normalise(np.asarray(vectors, dtype=np.float32))
    usable = np.flatnonzero(np.linalg.norm(matrix, axis=1) > 0)
    if len(usable) < 2 * min_size:
        return []
    assignment = cluster(
        matrix[usable],
        min_size=min_size,
        max_clusters=max_clusters,
        n_clusters=n_clusters,
        seed=seed,
    )
    groups = [usable[assignment == c] for c in range(int(assignment.max()) + 1)]
    groups = [g for g in groups if len(g) >= min_size]
    if not groups:
        return []
    phrases = key_phrases(
        [[texts[int(i)] for i in g] for g in groups], background=[texts[int(i)] for i in usable]
    )
    proposals = []
    for group, found in zip(groups, phrases, strict=True):
        centre = _normalise(matrix[group].mean(axis=0, keepdims=True))[0]
        closeness = matrix[group] @ centre
        central = group[np.argsort(-closeness, kind="stable")]
        examples = _distinct([texts[int(i)] for i in central], EXAMPLES)
        proposals.append(
            Proposal(
                label=" / ".join(found) or examples[0][:60],
                key_phrases=tuple(found),
                members=tuple(int(i) for i in group),
                examples=tuple(examples),
                cohesion=round(float(closeness.mean()), 4),
            )
        )
    proposals.sort(key=lambda p: (-p.size, p.members[0]))
    return proposals


def cluster(
    matrix: npt.NDArray[np.float32],
    *,
    min_size: int = MIN_SIZE,
    max_clusters: int = MAX_CLUSTERS,
    n_clusters: int | None = None,
    seed: int = 0,
) -> npt.NDArray[np.int64]:
    """A cluster number per row. Without `n_clusters`, candidates k from a third of
    `max_clusters` up to it (and no more than the rows allow at `min_size` each) are fit
    on a fixed sample of at most SILHOUETTE_SAMPLE rows and scored by cosine silhouette;
    the best k is then fit on all rows. The search starts above 2 because silhouette
    on sentence vectors nearly always prefers two huge clusters, which tell a CX lead
    nothing; too fine a split costs only a merge."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    # More restarts where they are cheap: small sets are where k-means most often
    # settles in a poor local optimum.
    restarts = 20 if len(matrix) <= 1_000 else 8 if len(matrix) <= 5_000 else 3

    def fit(k: int, rows: npt.NDArray[np.float32], n_init: int) -> npt.NDArray[np.int64]:
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
        return np.asarray(model.fit_predict(rows), dtype=np.int64)

    if n_clusters is not None:
        return fit(max(1, min(n_clusters, len(matrix))), matrix, restarts)
    top = max(2, min(max_clusters, len(matrix) // max(min_size, 1)))
    rng = np.random.default_rng(seed)
    sample = matrix[
        np.sort(rng.choice(len(matrix), SILHOUETTE_SAMPLE, replace=False))
        if len(matrix) > SILHOUETTE_SAMPLE
        else np.arange(len(matrix))
    ]
    best: tuple[float, int] | None = None
    for k in range(max(2, top // 3), top + 1):
        labels = fit(k, sample, min(restarts, 4))
        if len(np.unique(labels)) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if best is None or score > best[0] + 1e-9:
            best = (score, k)
    return fit(best[1], matrix, restarts) if best else np.zeros(len(matrix), np.int64)


# --- labels --------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_HANDLE = re.compile(r"[@#]\w+")


def words(text: str) -> list[str]:
    """Lower-case words of a text, @handles and #tags, links and numbers left out."""
    return [w.lower() for w in _TOKEN.findall(_HANDLE.sub(" ", clean(text)))]


def _ngrams(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams that neither start nor end with a stop word."""
    grams = [t for t in tokens if t not in STOP_WORDS and len(t) > 1]
    grams += [
        f"{a} {b}"
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a not in STOP_WORDS and b not in STOP_WORDS and len(a) > 1 and len(b) > 1
    ]
    return grams


def key_phrases(
    groups: Sequence[Sequence[str]],
    *,
    background: Sequence[str] = (),
    top: int = LABEL_PHRASES,
) -> list[list[str]]:
    """For each group of texts, its `top` most distinctive phrases, class-based: a
    phrase's share p of the group's texts × log(p / q), q its share of all texts (the
    groups and the background). This is c-TF-IDF with the lift as the rarity term, so a
    word common to every cluster ("flight", "love") drops out; among equally distinctive
    phrases (one group, no background) the most frequent wins. A phrase is counted once
    per text, so one repetitive text cannot name a cluster, and must be said by several;
    a unigram already inside a chosen bigram is skipped."""
    per_group = [Counter(g for t in texts for g in set(_ngrams(words(t)))) for texts in groups]
    everywhere: Counter[str] = Counter()
    for counts in per_group:
        everywhere.update(counts)
    grouped = {t for texts in groups for t in texts}
    rest = [t for t in background if t not in grouped]
    everywhere.update(g for t in rest for g in set(_ngrams(words(t))))
    total = sum(len(texts) for texts in groups) + len(rest)
    out = []
    for texts, counts in zip(groups, per_group, strict=True):
        size = max(len(texts), 1)
        floor = max(2, math.ceil(0.05 * len(texts)))  # said by several, not a one-off
        scored = sorted(
            (
                (count / size * (max(math.log(count / size * total / everywhere[g]), 0) + 0.01), g)
                for g, count in counts.items()
                if count >= floor
            ),
            key=lambda item: (-item[0], item[1]),
        )
        chosen: list[str] = []
        for _, gram in scored:
            if any(
                gram in c.split() or c in gram.split() for c in chosen if " " in c or " " in gram
            ):
                continue
            chosen.append(gram)
            if len(chosen) == top:
                break
        out.append(chosen)
    return out


def _distinct(texts: Sequence[str], count: int) -> list[str]:
    seen: set[str] = set()
    out = []
    for text in texts:
        key = " ".join(words(text))
        if key not in seen:
            seen.add(key)
            out.append(text)
        if len(out) == count:
            break
    return out


def _normalise(matrix: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)
