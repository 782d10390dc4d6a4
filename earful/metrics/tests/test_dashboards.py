"""Dashboards show the user's own scope, their numbers equal a count of the answers
themselves, and every number leads to the answers behind it."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from earful.cases.models import Case
from earful.cases.services import case_log_call
from earful.directory.tests.factories import CustomerFactory, UnitFactory
from earful.metrics.dashboards import add_months, quarter_start, unit_dashboard
from earful.metrics.models import CaseMonthCell, InvitationMonthCell
from earful.metrics.nps import counts_from_scores, estimate, nps
from earful.metrics.rollups import month_of, rollups_rebuild
from earful.surveys.models import Invitation, Response
from earful.surveys.responding import response_submit
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def answer(customer, score, *, when=None, program=None, reason=""):
    invitation = InvitationFactory.create(
        customer=customer, **({"program": program} if program else {})
    )
    return response_submit(
        invitation=invitation, score=score, reason=reason, may_contact=False, now=when
    )


def test_a_manager_sees_only_their_subtree_on_the_overview(client, org):
    answer(org.oulu_customer, 10, reason="Great in Oulu")
    answer(org.helsinki_customer, 0, reason="Bad in Helsinki")
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert "North" in page and "Oulu" in page and "Tampere" in page
    assert "Helsinki" not in page and "South" not in page and "Company" not in page


def test_a_cx_lead_sees_the_whole_company(client, org):
    client.force_login(org.cx_lead)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Company" in page and "North" in page and "South" in page


def test_a_unit_outside_the_users_scope_is_not_found(client, org):
    client.force_login(org.north_manager)
    assert client.get(reverse("dashboard_unit", args=[org.south.pk])).status_code == 404
    assert client.get(reverse("dashboard_unit", args=[org.oulu.pk])).status_code == 200
    drill = reverse("dashboard_responses") + f"?unit={org.helsinki.pk}"
    assert client.get(drill).status_code == 404


def test_a_user_with_no_unit_sees_no_numbers(client, org):
    answer(org.oulu_customer, 10)
    client.force_login(org.nobody)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You have no units" in page
    rows = client.get(reverse("dashboard_responses")).context["page"]
    assert list(rows) == []


def test_the_numbers_equal_a_count_of_the_answers(org):
    rng = random.Random(5)
    now = timezone.now()
    customers = {
        "oulu": org.oulu_customer,
        "tampere": org.tampere_customer,
        "helsinki": org.helsinki_customer,
    }
    given: list[tuple[str, int, dt.datetime]] = []
    for _ in range(120):
        where = rng.choice(list(customers))
        when = now - dt.timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 23))
        score = rng.randint(0, 10)
        answer(customers[where], score, when=when)
        given.append((where, score, when))
    # Older than the twelve-month window: must not count.
    answer(org.oulu_customer, 0, when=now - dt.timedelta(days=800))

    board = unit_dashboard(unit=org.company, now=now)
    scores = [score for _, score, _ in given]
    assert board.counts == counts_from_scores(scores)
    assert board.estimate.value == pytest.approx(nps(counts_from_scores(scores)))
    assert board.distribution == [scores.count(s) for s in range(11)]
    for point in board.trend:
        in_month = [s for _, s, w in given if month_of(w) == point.month]
        assert point.counts == counts_from_scores(in_month)
    assert len(board.trend) == 12 and board.trend[-1].month == month_of(now)
    by_child = {row.unit.name: row for row in board.children}
    north = [s for where, s, _ in given if where in ("oulu", "tampere")]
    south = [s for where, s, _ in given if where == "helsinki"]
    assert by_child["North"].counts == counts_from_scores(north)
    assert by_child["South"].counts == counts_from_scores(south)
    assert by_child["North"].estimate == estimate(counts_from_scores(north))
    values = [row.estimate.value for row in board.children if row.estimate.value is not None]
    assert values == sorted(values, reverse=True)


def test_a_child_far_from_its_parent_is_marked_significant(client, org):
    for _ in range(40):
        answer(org.oulu_customer, 10)
        answer(org.tampere_customer, 0)
    board = unit_dashboard(unit=org.north)
    rows = {row.unit.name: row for row in board.children}
    assert rows["Oulu"].versus_parent is not None and rows["Oulu"].versus_parent.significant
    assert rows["Oulu"].versus_parent.difference > 0
    assert rows["Tampere"].versus_parent is not None
    assert rows["Tampere"].versus_parent.difference < 0
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard_unit", args=[org.north.pk])).content.decode()
    assert "significantly better" in page and "significantly worse" in page
    assert board.children[0].unit == org.oulu  # best first


def test_the_quarter_note_says_whether_a_change_is_real(org):
    now = dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC)
    last_quarter = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
    for this, last in ((10, 2), (3, 9)):
        answer(org.oulu_customer, this, when=now)
        answer(org.oulu_customer, last, when=last_quarter)
    small = unit_dashboard(unit=org.oulu, now=now).quarter
    assert small.this_start == dt.date(2026, 4, 1) and small.last_start == dt.date(2026, 1, 1)
    assert small.change is not None and not small.change.significant
    for _ in range(60):
        answer(org.oulu_customer, 10, when=now)
        answer(org.oulu_customer, 0, when=last_quarter)
    big = unit_dashboard(unit=org.oulu, now=now).quarter
    assert big.change is not None and big.change.significant
    assert big.this.value is not None and big.this.value > 90
    assert big.last.value is not None and big.last.value < -90


def test_the_quarter_note_is_plain_language_on_the_page(client, org):
    now = timezone.now()
    last_quarter = add_months(quarter_start(month_of(now)), -2)
    previous = timezone.make_aware(dt.datetime.combine(last_quarter, dt.time(12)))
    answer(org.oulu_customer, 9, when=now)
    answer(org.oulu_customer, 8, when=previous)
    client.force_login(org.oulu_rep)
    page = client.get(reverse("dashboard")).content.decode()
    assert "within the margin of error, so it may be chance" in page


def test_open_cases_and_sla_compliance_come_from_the_cases(org):
    answer(org.oulu_customer, 1)
    answer(org.tampere_customer, 2)
    answer(org.helsinki_customer, 3)
    cases = Case.objects.filter(unit__in=[org.oulu, org.tampere])
    assert cases.count() == 2, "detractors open cases"
    first, second = cases.order_by("pk")
    reached(first, at=first.opened_at + dt.timedelta(minutes=5))
    board = unit_dashboard(unit=org.north)
    assert board.cases.open == 2
    assert board.cases.met == 1 and board.cases.breached == 0
    assert board.cases.compliance == 1.0

    # Past its due time, the other one counts as breached while it waits (live) and
    # once it is handled late (from its cell); met stays met.
    later = second.due_at + dt.timedelta(hours=1)
    assert unit_dashboard(unit=org.north, now=later).cases.breached == 1
    reached(second, at=later)
    board = unit_dashboard(unit=org.north, now=later)
    assert (board.cases.met, board.cases.breached, board.cases.compliance) == (1, 1, 0.5)
    assert rate_cells() == rebuilt_rate_cells()


def reached(case, *, at):
    case_log_call(
        actor=None,
        case=case,
        reached=True,
        learned="",
        root_cause=None,
        action_promised="",
        action_due=None,
        at=at,
    )


def test_the_response_rate_is_answers_over_invitations_sent(org, mailoutbox):
    invitations = InvitationFactory.create_batch(3, customer=org.oulu_customer)
    assert send_due_invitations().sent == 3
    board = unit_dashboard(unit=org.oulu)
    assert (board.answered, board.invited) == (0, 3)
    for invitation, score in zip(invitations, (9, 5), strict=False):
        response_submit(invitation=invitation, score=score, reason="", may_contact=False)
    board = unit_dashboard(unit=org.oulu)
    assert (board.answered, board.invited) == (2, 3)
    assert unit_dashboard(unit=org.north).invited == 3, "a region counts its offices' invitations"
    assert rate_cells() == rebuilt_rate_cells()

    Response.objects.filter(invitation=invitations[0]).delete()
    assert unit_dashboard(unit=org.oulu).answered == 1
    Invitation.objects.filter(pk=invitations[2].pk).delete()
    board = unit_dashboard(unit=org.oulu)
    assert (board.answered, board.invited) == (1, 2)
    assert rate_cells() == rebuilt_rate_cells()


def rate_cells():
    return {
        model.__name__: sorted(model.objects.values_list("unit_id", "month", *fields))
        for model, fields in (
            (InvitationMonthCell, ["sent", "answered"]),
            (CaseMonthCell, ["met", "late"]),
        )
    }


def rebuilt_rate_cells():
    rollups_rebuild()
    return rate_cells()


def drill(client, **params):
    return client.get(reverse("dashboard_responses"), params).context["page"]


def test_the_drill_down_filters_by_subtree_month_group_and_program(client, org):
    now = timezone.now()
    earlier = now - dt.timedelta(days=62)
    other = ProgramFactory.create(name="Other")
    answer(org.oulu_customer, 10, when=now, reason="Loved it")
    answer(org.oulu_customer, 2, when=now, reason="Slow")
    answer(org.tampere_customer, 8, when=earlier, reason="Fine")
    answer(org.tampere_customer, 9, when=now, program=other, reason="Other program")
    answer(org.helsinki_customer, 0, when=now, reason="South")
    client.force_login(org.north_manager)

    everything = drill(client)
    assert {r.reason for r in everything} == {"Loved it", "Slow", "Fine", "Other program"}
    assert [r.submitted_at for r in everything] == sorted(
        (r.submitted_at for r in everything), reverse=True
    )
    assert {r.reason for r in drill(client, unit=org.oulu.pk)} == {"Loved it", "Slow"}
    month = f"{month_of(earlier):%Y-%m}"
    assert [r.reason for r in drill(client, month=month)] == ["Fine"]
    assert [r.reason for r in drill(client, group="detractor")] == ["Slow"]
    assert {r.reason for r in drill(client, group="promoter")} == {"Loved it", "Other program"}
    assert [r.reason for r in drill(client, program=other.pk)] == ["Other program"]
    assert [r.reason for r in drill(client, unit=org.tampere.pk, group="passive")] == ["Fine"]
    window = drill(client, **{"from": month, "to": month})
    assert [r.reason for r in window] == ["Fine"]


def test_the_drill_down_is_paginated_by_fifty(client, org):
    for i in range(55):
        answer(org.oulu_customer, i % 11)
    client.force_login(org.oulu_rep)
    first = drill(client)
    assert len(first.object_list) == 50 and first.paginator.count == 55
    assert len(drill(client, page=2).object_list) == 5


def test_every_nps_on_the_overview_links_to_its_answers(client, org):
    answer(org.oulu_customer, 10)
    answer(org.tampere_customer, 3)
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard")).content.decode()
    links = re.findall(r'class="nps-value" href="([^"]+)">(-?\d+)<', page)
    # Region, this quarter, this month in the trend table, Oulu and Tampere.
    assert len(links) >= 5
    for href, value in links:
        rows = client.get(href.replace("&amp;", "&")).context["page"]
        scores = [r.score for r in rows.object_list]
        assert round(nps(counts_from_scores(scores)) or 0) == int(value), href


def test_the_dashboard_reads_a_bounded_number_of_queries(
    client, org, django_assert_max_num_queries
):
    customers = [
        CustomerFactory.create(unit=u) for u in (org.oulu, org.tampere, org.helsinki, org.turku)
    ]
    for i in range(40):
        answer(customers[i % 4], i % 11, when=timezone.now() - dt.timedelta(days=9 * i))
    client.force_login(org.cx_lead)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dashboard")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("dashboard_unit", args=[org.north.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboard_responses")).status_code == 200


def test_the_drill_down_does_not_count_deleted_answers(client, org):
    kept = answer(org.oulu_customer, 10)
    gone = answer(org.oulu_customer, 0)
    Response.objects.filter(pk=gone.pk).delete()
    client.force_login(org.oulu_rep)
    assert [r.pk for r in drill(client)] == [kept.pk]
    assert unit_dashboard(unit=org.oulu).estimate.value == 100.0


def test_a_front_line_user_sees_no_units_below_their_own(client, org):
    UnitFactory.create(external_id="U-OUL-E", name="Oulu East", parent=org.oulu)
    client.force_login(org.oulu_rep)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Oulu" in page and "Oulu East" not in page
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard_unit", args=[org.oulu.pk])).content.decode()
    assert "Oulu East" in page


def test_the_trend_switches_between_days_weeks_months_quarters_and_years(client, org):
    now = timezone.now()
    answer(org.oulu_customer, 10, when=now)
    answer(org.oulu_customer, 0, when=now - dt.timedelta(days=1))
    client.force_login(org.north_manager)
    for period, title, rows in (
        ("day", "NPS by day", 31),
        ("week", "NPS by week", 13),
        ("month", "NPS by month", 12),
        ("quarter", "NPS by quarter", 8),
        ("year", "NPS by year", 3),
        ("fortnight", "NPS by month", 12),  # unknown: the default
    ):
        response = client.get(reverse("dashboard"), {"period": period})
        board = response.context["panels"][0]["board"]
        assert title in response.content.decode()
        assert len(board.trend) == rows
        assert sum(point.counts.n for point in board.trend) == 2 or period == "day"
    board = unit_dashboard(unit=org.north, period="day", now=now)
    assert board.trend[-1].counts.n == 1 and board.trend[-2].counts.n == 1


def test_a_days_nps_drills_down_to_that_days_answers(client, org):
    now = timezone.now()
    answer(org.oulu_customer, 10, when=now, reason="Today")
    answer(org.oulu_customer, 0, when=now - dt.timedelta(days=1), reason="Yesterday")
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard"), {"period": "day"}).content.decode()
    links = re.findall(r'class="nps-value" href="([^"]+from=\d{4}-\d\d-\d\d[^"]*)">(-?\d+)<', page)
    assert len(links) == 2
    for href, value in links:
        rows = client.get(href.replace("&amp;", "&")).context["page"]
        assert len(rows.object_list) == 1 and rows.paginator.count == 1
        assert int(value) == (100 if rows.object_list[0].reason == "Today" else -100)


def test_the_drill_downs_total_comes_from_the_rollups_not_a_count_of_answers(
    client, org, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(7):
        answer(org.oulu_customer, i)
    client.force_login(org.north_manager)
    for params in ({}, {"unit": org.oulu.pk, "group": "detractor"}, {"month": "2020-01"}):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("dashboard_responses"), params).context["page"]
        counts = [
            q["sql"] for q in queries if "COUNT(" in q["sql"] and "surveys_response" in q["sql"]
        ]
        assert counts == [], params
        assert page.paginator.count == len(page.object_list)


def test_the_drill_downs_pages_are_the_newest_answers_wherever_they_fall(client, org):
    from earful.metrics.dashboards import response_list_for_drilldown

    now = timezone.now()
    rng = random.Random(3)
    for i in range(130):  # a burst today, then thinning out over a year
        days = 0 if i < 20 else rng.randint(1, 360)
        answer(rng.choice([org.oulu_customer, org.tampere_customer]), i % 11,
               when=now - dt.timedelta(days=days, minutes=i))  # fmt: skip
    client.force_login(org.north_manager)
    expected = [r.pk for r in response_list_for_drilldown(user=org.north_manager)]
    seen = []
    for number in (1, 2, 3):
        page = drill(client, page=number)
        assert page.paginator.count == 130
        seen += [r.pk for r in page.object_list]
    assert seen == expected
