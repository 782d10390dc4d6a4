from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from earful.api.tokens import api_token_create, api_token_revoke
from earful.directory.models import Customer
from earful.directory.tests.factories import CustomerFactory
from earful.platform.tests.smtp import running_smtp_server
from earful.surveys.choices import EventOutcome, InvitationStatus, ProgramKind
from earful.surveys.models import Event, Invitation, Program
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/events"
# An hour ago, in Helsinki summer or winter time: the delay has not passed yet.
OCCURRED = (timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0)


@pytest.fixture
def secret(org) -> str:
    _, secret = api_token_create(actor=org.admin, name="CRM")
    return secret


@pytest.fixture
def program(org) -> Program:
    return ProgramFactory.create(
        name="Inspections",
        kind=ProgramKind.TOUCHPOINT,
        event_types=["inspection_completed"],
        touchpoint_delay_hours=24,
    )


def event(who: Customer, /, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "idempotency_key": "crm-1",
        "type": "inspection_completed",
        "customer": who.external_id,
        "occurred_at": OCCURRED.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat(),
        "data": {"inspection": "I-77"},
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


def post(
    client: Client,
    body: object,
    secret: str | None,
    *,
    content_type: str = "application/json",
    **headers: str,
) -> Any:
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type, headers=headers)


def test_a_new_event_is_scheduled_and_answered_with_201(client, org, secret, program):
    response = post(client, event(org.oulu_customer), secret)

    assert response.status_code == 201
    body = response.json()
    recorded = Event.objects.get()
    assert body == {
        "event": recorded.pk,
        "outcome": "scheduled",
        "send_after": (OCCURRED + dt.timedelta(hours=24)).astimezone(dt.UTC).isoformat(),
        "detail": "",
    }
    assert recorded.customer == org.oulu_customer
    assert recorded.payload == {"inspection": "I-77"}
    invitation = Invitation.objects.get()
    assert recorded.invitation == invitation
    assert invitation.send_after == OCCURRED + dt.timedelta(hours=24)


def test_a_replayed_event_answers_200_with_the_same_body_and_schedules_nothing(
    client, org, secret, program
):
    first = post(client, event(org.oulu_customer), secret)
    again = post(client, event(org.oulu_customer), secret)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Event.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_the_idempotency_key_header_stands_in_for_a_missing_key(client, org, secret, program):
    body = event(org.oulu_customer, idempotency_key=...)

    first = post(client, body, secret, **{"Idempotency-Key": "hdr-1"})
    again = post(client, body, secret, **{"Idempotency-Key": "hdr-1"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert Event.objects.get().idempotency_key == "hdr-1"


def test_a_key_in_the_header_and_another_in_the_body_is_refused(client, org, secret, program):
    response = post(client, event(org.oulu_customer), secret, **{"Idempotency-Key": "other"})

    assert response.status_code == 400
    assert response.json()["field"] == "idempotency_key"
    assert not Event.objects.exists()


def test_a_key_reused_for_a_different_event_is_a_conflict(client, org, secret, program):
    post(client, event(org.oulu_customer), secret)

    response = post(client, event(org.tampere_customer), secret)

    assert response.status_code == 409
    assert response.json()["field"] == "idempotency_key"
    assert Event.objects.count() == 1


def test_an_event_the_rules_block_is_recorded_as_skipped_with_the_reason(
    client, org, secret, program
):
    Customer.objects.filter(pk=org.oulu_customer.pk).update(opted_out=True)

    response = post(client, event(org.oulu_customer), secret)

    assert response.status_code == 201
    body = response.json()
    assert body["outcome"] == "skipped"
    assert body["send_after"] is None
    assert body["detail"] == "Inspections: Opted out"
    assert not Invitation.objects.exists()


def test_an_event_no_program_answers_is_recorded_as_no_program(client, org, secret, program):
    response = post(client, event(org.oulu_customer, type="ticket_closed"), secret)

    assert response.status_code == 201
    assert response.json()["outcome"] == "no_program"
    assert Event.objects.get().outcome == EventOutcome.NO_PROGRAM


def test_a_request_without_a_token_is_refused_with_a_bearer_challenge(client, org, program):
    response = post(client, event(org.oulu_customer), None)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="earful"'
    assert not Event.objects.exists()


@pytest.mark.parametrize("presented", ["ea_not-a-token", "garbage", ""])
def test_a_request_with_a_wrong_token_is_refused(client, org, secret, program, presented):
    response = client.post(
        URL,
        data=json.dumps(event(org.oulu_customer)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {presented}"},
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Event.objects.exists()


def test_a_revoked_token_is_refused(client, org, program):
    token, secret = api_token_create(actor=None, name="Old CRM")
    api_token_revoke(actor=None, token=token)

    response = post(client, event(org.oulu_customer), secret)

    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_other_methods_are_not_allowed(client, secret, method):
    response = getattr(client, method)(URL, headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_body_that_is_not_json_content_is_unsupported(client, org, secret, program):
    response = post(client, "customer=C1", secret, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert "application/json" in response.json()["error"]


def test_a_body_over_64_kb_is_too_large(client, org, secret, program):
    body = event(org.oulu_customer, data={"notes": "x" * 70_000})

    response = post(client, body, secret)

    assert response.status_code == 413
    assert not Event.objects.exists()


@pytest.mark.parametrize("raw", ["{", "not json", b"\xff\xfe"])
def test_a_body_that_is_not_valid_json_is_a_bad_request(client, secret, raw):
    response = post(client, raw, secret)

    assert response.status_code == 400
    assert response.json()["error"].startswith("The body is not valid JSON")
    assert response.json()["field"] is None


def test_a_body_that_is_not_an_object_is_a_bad_request(client, secret):
    response = post(client, [1, 2], secret)

    assert response.status_code == 400
    assert response.json() == {"error": "The body must be a JSON object.", "field": None}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"idempotency_key": ...}, "idempotency_key", "idempotency_key is required."),
        ({"idempotency_key": ""}, "idempotency_key", "idempotency_key must not be empty."),
        ({"idempotency_key": "k" * 201}, "idempotency_key", "idempotency_key is too long"),
        ({"type": ...}, "type", "type is required."),
        ({"type": 7}, "type", "type must be a string."),
        ({"type": "t" * 101}, "type", "type is too long"),
        ({"customer": ...}, "customer", "customer is required."),
        ({"customer": "NO-SUCH-ID"}, "customer", "No customer has this external id."),
        ({"occurred_at": ...}, "occurred_at", "occurred_at is required."),
        ({"occurred_at": "yesterday"}, "occurred_at", "occurred_at is not an ISO 8601"),
        ({"occurred_at": "2026-03-02T09:00:00"}, "occurred_at", "occurred_at has no time zone"),
        ({"occurred_at": 1772434800}, "occurred_at", "occurred_at must be an ISO 8601"),
        ({"data": [1]}, "data", "data must be a JSON object."),
        ({"extra": 1}, "extra", "extra is not a known field."),
    ],
)
def test_a_malformed_event_is_refused_naming_the_field(
    client, org, secret, program, fields, field, message
):
    response = post(client, event(org.oulu_customer, **fields), secret)

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["error"].startswith(message)
    assert not Event.objects.exists()
    assert not Invitation.objects.exists()


def test_an_event_in_the_future_is_refused(client, org, secret, program):
    later = (timezone.now() + dt.timedelta(hours=1)).isoformat()

    response = post(client, event(org.oulu_customer, occurred_at=later), secret)

    assert response.status_code == 400
    assert response.json() == {"error": "occurred_at is in the future.", "field": "occurred_at"}


def test_utc_written_as_z_is_accepted(client, org, secret, program):
    response = post(client, event(org.oulu_customer, occurred_at="2026-03-02T07:00:00Z"), secret)

    assert response.status_code == 201
    assert Event.objects.get().occurred_at == dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC)


def test_the_endpoint_needs_no_csrf_token(org, secret, program):
    client = Client(enforce_csrf_checks=True)

    response = post(client, event(org.oulu_customer), secret)

    assert response.status_code == 201


def test_an_event_becomes_an_email_once_its_delay_has_passed(settings, client, org, secret):
    ProgramFactory.create(
        kind=ProgramKind.TOUCHPOINT, event_types=["ticket_closed"], touchpoint_delay_hours=2
    )
    occurred = timezone.now().replace(microsecond=0)
    body = event(org.oulu_customer, type="ticket_closed", occurred_at=occurred.isoformat())

    with running_smtp_server(settings) as smtp:
        response = post(client, body, secret)
        assert response.status_code == 201
        assert response.json()["outcome"] == "scheduled"

        early = send_due_invitations(now=occurred + dt.timedelta(hours=1, minutes=59))
        assert early.sent == 0
        assert smtp.messages == []

        due = send_due_invitations(now=occurred + dt.timedelta(hours=2, seconds=1))
        assert due.sent == 1
        [message] = smtp.to(org.oulu_customer.email)
        invitation = Invitation.objects.get()
        assert invitation.token in message.text
        assert invitation.status == InvitationStatus.SENT

        # The source system retries the post: nobody is asked twice.
        assert post(client, body, secret).status_code == 200
        send_due_invitations(now=occurred + dt.timedelta(days=1))
        assert len(smtp.messages) == 1


def test_an_event_costs_a_bounded_number_of_queries(
    client, org, secret, program, django_assert_max_num_queries
):
    post(client, event(org.tampere_customer, idempotency_key="warm-up"), secret)
    # Many customers and invitations must not make an event cost more.
    for n in range(20):
        other = CustomerFactory.create(unit=org.oulu)
        post(client, event(other, idempotency_key=f"other-{n}"), secret)

    # Token, customer, key; rules (one query each); the invitation's and event's checks.
    with django_assert_max_num_queries(25):
        response = post(client, event(org.oulu_customer), secret)
    assert response.status_code == 201

    # A replay: token, customer, key.
    with django_assert_max_num_queries(3):
        assert post(client, event(org.oulu_customer), secret).status_code == 200
