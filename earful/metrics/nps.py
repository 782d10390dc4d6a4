"""The arithmetic of loyalty numbers: NPS, its margin of error, rates. Pure Python.

No Django here: rollups, dashboards, exports and benchmarks all call these functions, so
every number on every page is computed the same way.

NPS = % promoters (9–10) − % detractors (0–6), in points from −100 to 100. Its 95 %
interval is the adjusted-Wald interval of Rocks (2016), "Interval estimation for the
'net promoter score'", The American Statistician 70(4): add ¾ to the promoter and the
detractor counts and 3 to n, then

    var = (p₊ + p₋ − (p₊ − p₋)²) / n′

which, unlike the plain Wald interval, keeps its coverage at small samples and at
extreme scores (an NPS of 100 from five answers is not "100 ± 0").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist

PROMOTER_MIN = 9
PASSIVE_MIN = 7
SMALL_SAMPLE = 30
CONFIDENCE = 0.95
# Rocks's adjustment: ¾ to promoters and to detractors, so 1½ to passives and 3 to n.
ADJUST_GROUP = 0.75
ADJUST_N = 3.0


def z_value(confidence: float = CONFIDENCE) -> float:
    """The two-sided normal quantile: 1.96 for 95 %."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


@dataclass(frozen=True)
class Counts:
    """How many promoters, passives and detractors answered."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    def __post_init__(self) -> None:
        if min(self.promoters, self.passives, self.detractors) < 0:
            raise ValueError("counts cannot be negative")

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.promoters + other.promoters,
            self.passives + other.passives,
            self.detractors + other.detractors,
        )


def nps_group(score: int) -> str:
    """ "promoter", "passive" or "detractor" for a 0–10 score."""
    if not 0 <= score <= 10:
        raise ValueError(f"a score is from 0 to 10, not {score}")
    if score >= PROMOTER_MIN:
        return "promoter"
    return "passive" if score >= PASSIVE_MIN else "detractor"


def counts_from_scores(scores: Iterable[int]) -> Counts:
    tally = {"promoter": 0, "passive": 0, "detractor": 0}
    for score in scores:
        tally[nps_group(score)] += 1
    return Counts(tally["promoter"], tally["passive"], tally["detractor"])


def nps(counts: Counts) -> float | None:
    """The NPS in points, or None when nobody answered."""
    if counts.n == 0:
        return None
    return 100.0 * (counts.promoters - counts.detractors) / counts.n


@dataclass(frozen=True)
class Estimate:
    """An NPS with its interval, all in points. `value` is the plain NPS; the interval is
    centred on the adjusted estimate, so it is not always symmetric around `value`."""

    value: float | None
    low: float
    high: float
    margin: float
    n: int
    small_sample: bool
    variance: float  # of the adjusted estimate, in proportion units (not points)

    @property
    def adjusted(self) -> float:
        return (self.low + self.high) / 2


def _adjusted(counts: Counts) -> tuple[float, float, float]:
    """Rocks's adjusted proportions p₊, p₋ and the variance of p₊ − p₋."""
    n_adj = counts.n + ADJUST_N
    p_plus = (counts.promoters + ADJUST_GROUP) / n_adj
    p_minus = (counts.detractors + ADJUST_GROUP) / n_adj
    variance = (p_plus + p_minus - (p_plus - p_minus) ** 2) / n_adj
    return p_plus, p_minus, variance


def estimate(
    counts: Counts, *, confidence: float = CONFIDENCE, small_sample: int = SMALL_SAMPLE
) -> Estimate:
    """The NPS with its adjusted-Wald interval (clipped to −100…100)."""
    p_plus, p_minus, variance = _adjusted(counts)
    centre = p_plus - p_minus
    margin = z_value(confidence) * math.sqrt(variance)
    return Estimate(
        value=nps(counts),
        low=100.0 * max(-1.0, centre - margin),
        high=100.0 * min(1.0, centre + margin),
        margin=100.0 * margin,
        n=counts.n,
        small_sample=counts.n < small_sample,
        variance=variance,
    )


@dataclass(frozen=True)
class Change:
    """The difference `a − b` between two NPS (two periods or two units), in points."""

    difference: float
    low: float
    high: float
    significant: bool


def compare(a: Counts, b: Counts, *, confidence: float = CONFIDENCE) -> Change:
    """Whether two independent samples' NPS differ more than chance explains: the
    adjusted difference with its interval; significant when the interval excludes 0."""
    a_plus, a_minus, a_var = _adjusted(a)
    b_plus, b_minus, b_var = _adjusted(b)
    difference = (a_plus - a_minus) - (b_plus - b_minus)
    margin = z_value(confidence) * math.sqrt(a_var + b_var)
    low, high = difference - margin, difference + margin
    return Change(
        difference=100.0 * difference,
        low=100.0 * low,
        high=100.0 * high,
        significant=low > 0 or high < 0,
    )


def rate(part: int, whole: int) -> float | None:
    """`part / whole` as a fraction (response rate = answered / delivered, loop closure =
    closed cases / cases, SLA compliance = on time / due), or None when `whole` is 0."""
    if part < 0 or whole < 0:
        raise ValueError("counts cannot be negative")
    if part > whole:
        raise ValueError(f"{part} cannot be more than {whole}")
    return part / whole if whole else None


def wilson_interval(
    part: int, whole: int, *, confidence: float = CONFIDENCE
) -> tuple[float, float] | None:
    """The Wilson score interval of a rate, as fractions; None when `whole` is 0."""
    if rate(part, whole) is None:
        return None
    z = z_value(confidence)
    p = part / whole
    denominator = 1 + z * z / whole
    centre = (p + z * z / (2 * whole)) / denominator
    spread = z * math.sqrt(p * (1 - p) / whole + z * z / (4 * whole * whole)) / denominator
    return max(0.0, centre - spread), min(1.0, centre + spread)
