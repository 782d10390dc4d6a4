"""The owner's reply to the customer: drafted in their language, edited, sent, recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Org
from earful.cases.choices import ReplyKind
from earful.cases.models import Case, Reply
from earful.cases.replies import MAX_ATTEMPTS, replies_send_due, reply_draft, reply_send
from earful.cases.tests.factories import make_case
from earful.directory.models import Employee
from earful.platform.models import AuditEntry
from earful.platform.tests.smtp import SmtpServer, running_smtp_server

pytestmark = pytest.mark.django_db

ADDRESS = "buyer@oulu.example"


@pytest.fixture
def smtp(settings: object) -> Iterator[SmtpServer]:
    with running_smtp_server(settings) as server:
        yield server


@pytest.fixture
def case(org: Org) -> Case:
    org.oulu_rep.first_name, org.oulu_rep.last_name = "Olli", "Oulunen"
    org.oulu_rep.email = "olli@earful.example"
    org.oulu_rep.save()
    org.oulu_customer.email = ADDRESS
    org.oulu_customer.save()
    return make_case(customer=org.oulu_customer, reason="The report came late.")


def client_for(user: Employee) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_draft_is_in_the_customers_language_and_signed_by_the_owner(org: Org) -> None:
    case = make_case(customer=org.oulu_customer, language="fi")
    case.owner.first_name = "Olli"  # type: ignore[union-attr]
    case.owner.last_name = "Oulunen"  # type: ignore[union-attr]

    subject, body = reply_draft(case=case, kind=ReplyKind.PERSONAL)

    assert subject == "Palautteestasi"
    assert body.startswith(f"Hei {org.oulu_customer.name},")
    assert "Luin vastauksesi huolellisesti" in body
    assert body.endswith("Ystävällisin terveisin\nOlli Oulunen\nEarful")


@pytest.mark.parametrize("language", ["en", "fi", "sv", "de", "es"])
def test_every_language_has_both_drafts(org: Org, language: str) -> None:
    case = make_case(customer=org.oulu_customer, language=language)
    personal = reply_draft(case=case, kind=ReplyKind.PERSONAL)
    shape = reply_draft(case=case, kind=ReplyKind.SHAPE_THE_FIX)

    assert personal != shape
    assert "{" not in personal[1] + shape[1]
    assert "beta" in shape[1].lower()


def test_the_shape_the_fix_draft_invites_the_customer_to_reply(case: Case) -> None:
    subject, body = reply_draft(case=case, kind=ReplyKind.SHAPE_THE_FIX)

    assert subject == "Would you help us shape the fix?"
    assert "interview" in body
    assert "reply to this email" in body


def test_the_edited_reply_reaches_the_customer_and_is_recorded(
    org: Org, case: Case, smtp: SmtpServer, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        reply = reply_send(
            actor=org.oulu_rep,
            case=case,
            kind=ReplyKind.PERSONAL,
            subject="About the late report",
            body="Hello,\n\nThe report is fixed.\n\nOlli",
        )

    [message] = smtp.to(ADDRESS)
    assert message.message["Subject"] == "About the late report"
    assert message.message["Reply-To"] == "olli@earful.example"
    assert "The report is fixed." in message.text
    assert "The report is fixed.</p>" in message.html
    reply.refresh_from_db()
    assert reply.sent_at is not None
    assert reply.attempts == 1
    assert reply.by == org.oulu_rep
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"case.reply_queued", "case.reply_sent"} <= actions


def test_a_reply_is_retried_after_a_temporary_failure(
    org: Org, case: Case, smtp: SmtpServer, django_capture_on_commit_callbacks: object
) -> None:
    smtp.replies[ADDRESS] = "451 4.3.0 Try again later"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        reply = reply_send(
            actor=org.oulu_rep, case=case, kind=ReplyKind.PERSONAL, subject="Hi", body="Hello"
        )
    reply.refresh_from_db()
    assert reply.sent_at is None
    assert reply.attempts == 1
    assert "451" in reply.last_error

    assert replies_send_due() == 0  # the backoff has not passed yet
    del smtp.replies[ADDRESS]
    assert replies_send_due(now=timezone.now() + dt.timedelta(minutes=6)) == 1

    reply.refresh_from_db()
    assert reply.sent_at is not None
    assert reply.last_error == ""
    assert len(smtp.to(ADDRESS)) == 1
    assert replies_send_due(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_a_rejected_address_is_not_retried(
    org: Org, case: Case, smtp: SmtpServer, django_capture_on_commit_callbacks: object
) -> None:
    smtp.replies[ADDRESS] = "550 5.1.1 No such user"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        reply = reply_send(
            actor=org.oulu_rep, case=case, kind=ReplyKind.PERSONAL, subject="Hi", body="Hello"
        )

    reply.refresh_from_db()
    assert reply.attempts == MAX_ATTEMPTS
    assert reply.sent_at is None
    assert replies_send_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert AuditEntry.objects.filter(action="case.reply_failed").exists()


def test_a_customer_without_an_address_cannot_be_replied_to(org: Org) -> None:
    org.oulu_customer.email = ""
    org.oulu_customer.save()
    case = make_case(customer=org.oulu_customer)

    with pytest.raises(ValidationError):
        reply_send(actor=org.oulu_rep, case=case, kind=ReplyKind.PERSONAL, subject="Hi", body="x")
    assert not Reply.objects.exists()


def test_the_reply_page_shows_the_editable_draft(org: Org, case: Case) -> None:
    url = reverse("case_reply", args=[case.pk])

    response = client_for(org.oulu_rep).get(url, {"kind": "shape_the_fix"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Would you help us shape the fix?"' in html
    assert "<textarea" in html
    assert "Olli Oulunen" in html
    assert ADDRESS in html


def test_posting_the_reply_page_sends_the_edited_text_and_returns_to_the_case(
    org: Org, case: Case, smtp: SmtpServer, django_capture_on_commit_callbacks: object
) -> None:
    url = reverse("case_reply", args=[case.pk])
    data = {"kind": "personal", "subject": "Sorry about the report", "body": "My own words."}

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_for(org.oulu_rep).post(url, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("case_detail", args=[case.pk])
    reply = Reply.objects.get()
    assert (reply.kind, reply.subject, reply.body) == (
        "personal",
        "Sorry about the report",
        "My own words.",
    )
    assert "My own words." in smtp.to(ADDRESS)[0].text


def test_an_empty_message_is_refused(org: Org, case: Case) -> None:
    url = reverse("case_reply", args=[case.pk])

    response = client_for(org.oulu_rep).post(url, {"kind": "personal", "subject": "Hi", "body": ""})

    assert response.status_code == 400
    assert not Reply.objects.exists()


def test_the_manager_above_may_reply(org: Org, case: Case) -> None:
    response = client_for(org.north_manager).get(reverse("case_reply", args=[case.pk]))

    assert response.status_code == 200


def test_an_outsider_gets_404(org: Org, case: Case) -> None:
    client = client_for(org.helsinki_rep)
    url = reverse("case_reply", args=[case.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "personal", "subject": "x", "body": "y"}).status_code == 404
    assert not Reply.objects.exists()


def test_a_missing_case_gets_404(org: Org) -> None:
    response = client_for(org.admin).get(reverse("case_reply", args=[999999]))

    assert response.status_code == 404


def test_an_analyst_sees_the_case_but_may_not_write(org: Org, case: Case) -> None:
    response = client_for(org.analyst).get(reverse("case_reply", args=[case.pk]))

    assert response.status_code == 403
