"""What a theme costs in NPS, and what is at stake. Pure Python, no Django, next to
`earful.metrics.nps` and built on its adjusted-Wald arithmetic.

A theme's NPS impact is NPS(all answers) − NPS(answers without the theme): how many
points the score would move if the answers that raise it scored like the rest. With T
the answers that raise it, W the others and f = |T| / (|T| + |W|) their share,

    NPS(all) − NPS(W) = f · (NPS(T) − NPS(W))

exactly, because NPS(all) is the f-weighted mean of NPS(T) and NPS(W). T and W are
disjoint, hence independent samples, so the interval is f times the adjusted-Wald
interval of the difference NPS(T) − NPS(W) (`nps.compare`), treating the share as
fixed. A negative impact means the theme drags the score down: fix those first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from earful.metrics.nps import CONFIDENCE, Counts, compare, nps


@dataclass(frozen=True)
class Impact:
    """A theme's NPS impact in points, with its interval (also in points)."""

    value: float
    low: float
    high: float
    share: float  # of all answers, 0..1
    significant: bool  # the interval excludes 0


def impact(
    with_theme: Counts, without_theme: Counts, *, confidence: float = CONFIDENCE
) -> Impact | None:
    """NPS(all) − NPS(without the theme), or None when either side has no answers
    (nothing raised it, or everything did: there is nothing to compare with)."""
    if with_theme.n == 0 or without_theme.n == 0:
        return None
    everyone = with_theme + without_theme
    share = with_theme.n / everyone.n
    all_nps, rest_nps = nps(everyone), nps(without_theme)
    assert all_nps is not None and rest_nps is not None
    difference = compare(with_theme, without_theme, confidence=confidence)
    low, high = share * difference.low, share * difference.high
    return Impact(
        value=all_nps - rest_nps,
        low=low,
        high=high,
        share=share,
        significant=difference.significant,
    )


def detractor_share(counts: Counts) -> float | None:
    """Detractors among the answers that raise a theme, 0..1."""
    return counts.detractors / counts.n if counts.n else None


def revenue_at_risk(detractors: Iterable[tuple[int, Decimal | None]]) -> Decimal:
    """The annual revenue of the customers who raised a theme with a detractor score:
    (customer id, revenue) pairs, each customer counted once however often they
    complained; customers without a known revenue count as nothing."""
    seen: dict[int, Decimal] = {}
    for customer_id, revenue in detractors:
        if customer_id not in seen:
            seen[customer_id] = revenue if revenue is not None else Decimal(0)
    return sum(seen.values(), Decimal(0))


@dataclass(frozen=True)
class Trend:
    """How often a theme comes up: its share of the answers in the recent half of the
    window against the earlier half, in points."""

    earlier: float | None  # share 0..1
    recent: float | None
    change: float | None  # recent − earlier, in percentage points

    @property
    def direction(self) -> str:
        """ "up", "down" or "flat" (less than one point either way, or unknown)."""
        if self.change is None or abs(self.change) < 1.0:
            return "flat"
        return "up" if self.change > 0 else "down"


def trend(months: Sequence[tuple[int, int]]) -> Trend:
    """`months`: (answers raising the theme, all answers) per month, oldest first; the
    earlier half against the recent half (the middle month of an odd count is left out)."""
    half = len(months) // 2
    earlier, recent = months[:half], months[len(months) - half :]

    def share(part: Sequence[tuple[int, int]]) -> float | None:
        raised, total = sum(m[0] for m in part), sum(m[1] for m in part)
        return raised / total if total else None

    a, b = share(earlier), share(recent)
    return Trend(
        earlier=a,
        recent=b,
        change=100.0 * (b - a) if a is not None and b is not None else None,
    )
