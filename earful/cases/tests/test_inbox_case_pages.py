"""The case page and its actions: log a call, resolve, close without contact, reopen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Org
from earful.cases.choices import CaseStatus, CloseReason
from earful.cases.models import Case, RootCause
from earful.cases.tests.factories import make_case, make_response
from earful.directory.models import Employee

pytestmark = pytest.mark.django_db


def client_for(user: Employee) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(org: Org) -> Case:
    return make_case(customer=org.oulu_customer, reason="The report came late.")


@pytest.fixture
def late_delivery() -> RootCause:
    return RootCause.objects.create(name="Late delivery")


def test_the_owner_sees_the_case_with_the_answer_and_earlier_answers(org: Org, case: Case) -> None:
    make_response(
        customer=org.oulu_customer,
        score=9,
        reason="Great last year.",
        at=case.response.submitted_at - dt.timedelta(days=300),
    )

    response = client_for(org.oulu_rep).get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The report came late." in html
    assert "Great last year." in html
    assert "Log a call" in html


def test_the_manager_above_sees_the_case(org: Org, case: Case) -> None:
    response = client_for(org.north_manager).get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 200


def test_an_outsider_gets_404(org: Org, case: Case) -> None:
    response = client_for(org.helsinki_rep).get(reverse("case_detail", args=[case.pk]))

    assert response.status_code == 404


def test_a_missing_case_is_404(org: Org) -> None:
    response = client_for(org.cx_lead).get(reverse("case_detail", args=[999999]))

    assert response.status_code == 404


def test_an_outsider_cannot_log_a_call(org: Org, case: Case) -> None:
    response = client_for(org.helsinki_rep).post(
        reverse("case_log_call", args=[case.pk]), {"reached": "no"}
    )

    assert response.status_code == 404
    assert not case.calls.exists()


def test_an_analyst_may_read_but_not_act(org: Org, case: Case) -> None:
    client = client_for(org.analyst)

    page = client.get(reverse("case_detail", args=[case.pk]))
    post = client.post(reverse("case_log_call", args=[case.pk]), {"reached": "no"})

    assert page.status_code == 200
    assert "Log the call" not in page.content.decode()
    assert post.status_code == 403
    assert not case.calls.exists()


def test_a_reached_call_without_what_was_learned_is_refused_with_a_message(
    org: Org, case: Case
) -> None:
    response = client_for(org.oulu_rep).post(
        reverse("case_log_call", args=[case.pk]), {"reached": "yes", "learned": ""}
    )

    assert response.status_code == 200
    assert "Write down what you learned from the call." in response.content.decode()
    assert not case.calls.exists()


def test_a_call_needs_to_say_whether_the_customer_was_reached(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).post(reverse("case_log_call", args=[case.pk]), {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not case.calls.exists()


def test_a_reached_call_marks_the_case_contacted_and_returns_to_the_inbox(
    org: Org, case: Case, late_delivery: RootCause
) -> None:
    inbox = reverse("inbox") + "?show=open"
    response = client_for(org.oulu_rep).post(
        reverse("case_log_call", args=[case.pk]),
        {
            "reached": "yes",
            "learned": "The courier was late.",
            "root_cause": str(late_delivery.pk),
            "action_promised": "Switch couriers.",
            "action_due": "2030-01-15",
            "next": inbox,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == inbox
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTED
    assert case.root_cause == late_delivery
    call = case.calls.get()
    assert (call.by, call.reached, call.learned, call.action_due) == (
        org.oulu_rep,
        True,
        "The courier was late.",
        dt.date(2030, 1, 15),
    )


def test_a_call_ignores_a_next_address_on_another_site(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).post(
        reverse("case_log_call", args=[case.pk]),
        {"reached": "no", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("case_detail", args=[case.pk])


def test_an_unknown_root_cause_is_refused(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).post(
        reverse("case_log_call", args=[case.pk]), {"reached": "no", "root_cause": "424242"}
    )

    assert response.status_code == 200
    assert not case.calls.exists()


def test_resolving_a_case_nobody_reached_shows_the_services_refusal(org: Org, case: Case) -> None:
    client = client_for(org.oulu_rep)

    response = client.post(
        reverse("case_resolve", args=[case.pk]), {"resolution": "Fixed."}, follow=True
    )

    assert "Log a call that reached the customer before resolving the case." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_the_owner_resolves_and_reopens_a_case(
    org: Org, case: Case, late_delivery: RootCause
) -> None:
    client = client_for(org.oulu_rep)
    client.post(reverse("case_log_call", args=[case.pk]), {"reached": "yes", "learned": "Late."})

    resolved = client.post(
        reverse("case_resolve", args=[case.pk]),
        {"resolution": "New courier.", "root_cause": str(late_delivery.pk)},
        follow=True,
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.root_cause == late_delivery
    assert "The case is resolved." in resolved.content.decode()
    assert "Within SLA" in resolved.content.decode()

    client.post(reverse("case_reopen", args=[case.pk]), {"why": "It happened again."})

    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTED
    assert case.reopened_count == 1


def test_a_reopen_needs_a_reason(org: Org, case: Case) -> None:
    client = client_for(org.oulu_rep)
    client.post(reverse("case_close", args=[case.pk]), {"reason": CloseReason.DECLINED})

    response = client.post(reverse("case_reopen", args=[case.pk]), {"why": ""})

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_owner_closes_a_case_without_contact(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).post(
        reverse("case_close", args=[case.pk]),
        {"reason": CloseReason.UNREACHABLE, "note": "Three tries."},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.close_reason) == (CaseStatus.CLOSED, CloseReason.UNREACHABLE)


def test_a_close_needs_a_known_reason(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).post(
        reverse("case_close", args=[case.pk]), {"reason": "bored"}
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_the_actions_only_accept_post(org: Org, case: Case) -> None:
    response = client_for(org.oulu_rep).get(reverse("case_resolve", args=[case.pk]))

    assert response.status_code == 405
