from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from earful.notifications.choices import DeliveryStatus, WebhookFormat
from earful.notifications.models import Notification, Webhook, WebhookDelivery
from earful.notifications.receivers import on_responses_recorded
from earful.notifications.tests.factories import make_response
from earful.notifications.webhooks import json as json_format
from earful.notifications.webhooks import slack, teams
from earful.notifications.webhooks.delivery import (
    MAX_ATTEMPTS,
    deliver_due,
    deliveries_for_response,
    response_event_data,
    retry_delay,
    sign,
    verify,
)

pytestmark = pytest.mark.django_db


@dataclass
class Receiver:
    """A local HTTP endpoint that answers with the next queued status code."""

    codes: list[int]
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def endpoint() -> Iterator[Receiver]:
    receiver = Receiver(codes=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.received.append((dict(self.headers.items()), body))
            self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def hook(url="http://127.0.0.1:9/none", fmt=WebhookFormat.JSON, **kwargs):
    units = kwargs.pop("units", [])
    webhook = Webhook.objects.create(name="Hook", url=url, format=fmt, **kwargs)
    webhook.units.set(units)
    return webhook


def test_each_format_builds_its_own_payload(org):
    data = response_event_data(
        make_response(customer=org.oulu_customer, score=2, reason="Rude staff")
    )

    as_json = json_format.build(event="response.created", data=data)
    as_slack = slack.build(event="response.created", data=data)
    as_teams = teams.build(event="response.created", data=data)

    assert as_json["event"] == "response.created"
    assert as_json["score"] == 2 and as_json["customer"] == "Oulu Oy"
    assert as_slack["text"] == "New response: 2/10 from Oulu Oy"
    assert "Rude staff" in as_slack["blocks"][0]["text"]["text"]
    assert as_teams["@type"] == "MessageCard"
    assert as_teams["title"] == "New response: 2/10 from Oulu Oy"
    assert as_teams["potentialAction"][0]["targets"][0]["uri"].endswith("/inbox/")


def test_a_signature_verifies_and_a_tampered_body_does_not():
    signature = sign(secret="s3cret", timestamp="1700000000", body=b'{"a":1}')

    assert signature.startswith("sha256=")
    assert verify(secret="s3cret", timestamp="1700000000", body=b'{"a":1}', signature=signature)
    assert not verify(secret="s3cret", timestamp="1700000000", body=b'{"a":2}', signature=signature)
    assert not verify(secret="other", timestamp="1700000000", body=b'{"a":1}', signature=signature)
    assert not verify(secret="s3cret", timestamp="1700000001", body=b'{"a":1}', signature=signature)


def test_webhooks_are_queued_by_score_and_unit_once(org):
    every = hook()
    detractors = hook(max_score=6)
    south = hook(units=[org.south])
    response = make_response(customer=org.oulu_customer, score=8)

    assert deliveries_for_response(response=response) == 1
    assert deliveries_for_response(response=response) == 0
    assert list(WebhookDelivery.objects.values_list("webhook", flat=True)) == [every.pk]
    assert not WebhookDelivery.objects.filter(webhook__in=[detractors, south]).exists()


def test_an_inactive_webhook_gets_nothing(org):
    hook(is_active=False)

    assert deliveries_for_response(response=make_response(customer=org.oulu_customer, score=1)) == 0


def test_a_delivery_is_posted_signed_and_marked_delivered(org, endpoint):
    hook(url=endpoint.url, secret="s3cret")
    deliveries_for_response(response=make_response(customer=org.oulu_customer, score=1))

    report = deliver_due()

    assert report.delivered == 1
    [(headers, body)] = endpoint.received
    assert json.loads(body)["score"] == 1
    assert verify(
        secret="s3cret",
        timestamp=headers["X-Earful-Timestamp"],
        body=body,
        signature=headers["X-Earful-Signature"],
    )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.last_status_code == 200


def test_a_failed_delivery_is_retried_with_backoff_and_then_delivered(org, endpoint):
    endpoint.codes = [500]
    hook(url=endpoint.url)
    deliveries_for_response(response=make_response(customer=org.oulu_customer, score=1))
    now = timezone.now()

    assert deliver_due(now=now).retried == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at == now + retry_delay(1)
    assert deliver_due(now=now + dt.timedelta(seconds=30)).delivered == 0  # not yet due

    assert deliver_due(now=delivery.next_attempt_at).delivered == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 2
    assert len(endpoint.received) == 2


def test_a_delivery_that_keeps_failing_is_given_up(org):
    hook(url="http://127.0.0.1:9/closed")  # nothing listens on the discard port
    deliveries_for_response(response=make_response(customer=org.oulu_customer, score=1))

    when = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        deliver_due(now=when)
        delivery = WebhookDelivery.objects.get()
        when = delivery.next_attempt_at

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    assert delivery.last_error


def test_a_broken_webhook_loses_neither_the_response_nor_the_notifications(org, monkeypatch):
    hook(url="http://127.0.0.1:9/closed")

    def explode(**kwargs: Any) -> int:
        raise RuntimeError("webhook setup is broken")

    monkeypatch.setattr("earful.notifications.receivers.deliveries_for_responses", explode)
    response = make_response(customer=org.oulu_customer, score=2)

    on_responses_recorded(sender=None, responses=[response], created=frozenset([response.pk]))

    assert Notification.objects.filter(response=response).count() == 2
    response.refresh_from_db()
    assert response.score == 2


def test_an_edited_answer_tells_nobody_again(org):
    hook()
    response = make_response(customer=org.oulu_customer, score=2)

    on_responses_recorded(sender=None, responses=[response], created=frozenset())

    assert not Notification.objects.exists()
    assert not WebhookDelivery.objects.exists()
