"""The demo's notifications: kudos from history, recent answers in the outbox, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from earful.directory.tests.factories import EmployeeFactory
from earful.notifications import demo
from earful.notifications.models import Kudos, Notification
from earful.notifications.tests.factories import make_response

pytestmark = pytest.mark.django_db


def test_the_demo_finds_kudos_and_fills_the_outbox_once(org):
    EmployeeFactory.create(first_name="Anna", last_name="Virtanen", unit=org.oulu)
    now = timezone.now()
    old = make_response(
        customer=org.oulu_customer, score=10, reason="Thanks to Anna, very helpful!"
    )
    old.submitted_at = now - dt.timedelta(days=200)
    old.save(update_fields=["submitted_at"])
    # Written directly, like the demo's bulk-built history: no follow-up has run.
    make_response(customer=org.helsinki_customer, score=3, reason="Slow.")
    assert not Kudos.objects.exists() and not Notification.objects.exists()

    summary = demo.build(seed=1, now=now)

    assert (summary.kudos, summary.matched) == (1, 1)
    recent = Notification.objects.filter(response__submitted_at__gte=now - demo.RECENT)
    assert recent.filter(kind="new_response").exists()
    assert not Notification.objects.filter(response=old, kind="new_response").exists()
    assert demo.build(seed=1, now=now) == summary
