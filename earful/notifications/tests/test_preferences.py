from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from earful.notifications.choices import Delivery, NotificationKind, NotificationStatus
from earful.notifications.models import Notification, Preference
from earful.notifications.services import (
    next_digest_time,
    notification_create,
    notifications_for_response,
    preference_set,
)
from earful.notifications.tests.factories import make_response

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 12, 30, tzinfo=dt.UTC)  # 14:30 in Helsinki


def test_without_a_preference_a_notification_goes_at_once(org):
    n = notification_create(
        recipient=org.oulu_rep, kind=NotificationKind.KUDOS, reason="x", subject_key="k:1", now=NOW
    )

    assert n is not None
    assert n.delivery == Delivery.INSTANT
    assert n.send_after == NOW
    assert n.status == NotificationStatus.PENDING


def test_creating_the_same_notification_twice_returns_none(org):
    kwargs = {"recipient": org.oulu_rep, "kind": NotificationKind.KUDOS, "reason": "x"}
    assert notification_create(subject_key="kudos:1", **kwargs) is not None
    assert notification_create(subject_key="kudos:1", **kwargs) is None
    assert Notification.objects.count() == 1


def test_a_digest_preference_waits_for_the_next_local_digest_hour(org):
    preference_set(actor=org.oulu_rep, delivery=Delivery.DIGEST, digest_hour=7)

    n = notification_create(
        recipient=org.oulu_rep, kind=NotificationKind.KUDOS, reason="x", now=NOW
    )

    assert n is not None
    assert n.delivery == Delivery.DIGEST
    # 07:00 tomorrow in Helsinki (UTC+2 in March) is 05:00 UTC.
    assert n.send_after == dt.datetime(2026, 3, 11, 5, 0, tzinfo=dt.UTC)


def test_the_digest_hour_follows_the_units_time_zone(org):
    org.north.time_zone = "America/New_York"
    org.north.save()
    preference_set(actor=org.oulu_rep, delivery=Delivery.DIGEST, digest_hour=16)

    n = notification_create(
        recipient=org.oulu_rep, kind=NotificationKind.KUDOS, reason="x", now=NOW
    )

    assert n is not None
    # Oulu inherits New York from North: 16:00 EDT on 10 March is 20:00 UTC, still today.
    assert n.send_after == dt.datetime(2026, 3, 10, 20, 0, tzinfo=dt.UTC)


def test_the_next_digest_time_is_later_today_or_tomorrow():
    zone = ZoneInfo("Europe/Helsinki")
    assert next_digest_time(now=NOW, hour=15, zone=zone) == dt.datetime(
        2026, 3, 10, 13, 0, tzinfo=dt.UTC
    )
    assert next_digest_time(now=NOW, hour=14, zone=zone) == dt.datetime(
        2026, 3, 11, 12, 0, tzinfo=dt.UTC
    )


def test_an_off_preference_records_the_notification_as_skipped(org):
    preference_set(actor=org.oulu_rep, delivery=Delivery.OFF, digest_hour=7)
    response = make_response(customer=org.oulu_customer, score=3)

    notifications_for_response(response=response, now=NOW)

    mine = Notification.objects.get(recipient=org.oulu_rep)
    assert mine.status == NotificationStatus.SKIPPED
    manager = Notification.objects.get(recipient=org.north_manager)
    assert manager.status == NotificationStatus.PENDING


def test_a_digest_hour_out_of_range_is_refused(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        preference_set(actor=org.oulu_rep, delivery=Delivery.DIGEST, digest_hour=24)
    assert not Preference.objects.exists()
