"""NPS arithmetic: hand-worked examples, and properties against brute-force references."""

from __future__ import annotations

import math
import random
from statistics import NormalDist

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earful.metrics.nps import (
    Counts,
    compare,
    counts_from_scores,
    estimate,
    nps,
    nps_group,
    rate,
    wilson_interval,
    z_value,
)

scores = st.lists(st.integers(min_value=0, max_value=10), max_size=300)
counts = st.builds(
    Counts,
    st.integers(min_value=0, max_value=5000),
    st.integers(min_value=0, max_value=5000),
    st.integers(min_value=0, max_value=5000),
)


# Hand-worked examples ------------------------------------------------------------------


def test_the_groups_are_0_to_6_7_to_8_and_9_to_10():
    assert [nps_group(s) for s in range(11)] == ["detractor"] * 7 + ["passive"] * 2 + [
        "promoter"
    ] * 2
    with pytest.raises(ValueError, match="from 0 to 10"):
        nps_group(11)


def test_nps_is_promoters_minus_detractors_in_points():
    assert nps(counts_from_scores([10, 9, 8, 7, 3])) == pytest.approx(20.0)
    assert nps(Counts(promoters=60, passives=20, detractors=20)) == pytest.approx(40.0)
    assert nps(Counts()) is None


def test_half_promoters_half_detractors_at_100_answers_is_about_plus_minus_19_points():
    result = estimate(Counts(promoters=50, detractors=50))
    # p± = 50.75/103, var = (2·50.75/103 − 0)/103, margin = 1.96·√var.
    assert result.margin == pytest.approx(19.17, abs=0.01)
    assert result.value == 0.0
    assert (result.low, result.high) == pytest.approx((-19.17, 19.17), abs=0.01)
    assert not result.small_sample


def test_a_perfect_score_from_five_answers_is_not_certain():
    result = estimate(Counts(promoters=5))
    assert result.value == 100.0
    assert result.high == 100.0  # clipped
    assert result.low < 50  # (5.75/8 − 0.75/8) ± 1.96·√var, far from 100
    assert result.small_sample


def test_no_answers_give_no_nps_and_the_widest_interval():
    result = estimate(Counts())
    assert result.value is None
    assert result.n == 0
    assert result.low < -80 and result.high > 80


def test_the_small_sample_flag_defaults_to_fewer_than_30_answers():
    assert estimate(Counts(promoters=29)).small_sample
    assert not estimate(Counts(promoters=30)).small_sample
    assert not estimate(Counts(promoters=12), small_sample=10).small_sample


def test_a_clear_improvement_is_significant_and_a_small_one_is_not():
    before = Counts(promoters=300, passives=300, detractors=400)  # NPS −10
    after = Counts(promoters=500, passives=300, detractors=200)  # NPS +30
    assert compare(after, before).significant
    assert compare(after, before).difference == pytest.approx(40.0, abs=0.5)
    slightly = Counts(promoters=32, passives=30, detractors=38)  # NPS −6, n = 100
    assert not compare(slightly, Counts(promoters=30, passives=30, detractors=40)).significant


def test_rates_and_their_intervals():
    assert rate(25, 100) == 0.25
    assert rate(0, 0) is None
    with pytest.raises(ValueError):
        rate(5, 4)
    low, high = wilson_interval(25, 100)  # type: ignore[misc]
    assert (low, high) == pytest.approx((0.1754, 0.3430), abs=0.0005)
    assert wilson_interval(0, 0) is None


def test_z_for_95_percent_is_1_96():
    assert z_value(0.95) == pytest.approx(1.95996, abs=1e-5)
    with pytest.raises(ValueError):
        z_value(1.0)


# Properties against brute force ---------------------------------------------------------


@given(scores)
def test_nps_matches_a_brute_force_count(values):
    expected = (
        None
        if not values
        else 100.0
        * (sum(1 for v in values if v >= 9) - sum(1 for v in values if v <= 6))
        / len(values)
    )
    got = nps(counts_from_scores(values))
    assert got == pytest.approx(expected) if expected is not None else got is None


@given(counts)
def test_the_interval_matches_a_brute_force_weighted_variance(c):
    """Rocks's variance is the variance of +1/0/−1 over the adjusted pseudo-sample."""
    weights = {1: c.promoters + 0.75, 0: c.passives + 1.5, -1: c.detractors + 0.75}
    total = sum(weights.values())
    mean = sum(x * w for x, w in weights.items()) / total
    variance = sum(w * (x - mean) ** 2 for x, w in weights.items()) / total / total
    result = estimate(c)
    assert result.variance == pytest.approx(variance, rel=1e-9, abs=1e-15)
    margin = 100 * NormalDist().inv_cdf(0.975) * math.sqrt(variance)
    assert result.margin == pytest.approx(margin, rel=1e-9)
    assert result.low == pytest.approx(max(-100, 100 * mean - margin), abs=1e-6)
    assert result.high == pytest.approx(min(100, 100 * mean + margin), abs=1e-6)


@given(counts)
def test_the_interval_is_inside_minus_100_to_100_and_contains_the_adjusted_estimate(c):
    result = estimate(c)
    assert -100 <= result.low <= result.adjusted <= result.high <= 100
    if c.n >= 30:
        # Beyond tiny samples the plain NPS lies inside too. (From one detractor the
        # NPS is −100 while the interval, centred on the adjusted estimate, stops at
        # about −98: the adjustment's pull towards 0 is the point at small n.)
        assert result.value is not None
        assert result.low - 1e-9 <= result.value <= result.high + 1e-9


@given(counts, counts)
def test_comparing_is_antisymmetric(a, b):
    ab, ba = compare(a, b), compare(b, a)
    assert ab.difference == pytest.approx(-ba.difference, abs=1e-9)
    assert ab.significant == ba.significant


@given(counts, counts)
def test_counts_add_up_like_the_raw_answers(a, b):
    assert (a + b).n == a.n + b.n
    assert nps(a + b) == nps(
        Counts(a.promoters + b.promoters, a.passives + b.passives, a.detractors + b.detractors)
    )


@pytest.mark.parametrize(("n", "true_mix"), [(20, (0.5, 0.3, 0.2)), (100, (0.2, 0.3, 0.5))])
def test_the_95_percent_interval_covers_the_true_nps_about_95_percent_of_the_time(n, true_mix):
    rng = random.Random(7)
    true_nps = 100 * (true_mix[0] - true_mix[2])
    trials = 4000
    covered = 0
    for _ in range(trials):
        groups = rng.choices(["p", "n", "d"], weights=true_mix, k=n)
        result = estimate(Counts(groups.count("p"), groups.count("n"), groups.count("d")))
        covered += result.low <= true_nps <= result.high
    assert 0.93 <= covered / trials <= 0.975
