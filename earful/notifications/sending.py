"""The notification outbox: instant emails one by one, daily digests one per person.

Like `earful.surveys.sending`: a worker claims due rows with a conditional UPDATE that
bumps `attempts` and moves `send_after` forward as a lease, sends, then records the
outcome only if the row is still its own. Temporary failures are retried with
exponential backoff; after MAX_ATTEMPTS a notification is FAILED.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from earful.directory.models import Employee
from earful.notifications.choices import Delivery, NotificationKind, NotificationStatus
from earful.notifications.email_text import texts
from earful.notifications.models import Notification
from earful.platform.emails import Email, make_message, send
from earful.platform.outbox import Outbox

logger = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=10)
RETRY_BASE = dt.timedelta(minutes=2)
RETRY_CAP = dt.timedelta(hours=3)
MAX_ATTEMPTS = 6

OUTBOX = Outbox(
    pending=NotificationStatus.PENDING,
    due_field="send_after",
    lease=LEASE,
    retry_base=RETRY_BASE,
    retry_cap=RETRY_CAP,
)
retry_delay = OUTBOX.retry_delay

SUBJECTS = {
    NotificationKind.NEW_RESPONSE: "subject_new_response",
    NotificationKind.CASE_OPENED: "subject_case_opened",
    NotificationKind.CASE_ESCALATED: "subject_case_escalated",
    NotificationKind.KUDOS: "subject_kudos",
}


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0


# Building -----------------------------------------------------------------------------


def _item(notification: Notification, t: dict[str, str]) -> dict[str, str]:
    response = notification.response
    customer = t["walk_in"]
    score, unit, comment = "", "", ""
    if response is not None:
        if response.customer is not None:
            customer = response.customer.name
        score, unit, comment = str(response.score), response.unit.name, response.reason
    title = t[SUBJECTS[NotificationKind(notification.kind)]].format(score=score, customer=customer)
    return {
        "title": title,
        "reason": notification.reason,
        "customer": customer,
        "unit": unit,
        "comment": comment,
    }


def _email(recipient: Employee, notifications: list[Notification], *, digest: bool) -> Email:
    language = recipient.language or "en"
    t = texts(language)
    items = [_item(n, t) for n in notifications]
    subject = t["subject_digest"].format(count=len(items)) if digest else items[0]["title"]
    return Email(
        # One layout for both: a digest is the same email with more items.
        template="notification",
        to=recipient.email,
        language=language,
        context={
            "language": language,
            "t": t,
            "subject": subject,
            "greeting": t["greeting"].format(name=recipient.first_name or recipient.username),
            "intro": t["intro_digest"] if digest else t["intro_one"],
            "items": items,
            "inbox_url": f"{settings.SITE_ROOT}/inbox/",
            "settings_url": f"{settings.SITE_ROOT}/notifications/settings/",
        },
    )


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except OSError:
        logger.debug("closing a broken SMTP connection failed", exc_info=True)


def _due(now: dt.datetime, delivery: str, batch: int) -> list[Notification]:
    return list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING, delivery=delivery, send_after__lte=now
        )
        .select_related("recipient", "response__customer", "response__unit")
        .order_by("send_after", "pk")[:batch]
    )


def _send(
    recipient: Employee,
    claimed: list[Notification],
    *,
    digest: bool,
    now: dt.datetime,
    connection: BaseEmailBackend,
    report: SendReport,
) -> None:
    if not recipient.email or not recipient.is_active:
        for n in claimed:
            OUTBOX.finish(
                n, status=NotificationStatus.SKIPPED, last_error="No active email address."
            )
            report.skipped += 1
        return
    try:
        connection.open()
        send([make_message(_email(recipient, claimed, digest=digest))], connection=connection)
    except Exception as error:  # noqa: BLE001 (every failure is recorded and retried)
        _close_quietly(connection)
        text = f"{type(error).__name__}: {error}"[:2000]
        for n in claimed:
            if n.attempts >= MAX_ATTEMPTS:
                OUTBOX.finish(n, status=NotificationStatus.FAILED, last_error=text)
                report.failed += 1
            else:
                OUTBOX.finish(n, send_after=now + retry_delay(n.attempts), last_error=text)
                report.retried += 1
        return
    for n in claimed:
        OUTBOX.finish(n, status=NotificationStatus.SENT, sent_at=now, last_error="")
        report.sent += 1


def send_due_instant(*, now: dt.datetime | None = None, batch: int = 200) -> SendReport:
    """One email per due instant notification."""
    now = now or timezone.now()
    report = SendReport()
    connection = mailers.default
    try:
        for notification in _due(now, Delivery.INSTANT, batch):
            if OUTBOX.claim(notification, now):
                _send(
                    notification.recipient,
                    [notification],
                    digest=False,
                    now=now,
                    connection=connection,
                    report=report,
                )
    finally:
        _close_quietly(connection)
    return report


def send_due_digests(*, now: dt.datetime | None = None, batch: int = 2000) -> SendReport:
    """One email per recipient holding all their due digest notifications."""
    now = now or timezone.now()
    report = SendReport()
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for notification in _due(now, Delivery.DIGEST, batch):
        by_recipient[notification.recipient_id].append(notification)
    connection = mailers.default
    try:
        for notifications in by_recipient.values():
            claimed = [n for n in notifications if OUTBOX.claim(n, now)]
            if claimed:
                _send(
                    claimed[0].recipient,
                    claimed,
                    digest=True,
                    now=now,
                    connection=connection,
                    report=report,
                )
    finally:
        _close_quietly(connection)
    return report
