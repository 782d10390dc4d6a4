"""The front-line inbox ("My customers' feedback") and the team's SLA page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import Org
from earful.cases.services import case_log_call, case_resolve
from earful.cases.tests.factories import make_case, make_response
from earful.directory.models import Employee
from earful.surveys.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def inbox_for(user: Employee, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("inbox") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_front_line_employee_sees_only_the_answers_of_their_own_customers(org: Org) -> None:
    make_response(customer=org.oulu_customer, score=9, reason="Mine, near.")
    make_response(customer=org.orphan_customer, score=8, reason="Mine, far away.")
    make_response(customer=org.oulu_customer_of_rep2, score=2, reason="A colleague's.")
    make_response(customer=org.helsinki_customer, score=2, reason="Another unit's.")

    html = inbox_for(org.oulu_rep)

    assert "Mine, near." in html
    assert "Mine, far away." in html
    assert "A colleague&#x27;s." not in html
    assert "Another unit&#x27;s." not in html


def test_a_manager_sees_their_whole_subtree_and_nothing_else(org: Org) -> None:
    make_response(customer=org.oulu_customer, reason="From Oulu.")
    make_response(customer=org.tampere_customer, reason="From Tampere.")
    make_response(customer=org.helsinki_customer, reason="From Helsinki.")

    html = inbox_for(org.north_manager)

    assert "From Oulu." in html
    assert "From Tampere." in html
    assert "From Helsinki." not in html


def test_a_cx_lead_sees_everything(org: Org) -> None:
    make_response(customer=org.oulu_customer, reason="From Oulu.")
    make_response(customer=org.helsinki_customer, reason="From Helsinki.")

    html = inbox_for(org.cx_lead)

    assert "From Oulu." in html
    assert "From Helsinki." in html


def test_an_employee_without_a_unit_sees_nothing_of_others(org: Org) -> None:
    make_response(customer=org.oulu_customer, reason="From Oulu.")

    assert "From Oulu." not in inbox_for(org.nobody)


def test_the_inbox_lists_newest_first_with_the_case_and_its_due_time(org: Org) -> None:
    now = timezone.now()
    make_response(
        customer=org.oulu_customer, score=9, reason="Older.", at=now - dt.timedelta(days=3)
    )
    case = make_case(customer=org.oulu_customer, score=2, reason="Newer.", at=now)

    html = inbox_for(org.oulu_rep)

    assert html.index("Newer.") < html.index("Older.")
    assert reverse("case_detail", args=[case.pk]) in html
    assert "due in" in html
    assert "1 earlier answer" in html  # the history under the newer answer


def test_an_overdue_case_says_by_how_much(org: Org) -> None:
    make_case(customer=org.oulu_customer, at=timezone.now() - dt.timedelta(days=10))

    assert "overdue by" in inbox_for(org.oulu_rep)


def listed(html: str) -> set[int]:
    """The responses listed as items (not those in an item's history)."""
    return {int(pk) for pk in re.findall(r'id="response-(\d+)"', html)}


def test_the_filters_show_open_cases_due_soon_and_detractors(org: Org) -> None:
    now = timezone.now()
    happy = make_response(customer=org.oulu_customer, score=10)
    overdue = make_case(customer=org.oulu_customer, score=1, at=now - dt.timedelta(days=10))
    fresh = make_case(customer=org.oulu_customer, score=4, at=now)
    program = ProgramFactory.create(detractor_threshold=2)
    meh = make_response(customer=org.oulu_customer, score=5, program=program)
    done = make_case(customer=org.oulu_customer, score=0)
    case_log_call(
        actor=org.oulu_rep,
        case=done,
        reached=True,
        learned="Ok.",
        root_cause=None,
        action_promised="",
        action_due=None,
    )
    case_resolve(actor=org.oulu_rep, case=done, resolution="Fixed.")

    assert listed(inbox_for(org.oulu_rep)) == {
        happy.pk,
        overdue.response_id,
        fresh.response_id,
        meh.pk,
        done.response_id,
    }
    assert listed(inbox_for(org.oulu_rep, "?show=open")) == {overdue.response_id, fresh.response_id}
    # The fresh case is due in two working days: not soon.
    assert listed(inbox_for(org.oulu_rep, "?show=due")) == {overdue.response_id}
    # 5 is no detractor where the program's threshold is 2.
    assert listed(inbox_for(org.oulu_rep, "?show=detractors")) == {
        overdue.response_id,
        fresh.response_id,
        done.response_id,
    }


def test_an_unknown_filter_shows_everything(org: Org) -> None:
    make_response(customer=org.oulu_customer, score=10, reason="Happy.")

    assert "Happy." in inbox_for(org.oulu_rep, "?show=nonsense")


def test_the_inbox_offers_the_call_form_for_open_cases_only(org: Org) -> None:
    case = make_case(customer=org.oulu_customer)
    make_response(customer=org.oulu_customer, score=10)

    html = inbox_for(org.oulu_rep)

    assert html.count(reverse("case_log_call", args=[case.pk])) == 1
    assert f'id="id_c{case.pk}_learned"' in html


def test_an_analyst_gets_no_call_form(org: Org) -> None:
    case = make_case(customer=org.oulu_customer)

    assert reverse("case_log_call", args=[case.pk]) not in inbox_for(org.analyst)


def test_the_inbox_costs_a_bounded_number_of_queries(org: Org) -> None:
    now = timezone.now()
    for n in range(10):
        make_case(customer=org.oulu_customer, score=n % 7, at=now - dt.timedelta(hours=n))
        make_response(
            customer=org.orphan_customer, score=9, at=now - dt.timedelta(hours=n, minutes=30)
        )
    client = Client()
    client.force_login(org.oulu_rep)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("inbox"))

    assert response.status_code == 200
    assert response.content.decode().count('class="inbox-item') == 20
    assert len(queries) <= 15


def test_the_inbox_pages_through_many_answers(org: Org) -> None:
    for n in range(25):
        make_response(customer=org.oulu_customer, score=9, reason=f"Answer {n}.")

    assert 'rel="next"' in inbox_for(org.oulu_rep)
    assert "Answer 0." in inbox_for(org.oulu_rep, "?page=2")


def team_for(user: Employee, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("inbox_team") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_page_shows_sla_compliance_per_person_in_the_managers_subtree(org: Org) -> None:
    now = timezone.now()
    on_time = make_case(customer=org.oulu_customer, at=now - dt.timedelta(hours=1))
    case_log_call(
        actor=org.oulu_rep,
        case=on_time,
        reached=True,
        learned="Fine.",
        root_cause=None,
        action_promised="",
        action_due=None,
    )
    make_case(customer=org.oulu_customer, at=now - dt.timedelta(days=10))  # breached
    make_case(customer=org.helsinki_customer)  # another region

    html = team_for(org.north_manager)

    assert str(org.oulu_rep) in html
    assert "50 %" in html
    assert str(org.helsinki_rep) not in html


def test_the_team_page_period_filter_leaves_out_older_cases(org: Org) -> None:
    make_case(customer=org.oulu_customer, at=timezone.now() - dt.timedelta(days=60))

    assert str(org.oulu_rep) not in team_for(org.north_manager, "?days=30")
    assert str(org.oulu_rep) in team_for(org.north_manager, "?days=90")
