"""Who sees which cases, and SLA compliance per owner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from earful.cases.choices import CloseReason
from earful.cases.selectors import (
    case_get_for_user,
    case_list_visible_to,
    sla_compliance_by_owner,
)
from earful.cases.services import case_close_without_contact, case_log_call
from earful.cases.tests.factories import make_case
from earful.directory.models import Customer
from earful.surveys import rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(org):
    return {
        str(c.customer): c
        for c in (
            make_case(customer=customer)
            for customer in (
                org.oulu_customer,
                org.oulu_customer_of_rep2,
                org.tampere_customer,
                org.helsinki_customer,
                org.orphan_customer,
            )
        )
    }


def visible(user) -> set[str]:
    return {str(c.customer) for c in case_list_visible_to(user=user)}


def test_a_front_line_employee_sees_their_own_and_their_units_cases(org, cases):
    assert visible(org.oulu_rep) == {"Oulu Oy", "Oulu Ab", "Far Away Oy"}
    assert visible(org.helsinki_rep) == {"Helsinki Oy", "Far Away Oy"}


def test_a_manager_sees_their_subtree(org, cases):
    assert visible(org.north_manager) == {"Oulu Oy", "Oulu Ab", "Tampere Oy"}


def test_leads_and_analysts_see_everything_and_outsiders_nothing(org, cases):
    assert visible(org.cx_lead) == set(cases)
    assert visible(org.analyst) == set(cases)
    assert visible(org.nobody) == set()


def test_a_case_outside_the_scope_or_missing_is_404(org, cases):
    case = cases["Helsinki Oy"]
    assert case_get_for_user(user=org.helsinki_rep, case_id=case.pk) == case
    with pytest.raises(Http404):
        case_get_for_user(user=org.north_manager, case_id=case.pk)
    with pytest.raises(Http404):
        case_get_for_user(user=org.cx_lead, case_id=999999)


def test_the_case_list_is_one_query(org, cases, django_assert_num_queries):
    with django_assert_num_queries(1):
        [
            (str(c.customer), c.owner, c.unit.name, c.program.name)
            for c in case_list_visible_to(user=org.cx_lead)
        ]


def test_sla_compliance_counts_met_breached_and_open_per_owner(org):
    long_ago = timezone.now() - dt.timedelta(days=30)
    late = make_case(customer=org.oulu_customer, at=long_ago)  # never contacted: breached
    on_time = make_case(customer=org.oulu_customer)
    case_log_call(
        actor=org.oulu_rep,
        case=on_time,
        reached=True,
        learned="",
        root_cause=None,
        action_promised="",
        action_due=None,
    )
    fresh = make_case(customer=org.oulu_customer_of_rep2)
    case_close_without_contact(actor=org.oulu_rep2, case=fresh, reason=CloseReason.DECLINED)
    assert late.owner == org.oulu_rep
    rows = {
        r.owner: r
        for r in sla_compliance_by_owner(
            user=org.north_manager, since=long_ago - dt.timedelta(days=1)
        )
    }
    assert (rows[org.oulu_rep].cases, rows[org.oulu_rep].met, rows[org.oulu_rep].breached) == (
        2,
        1,
        1,
    )
    assert rows[org.oulu_rep].open == 2
    assert rows[org.oulu_rep].rate == 0.5
    assert (rows[org.oulu_rep2].met, rows[org.oulu_rep2].open, rows[org.oulu_rep2].rate) == (
        1,
        0,
        1.0,
    )
    assert sla_compliance_by_owner(user=org.helsinki_rep, since=long_ago) == []


def test_a_customer_with_an_open_case_is_not_asked_again_until_it_closes(org):
    case = make_case(customer=org.oulu_customer)
    assert list(rules.customers_with_open_case()) == [org.oulu_customer]
    case_close_without_contact(actor=None, case=case, reason=CloseReason.DECLINED)
    assert not rules.customers_with_open_case().exists()
    assert (
        Customer.objects.exclude(pk__in=rules.customers_with_open_case().values("pk")).count() == 6
    )
