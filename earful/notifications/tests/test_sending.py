from __future__ import annotations

import datetime as dt

import pytest

from earful.notifications.choices import Delivery, NotificationKind, NotificationStatus
from earful.notifications.models import Notification
from earful.notifications.sending import (
    LEASE,
    MAX_ATTEMPTS,
    retry_delay,
    send_due_digests,
    send_due_instant,
)
from earful.notifications.services import notifications_for_response, preference_set
from earful.notifications.tests.factories import make_response
from earful.platform.tests.smtp import free_port, running_smtp_server

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 12, 30, tzinfo=dt.UTC)


@pytest.fixture
def smtp(settings):
    with running_smtp_server(settings) as server:
        yield server


def fan_out(customer, score, reason="Slow delivery", now=NOW):
    response = make_response(customer=customer, score=score, reason=reason)
    notifications_for_response(response=response, now=now)
    return response


def test_an_instant_notification_arrives_by_smtp_and_is_marked_sent(org, smtp, settings):
    org.oulu_rep.email = "rep@example.org"
    org.oulu_rep.save()
    fan_out(org.oulu_customer, 3)

    report = send_due_instant(now=NOW)

    assert report.sent == 2
    [message] = smtp.to("rep@example.org")
    assert "3/10" in message.message["Subject"]
    assert "Oulu Oy" in message.message["Subject"]
    assert "You own this customer" in message.text
    assert "Slow delivery" in message.text
    assert f"{settings.SITE_ROOT}/inbox/" in message.html
    n = Notification.objects.get(recipient=org.oulu_rep)
    assert n.status == NotificationStatus.SENT
    assert n.sent_at == NOW
    assert send_due_instant(now=NOW + LEASE).sent == 0


def test_a_finnish_speaker_gets_a_finnish_email(org, smtp):
    org.oulu_rep.email = "rep@example.org"
    org.oulu_rep.language = "fi"
    org.oulu_rep.save()
    fan_out(org.oulu_customer, 3)

    send_due_instant(now=NOW)

    [message] = smtp.to("rep@example.org")
    assert message.message["Subject"].startswith("Uutta palautetta")
    assert "Avaa saapuneet" in message.text


def test_digest_notifications_wait_and_then_go_in_one_email(org, smtp):
    org.oulu_rep.email = "rep@example.org"
    org.oulu_rep.save()
    preference_set(actor=org.oulu_rep, delivery=Delivery.DIGEST, digest_hour=7)
    fan_out(org.oulu_customer, 3, reason="Late")
    fan_out(org.orphan_customer, 9, reason="Great")

    assert send_due_instant(now=NOW).sent == 1  # the North manager, at once
    assert smtp.to("rep@example.org") == []
    assert send_due_digests(now=NOW).sent == 0

    tomorrow = dt.datetime(2026, 3, 11, 5, 0, tzinfo=dt.UTC)
    report = send_due_digests(now=tomorrow)

    assert report.sent == 2
    [message] = smtp.to("rep@example.org")
    assert "2 new" in message.message["Subject"]
    assert "Late" in message.text and "Great" in message.text
    assert send_due_digests(now=tomorrow + LEASE).sent == 0


def test_a_refused_connection_is_retried_with_backoff_then_failed(org, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 1},
        }
    }
    org.oulu_rep.email = "rep@example.org"
    org.oulu_rep.save()
    response = make_response(customer=org.tampere_customer, score=3)
    from earful.notifications.services import notification_create

    notification_create(
        recipient=org.oulu_rep,
        kind=NotificationKind.NEW_RESPONSE,
        reason="x",
        response=response,
        now=NOW,
    )
    n = Notification.objects.get(recipient=org.oulu_rep)

    assert send_due_instant(now=NOW).retried == 1
    n.refresh_from_db()
    assert n.status == NotificationStatus.PENDING
    assert n.send_after == NOW + retry_delay(1)
    assert n.last_error

    when = n.send_after
    for _ in range(MAX_ATTEMPTS - 1):
        send_due_instant(now=when)
        n.refresh_from_db()
        when = n.send_after
    assert n.status == NotificationStatus.FAILED
    assert n.attempts == MAX_ATTEMPTS


def test_the_backoff_doubles():
    assert retry_delay(2) == 2 * retry_delay(1)
    assert retry_delay(3) == 4 * retry_delay(1)
