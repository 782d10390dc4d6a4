"""The priority math against brute force: NPS impact, its interval, revenue at risk."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earful.metrics.nps import Counts, counts_from_scores, nps
from earful.themes.impact import impact, revenue_at_risk, trend

scores = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=200)


def brute_nps(values: list[int]) -> float:
    return 100 * (sum(v >= 9 for v in values) - sum(v <= 6 for v in values)) / len(values)


@given(with_theme=scores, without_theme=scores)
def test_impact_is_the_nps_of_all_minus_the_nps_without_the_theme(with_theme, without_theme):
    result = impact(counts_from_scores(with_theme), counts_from_scores(without_theme))
    assert result is not None
    expected = brute_nps(with_theme + without_theme) - brute_nps(without_theme)
    assert result.value == pytest.approx(expected, abs=1e-9)
    assert result.share == pytest.approx(len(with_theme) / (len(with_theme) + len(without_theme)))


@given(with_theme=scores, without_theme=scores)
def test_the_interval_is_ordered_and_says_whether_it_excludes_zero(with_theme, without_theme):
    result = impact(counts_from_scores(with_theme), counts_from_scores(without_theme))
    assert result is not None
    assert result.low <= result.high
    assert result.significant == (result.low > 0 or result.high < 0)
    # Never wider than the theme's share of the whole NPS range allows.
    assert -200 * result.share - 1e-9 <= result.low
    assert result.high <= 200 * result.share + 1e-9


@given(with_theme=scores, without_theme=scores)
def test_more_of_the_same_answers_give_a_narrower_interval(with_theme, without_theme):
    small = impact(counts_from_scores(with_theme), counts_from_scores(without_theme))
    large = impact(counts_from_scores(with_theme * 4), counts_from_scores(without_theme * 4))
    assert small is not None and large is not None
    assert large.value == pytest.approx(small.value)
    assert large.high - large.low < small.high - small.low


def test_there_is_no_impact_without_answers_on_both_sides():
    assert impact(Counts(), Counts(5, 0, 0)) is None
    assert impact(Counts(5, 0, 0), Counts()) is None


def test_a_theme_that_only_detractors_raise_costs_points_significantly():
    result = impact(Counts(0, 0, 60), Counts(300, 150, 90))
    assert result is not None
    everyone = nps(Counts(300, 150, 150))
    without = nps(Counts(300, 150, 90))
    assert everyone is not None and without is not None
    assert result.value == pytest.approx(everyone - without)
    assert result.high < 0 and result.significant


def test_the_interval_covers_the_true_impact_about_95_times_in_100():
    """Simulated surveys: theme answers and the rest drawn from known distributions;
    the true impact is share × (NPS of the theme's distribution − NPS of the rest's)."""
    rng = random.Random(6)
    theme_p = (0.15, 0.25, 0.60)  # promoters, passives, detractors
    rest_p = (0.50, 0.30, 0.20)
    n_theme, n_rest = 60, 340
    share = n_theme / (n_theme + n_rest)
    truth = share * 100 * ((theme_p[0] - theme_p[2]) - (rest_p[0] - rest_p[2]))

    def draw(p: tuple[float, float, float], n: int) -> Counts:
        groups = rng.choices(range(3), weights=p, k=n)
        return Counts(groups.count(0), groups.count(1), groups.count(2))

    runs = 2000
    covered = 0
    for _ in range(runs):
        result = impact(draw(theme_p, n_theme), draw(rest_p, n_rest))
        assert result is not None
        covered += result.low <= truth <= result.high
    assert 0.93 <= covered / runs <= 0.975


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=8),
            st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=2)),
        ),
        max_size=40,
    )
)
def test_revenue_at_risk_counts_each_customer_once(rows):
    # The same customer always has the same revenue (it is a column of the customer).
    revenue_of: dict[int, Decimal | None] = {}
    for customer_id, revenue in rows:
        revenue_of.setdefault(customer_id, revenue)
    consistent = [(c, revenue_of[c]) for c, _ in rows]
    expected = sum((r for r in revenue_of.values() if r is not None), Decimal(0))
    assert revenue_at_risk(consistent) == expected
    assert revenue_at_risk(consistent + consistent) == expected


def test_trend_compares_the_recent_half_with_the_earlier_half():
    rising = trend([(1, 100), (1, 100), (5, 100), (7, 100)])
    assert rising.earlier == pytest.approx(0.01)
    assert rising.recent == pytest.approx(0.06)
    assert rising.change == pytest.approx(5.0)
    assert rising.direction == "up"
    assert trend([(3, 100), (1, 10), (3, 100)]).direction == "flat"
    assert trend([(0, 0), (0, 0)]).change is None
