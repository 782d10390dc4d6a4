"""The embedding engine: every text becomes a sentence-embedding vector (an ONNX model run
by earful.text.onnx_encoder), and sentiment and themes are linear heads on that vector.

Sentence embeddings place "the flight was delayed again" near "we sat on the tarmac for
two hours" although they share no word, which is what makes themes learnable from ten
examples and discovery's clusters readable. The price is speed (hundreds of texts a
second instead of thousands) and, with the default English model, weaker vectors for
other languages; see docs/text_embedding.md.

Language, opportunities and names come from the same building blocks as the fast engine.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from earful.text.cleaning import clean, has_letters, split_clauses, split_sentences
from earful.text.language import detect_languages
from earful.text.learning import (
    SentimentModel,
    ThemeModel,
    fit_sentiment,
    fit_themes,
    score_label,
    sentiment_index,
)
from earful.text.names import find_names
from earful.text.onnx_encoder import ModelFiles, OnnxEncoder, load_encoder, model_files
from earful.text.opportunities import find_opportunities
from earful.text.types import (
    SENTIMENTS,
    UNDETERMINED,
    Analysis,
    Example,
    Taxonomy,
    Theme,
    ThemeMatch,
)

logger = logging.getLogger(__name__)
HEAD_FILE = "sentiment_head.npz"
SHIPPED_HEAD = Path(__file__).parent / "models" / "embedding" / HEAD_FILE
Vectors = npt.NDArray[np.float32]
# A scipy sparse matrix; scipy ships no types, so: Any.
type Matrix = Any


# --- sentiment -----------------------------------------------------------------------


@dataclass(frozen=True)
class SentimentHead:
    """Logits = vectors · weightsᵀ + bias, columns in SENTIMENTS order."""

    weights: npt.NDArray[np.float32]  # (3, dimension)
    bias: npt.NDArray[np.float32]  # (3,)

    def logits(self, vectors: Vectors) -> Vectors:
        return np.asarray(vectors @ self.weights.T + self.bias, dtype=np.float32)


class HeadMismatch(RuntimeError):
    """The sentiment head was trained on another model's vectors."""


def load_head(path: Path, files: ModelFiles, dimension: int) -> SentimentHead:
    """A head written by scripts/train_embedding_head.py, if it was trained on this very
    model (its weights' sha256 is recorded in the file)."""
    with np.load(path, allow_pickle=False) as data:
        if str(data["fingerprint"]) != files.fingerprint:
            raise HeadMismatch(f"{path} was trained for another embedding model")
        weights = data["weights"].astype(np.float32)
        if weights.shape != (len(SENTIMENTS), dimension):
            raise HeadMismatch(f"{path} has weights of shape {weights.shape}")
        if tuple(str(c) for c in data["classes"]) != SENTIMENTS:
            raise HeadMismatch(f"{path} has classes {data['classes']}")
        return SentimentHead(weights=weights, bias=data["bias"].astype(np.float32))


def find_head(encoder: OnnxEncoder) -> SentimentHead | None:
    """The model folder's own head, else the shipped one if it fits; None when no head
    was trained for this model (sentiment then comes from the fast engine's model)."""
    candidates = [encoder.files.model.parent / HEAD_FILE, SHIPPED_HEAD]
    for path in candidates:
        if path.is_file():
            try:
                return load_head(path, encoder.files, encoder.dimension)
            except HeadMismatch:
                continue
    return None


def _softmax(logits: Vectors) -> Vectors:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)


def _log_softmax(logits: Vectors) -> Vectors:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))).astype(np.float32)


@dataclass(frozen=True)
class Reading:
    """What the engine reads off a batch of cleaned texts: the sentence vectors, the fast
    engine's sparse word and character n-grams with its lexicon features, and the fast
    engine's zero-shot sentiment logits (zeros when its model is missing)."""

    vectors: Vectors
    words: Matrix  # scipy CSR, earful.text.features.N_FEATURES columns
    fast_logits: Vectors
    salient: Vectors | None = None  # the token vectors' maxima (see OnnxEncoder)

    def rows(self, index: npt.NDArray[np.intp]) -> Reading:
        salient = None if self.salient is None else self.salient[index]
        return Reading(self.vectors[index], self.words[index], self.fast_logits[index], salient)

    def themes(self) -> Matrix:
        """Theme features: the n-grams say which words a company uses, the vector what
        they mean, the token maxima which salient word a sentence has; one linear model
        over all three beats each (SemEval-2014 categories 0.844 with the vector alone,
        0.880 with the n-grams beside it, 0.882 with the maxima too)."""
        from earful.text.fast import topical

        blocks = [topical(self.words), sp.csr_matrix(self.vectors * VECTOR_WEIGHT)]
        if self.salient is not None:
            blocks.append(sp.csr_matrix(self.salient * SALIENT_WEIGHT))
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def correction(self) -> Matrix:
        """Features a sentiment correction learns from: the same two views."""
        from earful.text.fast import correction_features

        dense = sp.csr_matrix(self.vectors)
        return sp.hstack([correction_features(self.words), dense], format="csr", dtype=np.float32)


VECTOR_WEIGHT = 1.0  # the vector's block against the n-grams' (each row of unit length)
SALIENT_WEIGHT = 1.0  # the token maxima's block, likewise (tried once: 1.0)


def read(encoder: OnnxEncoder, texts: Sequence[str], languages: Sequence[str]) -> Reading:
    from earful.text.fast import foreign_mask
    from earful.text.features import featurise, lexicon_matrix
    from earful.text.sentiment import ModelMissing, bend_logits, load_shipped

    lexicon = lexicon_matrix(texts, languages)
    words = featurise(texts, lexicon)
    try:
        model = load_shipped()
    except ModelMissing:
        logger.warning("the fast engine's sentiment model is missing")
        logits = np.zeros((len(texts), len(SENTIMENTS)), np.float32)
    else:
        logits = bend_logits(model.logits(words), lexicon, foreign_mask(languages))
    vectors, salient = encoder.encode_views(texts)
    return Reading(vectors, words, logits, salient)


def _fast_sentiment_logits(texts: Sequence[str], languages: Sequence[str]) -> Vectors:
    """The fast engine's zero-shot sentiment (its shipped words model bent by its
    customer-feedback lexicon rules), as logits; zeros when its model is missing."""
    from earful.text.fast import foreign_mask
    from earful.text.features import featurise, lexicon_matrix
    from earful.text.sentiment import ModelMissing, bend_logits, load_shipped

    try:
        model = load_shipped()
    except ModelMissing:
        logger.warning("the fast engine's sentiment model is missing")
        return np.zeros((len(texts), len(SENTIMENTS)), np.float32)
    lexicon = lexicon_matrix(texts, languages)
    return bend_logits(model.logits(featurise(texts, lexicon)), lexicon, foreign_mask(languages))


def _example_label(example: Example, use_scores: bool) -> int | None:
    """The sentiment an example teaches: a CX lead's label, else (score-aware only) the
    weak label of its NPS score."""
    if example.sentiment is not None:
        return sentiment_index(example.sentiment)
    if use_scores and example.score is not None:
        return score_label(example.score)
    return None


def theme_phrases(theme: Theme) -> list[str]:
    """What a CX lead typed about a theme, each a training row of its own: the name
    (with the description) and every example phrase."""
    phrases = [f"{theme.name}. {theme.description}" if theme.description else theme.name]
    phrases.extend(e for e in theme.examples if e.strip())
    return [p.strip() for p in phrases if p.strip()]


PHRASE_WEIGHT = 3.0  # a theme's own phrases count as three labelled texts each


# --- the engine ----------------------------------------------------------------------


@dataclass
class EmbeddingAnalyser:
    """The engine prepared for one taxonomy."""

    encoder: OnnxEncoder
    head: SentimentHead | None
    correction: SentimentModel | None
    themes: ThemeModel
    use_scores: bool

    def base_logits(self, reading: Reading) -> Vectors:
        """The head on the vector and the fast engine's model on the words, averaged as
        log-probabilities: the two err differently (the head reads meaning, the words
        model reads the lexicon of six languages, which the English default model does
        not know), and the average beats either alone."""
        fast = reading.fast_logits
        if self.head is None:
            return fast
        own = _log_softmax(self.head.logits(reading.vectors))
        if not fast.any():  # the fast model is missing
            return own
        return ((own + _log_softmax(fast)) / 2).astype(np.float32)

    def sentiment_proba(self, reading: Reading) -> Vectors:
        logits = self.base_logits(reading)
        if self.correction is not None:
            logits = self.correction.logits(reading.correction(), logits)
        return _softmax(logits)

    def analyse(
        self, texts: Sequence[str], scores: Sequence[int | None] | None = None
    ) -> list[Analysis]:
        if scores is not None and len(scores) != len(texts):
            raise ValueError("scores must have one entry per text")
        cleaned = [clean(t) for t in texts]
        readable = [i for i, t in enumerate(cleaned) if has_letters(t)]
        results = [Analysis(language=UNDETERMINED, sentiment="neutral", sentiment_score=0.0)]
        results *= len(texts)
        symbols = [i for i, t in enumerate(cleaned) if t and not has_letters(t)]
        if symbols:  # emoji only: no words for the model, but the lexicon knows emoji
            emoji = _softmax(
                _fast_sentiment_logits([cleaned[i] for i in symbols], [UNDETERMINED] * len(symbols))
            )
            for row, i in enumerate(symbols):
                label = SENTIMENTS[int(np.argmax(emoji[row]))]
                results[i] = Analysis(UNDETERMINED, label, _score(emoji[row]))
        if not readable:
            return results
        batch = [cleaned[i] for i in readable]
        languages = detect_languages(batch)
        reading = read(self.encoder, batch, languages)
        proba = self.sentiment_proba(reading)
        if self.use_scores and scores is not None:
            proba = _with_scores(proba, [scores[i] for i in readable])
        themes = self._themes(batch, reading, proba, languages)
        for row, i in enumerate(readable):
            text, language = batch[row], languages[row]
            results[i] = Analysis(
                language=language,
                sentiment=SENTIMENTS[int(np.argmax(proba[row]))],
                sentiment_score=_score(proba[row]),
                themes=themes[row],
                opportunities=find_opportunities(text, language),
                names=find_names(text, language),
            )
        return results

    def _themes(
        self, texts: Sequence[str], reading: Reading, proba: Vectors, languages: Sequence[str]
    ) -> list[tuple[ThemeMatch, ...]]:
        """Each text's themes, each with the sentiment of the clause that speaks of it
        most. Only texts with two or more themes and clauses have their clauses read
        (a second, smaller model run); for the others the text's sentiment is the
        theme's."""
        if not self.themes.keys:
            return [() for _ in texts]
        decided = self.themes.predict(reading.themes())
        split: dict[int, list[str]] = {}
        for row, picks in enumerate(decided):
            if len(picks) >= 2:
                clauses = [c for s in split_sentences(texts[row]) for c in split_clauses(s)]
                if len(clauses) >= 2:
                    split[row] = clauses
        by_clause: dict[int, tuple[Vectors, Vectors]] = {}
        if split:
            flat = [c for clauses in split.values() for c in clauses]
            clause_languages = [languages[row] for row, c in split.items() for _ in c]
            clause_reading = read(self.encoder, flat, clause_languages)
            clause_sentiment = self.sentiment_proba(clause_reading)
            clause_fit = self.themes.proba(clause_reading.themes())
            start = 0
            for row, clauses in split.items():
                end = start + len(clauses)
                by_clause[row] = (clause_sentiment[start:end], clause_fit[start:end])
                start = end
        column = {key: k for k, key in enumerate(self.themes.keys)}
        out: list[tuple[ThemeMatch, ...]] = []
        for row, picks in enumerate(decided):
            matches = []
            for key, confidence in picks:
                theme_proba = proba[row]
                if row in by_clause:
                    sentiments, fit = by_clause[row]
                    theme_proba = sentiments[int(np.argmax(fit[:, column[key]]))]
                matches.append(
                    ThemeMatch(
                        key=key,
                        confidence=round(min(max(confidence, 0.0), 1.0), 4),
                        sentiment=SENTIMENTS[int(np.argmax(theme_proba))],
                        sentiment_score=_score(theme_proba),
                    )
                )
            out.append(tuple(matches))
        return out


def _score(proba: Vectors) -> float:
    """-1..1: P(positive) − P(negative)."""
    return round(float(proba[2] - proba[0]), 4)


SCORE_BLEND = 0.5  # how far a score-aware analysis leans on the NPS score


def _with_scores(proba: Vectors, scores: Sequence[int | None]) -> Vectors:
    """Blend in the sentiment the NPS score implies (score-aware taxonomies only): the
    score's group gets three times the prior weight of each other group."""
    out = proba.copy()
    for row, score in enumerate(scores):
        if score is None:
            continue
        prior = np.full(len(SENTIMENTS), 0.2, np.float32)
        prior[score_label(score)] = 0.6
        mixed = out[row] * prior**SCORE_BLEND
        out[row] = mixed / mixed.sum()
    return out


class EmbeddingEngine:
    """Sentence embeddings from an ONNX model in `model_path` (a folder with model.onnx
    and tokenizer.json), or the shipped all-MiniLM-L6-v2 when None. The environment
    variable EARFUL_TEXT_MODEL_PATH is the default folder."""

    name = "embedding"

    def __init__(self, model_path: str | os.PathLike[str] | None = None) -> None:
        if model_path is None:
            model_path = os.environ.get("EARFUL_TEXT_MODEL_PATH") or None
        self.files = model_files(model_path)  # fails now, naming the missing file
        self.model_path = model_path

    @property
    def encoder(self) -> OnnxEncoder:
        return load_encoder(self.model_path)

    def vectorise(self, texts: Sequence[str]) -> Vectors:
        return self.encoder.encode([clean(t) for t in texts])

    def prepare(self, taxonomy: Taxonomy) -> EmbeddingAnalyser:
        encoder = self.encoder
        phrases = [(t.key, p) for t in taxonomy.themes for p in theme_phrases(t)]
        known = {t.key for t in taxonomy.themes}
        examples = [(e, text) for e in taxonomy.examples if has_letters(text := clean(e.text))]
        example_texts = [text for _, text in examples]
        example_reading = read(encoder, example_texts, detect_languages(example_texts))
        themed = [i for i, (e, _) in enumerate(examples) if e.themes <= known]
        phrase_texts = [clean(p) for _, p in phrases]
        phrase_reading = read(encoder, phrase_texts, detect_languages(phrase_texts))
        themes = fit_themes(
            example_reading.themes()[themed],
            [examples[i][0].themes for i in themed],
            [t.key for t in taxonomy.themes],
            prior_features=phrase_reading.themes(),
            prior_labels=[frozenset({key}) for key, _ in phrases],
            prior_weight=PHRASE_WEIGHT,
            c_grid=THEME_C_GRID,
        )
        analyser = EmbeddingAnalyser(
            encoder=encoder,
            head=_cached_head(encoder),
            correction=None,
            themes=themes,
            use_scores=taxonomy.use_scores,
        )
        labelled = [
            (i, label)
            for i, (e, _) in enumerate(examples)
            if (label := _example_label(e, taxonomy.use_scores)) is not None
        ]
        if labelled:
            rows = np.asarray([i for i, _ in labelled], dtype=np.intp)
            selected = example_reading.rows(rows)
            analyser.correction = fit_sentiment(
                selected.correction(),
                [label for _, label in labelled],
                analyser.base_logits(selected),
                c=CORRECTION_C,
            )
        return analyser


# The theme models' regularisation, chosen per taxonomy by cross-validation on its
# examples among these.
THEME_C_GRID = (1.0, 2.0, 4.0)
CORRECTION_C = 0.5  # the sentiment correction's (0.5 and 1 within 0.001 on airline folds 0-1)


@cache
def _cached_head(encoder: OnnxEncoder) -> SentimentHead | None:
    return find_head(encoder)
