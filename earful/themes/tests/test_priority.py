"""What to fix first: the figures per theme, checked against counting by hand, and
scoped by the user's view of the tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from earful.directory.models import Customer
from earful.themes.priority import theme_priority
from earful.themes.services import correction_create
from earful.themes.tests.factories import ResponseFactory, ThemeFactory


def _nps(scores):
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def _answer(customer, score, theme=None, text="Some words about the visit."):
    response = ResponseFactory.create(customer=customer, score=score, reason=text)
    if theme is not None:
        correction_create(
            actor=None, response=response, themes=[theme], sentiment="neutral", refresh=False
        )
    return response


@pytest.fixture
def answers(org):
    """North (Oulu, Tampere) complains about waiting; South (Helsinki) praises reports."""
    waiting = ThemeFactory.create(name="Waiting time")
    report = ThemeFactory.create(name="Report")
    Customer.objects.filter(pk=org.oulu_customer.pk).update(annual_revenue=Decimal("1000"))
    Customer.objects.filter(pk=org.tampere_customer.pk).update(annual_revenue=Decimal("250"))
    Customer.objects.filter(pk=org.helsinki_customer.pk).update(annual_revenue=Decimal("99"))
    scores = {
        "oulu_waiting": [2, 3, 5],
        "tampere_waiting": [1, 8],
        "north_plain": [9, 10, 7, 9],
        "helsinki_report": [10, 9, 9],
        "helsinki_plain": [6, 8, 9],
    }
    for s in scores["oulu_waiting"]:
        _answer(org.oulu_customer, s, waiting)
    for s in scores["tampere_waiting"]:
        _answer(org.tampere_customer, s, waiting)
    for s in scores["north_plain"]:
        _answer(org.oulu_customer_of_rep2, s)
    for s in scores["helsinki_report"]:
        _answer(org.helsinki_customer, s, report)
    for s in scores["helsinki_plain"]:
        _answer(org.helsinki_customer, s)
    return waiting, report, scores


def test_each_theme_has_its_frequency_detractors_impact_and_revenue_at_risk(org, answers):
    waiting, report, scores = answers
    figures = theme_priority(user=org.cx_lead)
    everyone = [s for group in scores.values() for s in group]
    assert figures.total.n == len(everyone) == 15
    by_name = {row.theme.name: row for row in figures.rows}
    row = by_name["Waiting time"]
    raised = scores["oulu_waiting"] + scores["tampere_waiting"]
    assert row.detractors == pytest.approx(sum(s <= 6 for s in raised) / len(raised))
    rest = [s for key, group in scores.items() if "waiting" not in key for s in group]
    assert row.counts.n == 5
    assert row.frequency == pytest.approx(5 / 15)
    assert row.detractors == pytest.approx(4 / 5)
    assert row.impact is not None
    assert row.impact.value == pytest.approx(_nps(everyone) - _nps(rest))
    assert row.impact.low <= row.impact.high
    # Oulu's 1,000 once for three complaints, Tampere's 250 once; Helsinki praised.
    assert row.revenue_at_risk == Decimal("1250")
    assert by_name["Report"].revenue_at_risk == Decimal("0")
    assert by_name["Report"].impact is not None and by_name["Report"].impact.value > 0
    # The most harmful first.
    assert [r.theme.name for r in figures.rows] == ["Waiting time", "Report"]
    assert row.monthly[-1] == 5 and sum(row.monthly) == 5


def test_a_regional_manager_sees_the_figures_of_their_region_only(org, answers):
    figures = theme_priority(user=org.north_manager)
    assert figures.total.n == 9
    assert [r.theme.name for r in figures.rows] == ["Waiting time"]


def test_a_unit_narrows_the_figures_to_its_subtree(org, answers):
    figures = theme_priority(user=org.cx_lead, unit=org.tampere)
    assert figures.total.n == 2
    [row] = figures.rows
    assert row.counts.n == 2
    assert row.impact is None  # every Tampere answer raises it: nothing to compare with


def test_someone_without_a_unit_sees_nothing(org, answers):
    figures = theme_priority(user=org.nobody)
    assert figures.total.n == 0 and figures.rows == []


def test_a_deactivated_theme_leaves_the_priorities(org, answers):
    from earful.themes.services import theme_update

    waiting, _report, _scores = answers
    theme_update(
        actor=org.cx_lead,
        theme=waiting,
        name=waiting.name,
        description="",
        examples=[],
        parent=None,
        is_active=False,
    )
    assert [r.theme.name for r in theme_priority(user=org.cx_lead).rows] == ["Report"]


def test_the_priority_figures_take_a_fixed_number_of_queries(
    org, answers, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        theme_priority(user=org.cx_lead)
