"""The fast engine: nothing to download, thousands of texts a second on one core.

Language by py3langid; sentiment by the shipped linear model plus lexicon rules
(earful.text.sentiment), corrected by the taxonomy's labelled examples when it has
some; themes learnt from the taxonomy (earful.text.learning) over hashed word and
character n-grams; opportunities and names by rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from earful.text.cleaning import clean, has_letters, split_clauses, split_sentences
from earful.text.features import (
    CHAR_WEIGHT,
    LEXICON_WEIGHT,
    N_FEATURES,
    TOPIC_FEATURES,
    WORD_FEATURES,
    combine,
    featurise,
    lexicon_matrix,
    raw_counts,
    sketch,
)
from earful.text.language import detect_languages
from earful.text.learning import (
    SentimentModel,
    ThemeModel,
    fit_sentiment,
    fit_themes,
    score_label,
    sentiment_index,
)
from earful.text.lexicon import LEXICON_FEATURES
from earful.text.names import find_names
from earful.text.opportunities import find_opportunities
from earful.text.sentiment import LinearSentiment, bend_logits, load_shipped, softmax
from earful.text.stopwords import STOP_WORDS
from earful.text.types import SENTIMENTS, Analysis, Example, Sentiment, Taxonomy, ThemeMatch

# A text's clauses, their theme probabilities and their sentiment probabilities.
Clauses = tuple[list[str], npt.NDArray[np.float32], npt.NDArray[np.float32]]
MAX_CLAUSES = 40  # of a long text, the clauses read for themes and their sentiment
# Characters against words for themes (1.2; the sentiment model uses 0.8). Chosen
# among 0.4–2.4 on SemEval-2014 and airline reasons fold 0; see docs/text.md.
THEME_CHAR_WEIGHT = 1.2
# A clause's theme probability counts this much against the whole text's: with 1.0
# SemEval-2014 F1 fell 0.835 → 0.826, with 0.85 to 0.832, and long multi-topic texts
# still get all their themes.
CLAUSE_WEIGHT = 0.85
# Characters against words when a sentiment correction is learnt (1.6); chosen among
# 0.8–3.2 on airline supervised fold 0, see docs/text.md.
CORRECTION_CHAR_WEIGHT = 1.6
# Regularisation of the theme models, chosen per taxonomy by cross-validation on its
# examples (16 was the fixed value before; 1 suits many noisy examples, as for the
# airline reasons).
THEME_C_GRID = (1.0, 4.0, 16.0)
WEAK_LABEL_WEIGHT = 0.3  # a recommend score says less about the words than a correction
SCORE_PRIOR_WEIGHT = 0.5  # how far the response's own score moves its sentiment
_SCORE_PRIOR = np.log(
    np.asarray([[0.6, 0.25, 0.15], [0.25, 0.5, 0.25], [0.1, 0.25, 0.65]], dtype=np.float32)
)


def theme_documents(taxonomy: Taxonomy) -> tuple[list[str], list[frozenset[str]]]:
    """The taxonomy's own words as labelled documents: each theme's name with its
    description, and each example phrase."""
    texts: list[str] = []
    labels: list[frozenset[str]] = []
    parents = _ancestors(taxonomy)
    for theme in taxonomy.themes:
        label = frozenset({theme.key}) | parents.get(theme.key, frozenset())
        head = f"{theme.name}. {theme.description}".strip(" .")
        if head:
            texts.append(clean(head))
            labels.append(label)
        for phrase in theme.examples:
            if phrase.strip():
                texts.append(clean(phrase))
                labels.append(label)
    return texts, labels


def _ancestors(taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    """Each theme's parent, grandparent, …: a text about a child theme is about them."""
    parent = {t.key: t.parent for t in taxonomy.themes}
    out: dict[str, frozenset[str]] = {}
    for key in parent:
        seen: set[str] = set()
        up = parent.get(key)
        while up and up not in seen and up != key:
            seen.add(up)
            up = parent.get(up)
        out[key] = frozenset(seen)
    return out


def _label_closure(themes: frozenset[str], parents: dict[str, frozenset[str]]) -> frozenset[str]:
    closed = set(themes)
    for key in themes:
        closed |= parents.get(key, frozenset())
    return frozenset(closed)


def _option(taxonomy: Taxonomy, name: str) -> bool | None:
    value = taxonomy.extra.get(name)
    if value is None:
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class FastAnalyser:
    """The fast engine prepared for one taxonomy."""

    taxonomy: Taxonomy
    shipped: LinearSentiment
    themes: ThemeModel
    sentiment: SentimentModel | None

    def _sentiment_proba(
        self,
        features: sp.csr_matrix,
        lexicon: npt.NDArray[np.float32],
        languages: Sequence[str],
    ) -> npt.NDArray[np.float32]:
        base = bend_logits(self.shipped.logits(features), lexicon, foreign_mask(languages))
        if self.sentiment is None:
            return softmax(base)
        return softmax(self.sentiment.logits(correction_features(features), base))

    def analyse(
        self, texts: Sequence[str], scores: Sequence[int | None] | None = None
    ) -> list[Analysis]:
        if not texts:
            return []
        cleaned = [clean(t) for t in texts]
        languages = detect_languages(cleaned)
        lexicon = lexicon_matrix(cleaned, languages)
        if self.themes.keys:
            features, clauses = self._read_clauses(cleaned, languages, lexicon)
        else:
            features, clauses = featurise(cleaned, lexicon), {}
        proba = self._sentiment_proba(features, lexicon, languages)
        if self.taxonomy.use_scores and scores is not None:
            proba = _with_scores(proba, scores)
        theme_proba = self.themes.proba(topical(features))
        if self.themes.multi_label:
            for i, (_, clause_themes, _) in clauses.items():
                # A theme a clause carries clearly is the text's too, however long the
                # rest (discounted: a clause alone is a weaker witness than the text).
                clause_best = CLAUSE_WEIGHT * clause_themes.max(axis=0)
                theme_proba[i] = np.maximum(theme_proba[i], clause_best)
        decided = self.themes.decide(theme_proba)
        results: list[Analysis] = []
        for i, text in enumerate(cleaned):
            if not has_letters(text) and not lexicon[i, 1] and not lexicon[i, 2]:
                results.append(Analysis(language=languages[i], sentiment="neutral",
                                        sentiment_score=0.0))  # fmt: skip
                continue
            label = SENTIMENTS[int(proba[i].argmax())]
            score = float(np.clip(proba[i, 2] - proba[i, 0], -1.0, 1.0))
            results.append(
                Analysis(
                    language=languages[i],
                    sentiment=label,
                    sentiment_score=round(score, 4),
                    themes=self._theme_matches(decided[i], clauses.get(i), label, score),
                    opportunities=find_opportunities(text, languages[i]),
                    names=find_names(text, languages[i]),
                )
            )
        return results

    def _read_clauses(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        lexicon: npt.NDArray[np.float32],
    ) -> tuple[sp.csr_matrix, dict[int, Clauses]]:
        """The texts' features, and for each text of two or more clauses (by index)
        its clauses (the first MAX_CLAUSES) with their theme and sentiment
        probabilities. Each clause is hashed once: a text's counts are its clauses'."""
        owners: list[int] = []
        pieces: list[str] = []
        for i, text in enumerate(texts):
            parts = [c for s in split_sentences(text) for c in split_clauses(s)][:MAX_CLAUSES]
            parts = parts if len(parts) >= 2 else [text]
            owners.extend([i] * len(parts))
            pieces.extend(parts)
        owner = np.asarray(owners, dtype=np.int64)
        words, chars = raw_counts(pieces)
        summing = sp.csr_matrix(
            (np.ones(len(pieces), dtype=np.float32), (owner, np.arange(len(pieces)))),
            shape=(len(texts), len(pieces)),
        )
        features = combine(summing @ words, summing @ chars, lexicon)
        counts = np.bincount(owner, minlength=len(texts))
        rows = np.flatnonzero(counts[owner] >= 2)
        if not len(rows):
            return features, {}
        clause_texts = [pieces[r] for r in rows]
        clause_languages = [languages[owners[r]] for r in rows]
        clause_lexicon = lexicon_matrix(clause_texts, clause_languages)
        clause_features = combine(words[rows], chars[rows], clause_lexicon)
        sentiment = self._sentiment_proba(clause_features, clause_lexicon, clause_languages)
        themes = self.themes.proba(topical(clause_features))
        out: dict[int, Clauses] = {}
        clause_owner = owner[rows]
        for i in np.unique(clause_owner):
            mine = _rows_of(clause_owner, int(i))  # owners are in order
            out[int(i)] = ([clause_texts[r] for r in mine], themes[mine], sentiment[mine])
        return features, out

    def _theme_matches(
        self,
        chosen: list[tuple[str, float]],
        clauses: Clauses | None,
        label: Sentiment,
        score: float,
    ) -> tuple[ThemeMatch, ...]:
        """Each chosen theme with the sentiment of the clauses that carry it; a text of
        one clause gives its themes its own sentiment."""
        if clauses is None:
            return tuple(ThemeMatch(k, round(c, 4), label, round(score, 4)) for k, c in chosen)
        _, carried, proba = clauses
        index = {k: j for j, k in enumerate(self.themes.keys)}
        matches: list[ThemeMatch] = []
        for key, confidence in chosen:
            column = carried[:, index[key]]
            weights = np.where(column >= 0.6 * column.max(), column, 0.0)
            mix = (weights[:, None] * proba).sum(axis=0) / max(float(weights.sum()), 1e-6)
            theme_score = float(np.clip(mix[2] - mix[0], -1.0, 1.0))
            matches.append(
                ThemeMatch(
                    key, round(confidence, 4), SENTIMENTS[int(mix.argmax())], round(theme_score, 4)
                )  # fmt: skip
            )
        return tuple(matches)


def _rows_of(owner: npt.NDArray[np.int_], i: int) -> npt.NDArray[np.intp]:
    start = int(np.searchsorted(owner, i, side="left"))
    end = int(np.searchsorted(owner, i, side="right"))
    return np.arange(start, end)


def foreign_mask(languages: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Rows in a language the shipped sentiment model was not trained on."""
    return np.asarray([lang not in ("en", "und") for lang in languages], dtype=bool)


def topical(features: sp.csr_matrix) -> sp.csr_matrix:
    """The word and character columns only: what a text is about, not how it feels
    (with the lexicon columns a few negative examples made every complaint "delivery"),
    the character n-grams weighing THEME_CHAR_WEIGHT against the words."""
    return features[:, :TOPIC_FEATURES] @ _theme_scaling()


def correction_features(features: sp.csr_matrix) -> sp.csr_matrix:
    """The columns a sentiment correction learns from, weighted."""
    return features @ _correction_scaling()


@lru_cache(maxsize=1)
def _correction_scaling() -> sp.dia_matrix:
    """Column weights of the features a sentiment correction learns from: characters
    weigh as for themes (the company's own words matter more than the lexicon's)."""
    scale = np.ones(N_FEATURES, dtype=np.float32)
    scale[WORD_FEATURES:TOPIC_FEATURES] = CORRECTION_CHAR_WEIGHT / CHAR_WEIGHT
    return sp.diags(scale, format="csr")


@lru_cache(maxsize=1)
def _theme_scaling() -> sp.dia_matrix:
    scale = np.ones(TOPIC_FEATURES, dtype=np.float32)
    scale[WORD_FEATURES:] = THEME_CHAR_WEIGHT / CHAR_WEIGHT
    return sp.diags(scale, format="csr")


def _featurise(texts: list[str]) -> sp.csr_matrix | None:
    if not texts:
        return None
    return featurise(texts, lexicon_matrix(texts, detect_languages(texts)))


def _with_scores(
    proba: npt.NDArray[np.float32], scores: Sequence[int | None]
) -> npt.NDArray[np.float32]:
    logp = np.log(np.clip(proba, 1e-6, 1.0))
    for i, score in enumerate(scores):
        if score is not None and 0 <= score <= 10:
            logp[i] += SCORE_PRIOR_WEIGHT * _SCORE_PRIOR[score_label(score)]
    return softmax(logp)


class FastEngine:
    """Rules, lexicons and linear models that ship with the package."""

    name = "fast"

    def prepare(self, taxonomy: Taxonomy) -> FastAnalyser:
        shipped = load_shipped()
        parents = _ancestors(taxonomy)
        keys = [t.key for t in taxonomy.themes]
        prior_texts, prior_labels = theme_documents(taxonomy)
        known = set(keys)
        themed = [e for e in taxonomy.examples if e.text.strip()]
        example_texts = [clean(e.text) for e in themed]
        example_labels = [_label_closure(e.themes & known, parents) for e in themed]
        example_features = _featurise(example_texts)
        prior_features = _featurise(prior_texts)
        empty = sp.csr_matrix((0, shipped.coef.shape[1]), dtype=np.float32)
        themes = fit_themes(
            topical(example_features if example_features is not None else empty),
            example_labels,
            keys,
            prior_features=None if prior_features is None else topical(prior_features),
            prior_labels=prior_labels,
            multi_label=_option(taxonomy, "multi_label"),
            c_grid=THEME_C_GRID,
        )
        sentiment = self._fit_sentiment(taxonomy, themed, example_features, shipped)
        return FastAnalyser(taxonomy, shipped, themes, sentiment)

    def _fit_sentiment(
        self,
        taxonomy: Taxonomy,
        examples: Sequence[Example],
        features: sp.csr_matrix | None,
        shipped: LinearSentiment,
    ) -> SentimentModel | None:
        rows: list[int] = []
        labels: list[int] = []
        weights: list[float] = []
        for i, example in enumerate(examples):
            if example.sentiment is not None:
                rows.append(i)
                labels.append(sentiment_index(example.sentiment))
                weights.append(1.0)
            elif taxonomy.use_scores and example.score is not None:
                rows.append(i)
                labels.append(score_label(example.score))
                weights.append(WEAK_LABEL_WEIGHT)
        if features is None or len(rows) < 10:
            return None
        selected = features[np.asarray(rows)]
        lexicon = np.asarray(selected[:, -len(LEXICON_FEATURES) :].toarray(), dtype=np.float32)
        languages = detect_languages([clean(examples[i].text) for i in rows])
        base = bend_logits(
            shipped.logits(selected),
            (lexicon / LEXICON_WEIGHT).astype(np.float32),
            foreign_mask(languages),
        )
        return fit_sentiment(correction_features(selected), labels, base, sample_weight=weights)

    def vectorise(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return sketch([clean(t) for t in texts], STOP_WORDS)
