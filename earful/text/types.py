"""What the text engine takes and gives. Plain data, no Django: the web side turns its
models into these and stores what comes back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

Sentiment = Literal["negative", "neutral", "positive"]
SENTIMENTS: tuple[Sentiment, ...] = ("negative", "neutral", "positive")
UNDETERMINED = "und"  # ISO 639-3 for "no language could be told"


@dataclass(frozen=True)
class Theme:
    """One entry of the company's taxonomy, as a CX lead edits it."""

    key: str  # stable identifier (the web side uses the theme's slug or pk)
    name: str
    description: str = ""
    examples: tuple[str, ...] = ()  # example phrases typed by the CX lead
    parent: str | None = None  # key of the parent theme


@dataclass(frozen=True)
class Example:
    """A labelled text: a CX lead's correction, or a theme's example phrase. Any of the
    labels may be missing; `score` is the 0–10 recommend score of the same response,
    used as a weak sentiment label when the score-aware option is on."""

    text: str
    themes: frozenset[str] = frozenset()  # theme keys that apply; empty = none apply
    sentiment: Sentiment | None = None
    score: int | None = None


@dataclass(frozen=True)
class ThemeMatch:
    key: str
    confidence: float  # 0..1
    sentiment: Sentiment  # how the text speaks of this theme
    sentiment_score: float  # -1 (very negative) .. 1 (very positive)


@dataclass(frozen=True)
class Analysis:
    language: str  # ISO 639-1 ("en", "fi", …) or UNDETERMINED
    sentiment: Sentiment
    sentiment_score: float  # -1 .. 1
    themes: tuple[ThemeMatch, ...] = ()  # most confident first
    opportunities: tuple[str, ...] = ()  # the sentences that voice a need or a request
    names: tuple[str, ...] = ()  # person names mentioned, as written


@dataclass(frozen=True)
class Taxonomy:
    """The themes and what has been learnt about them."""

    themes: tuple[Theme, ...] = ()
    examples: tuple[Example, ...] = ()
    use_scores: bool = False  # score-aware: the NPS score is a weak sentiment label
    extra: dict[str, str] = field(default_factory=dict)  # engine-specific options


class Analyser(Protocol):
    """An engine prepared for one taxonomy (trained on its examples)."""

    def analyse(
        self, texts: Sequence[str], scores: Sequence[int | None] | None = None
    ) -> list[Analysis]:
        """One Analysis per text, in order. `scores` (same length) are the recommend
        scores of the same responses, used only when the taxonomy is score-aware."""
        ...


class Engine(Protocol):
    name: str

    def prepare(self, taxonomy: Taxonomy) -> Analyser:
        """Train or load what the taxonomy needs. Cheap enough to call on every taxonomy
        change (seconds for thousands of examples)."""
        ...

    def vectorise(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised row per text, for clustering (discovery)."""
        ...
