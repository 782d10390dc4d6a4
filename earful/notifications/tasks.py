"""Background work of notifications. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from earful.notifications.sending import send_due_digests, send_due_instant
from earful.notifications.webhooks.delivery import deliver_due
from earful.platform.clock import Periodic


@task
def send_notifications() -> None:
    """Email the due instant notifications, one by one."""
    send_due_instant()


@task
def send_digests() -> None:
    """Email each person whose digest hour has come their pending digest, in one email."""
    send_due_digests()


@task
def deliver_webhooks() -> None:
    """POST the due webhook deliveries; failures are retried with backoff."""
    deliver_due()


PERIODIC = [
    Periodic("notifications.send", dt.timedelta(minutes=1), send_notifications),
    # Digest times fall on whole local hours; an hourly tick finds each one due.
    Periodic("notifications.digest", dt.timedelta(hours=1), send_digests),
    Periodic("notifications.webhooks", dt.timedelta(minutes=1), deliver_webhooks),
]
