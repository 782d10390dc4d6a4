"""The outbox: sending committed invitations, retrying, and one reminder.

Invitation rows are committed by the scheduler before anything is sent. A worker then
claims one due row at a time with a conditional UPDATE, sends it, and records the outcome
in its own small write. Any number of workers may run; none needs a lock server.

The claim. There is no "sending" status, so a claim is made with the existing fields:

    UPDATE invitation SET attempts = attempts + 1, send_after = now + LEASE
    WHERE pk = X AND status = 'planned' AND attempts = <seen> AND send_after <= now

Only the worker whose UPDATE changed one row sends. Moving `send_after` into the future
is a lease: if the worker dies before recording the outcome, the row becomes due again
when the lease ends and another worker retries it.

At-most-once or at-least-once? Invitations are at-least-once, with the duplicate
window made as small as it can be: the only moment a duplicate can happen is between the
SMTP server accepting the message and the `status = 'sent'` write that follows it at
once (no rendering, no other I/O in between). A worker killed anywhere else either has
not sent (the lease expires and the row is retried) or has recorded the send. Reminders
are at-most-once: `reminder_sent_at` is set by the claim, before the send, because a
missed reminder costs less than a repeated one.

Temporary failures (4xx replies, refused connections, timeouts) are retried with
exponential backoff; hard bounces (5xx at RCPT) mark the invitation BOUNCED and the
address as bounced.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from earful.directory.models import Customer
from earful.platform.audit import log_action
from earful.platform.emails import Email, make_message, send
from earful.platform.outbox import Outbox
from earful.surveys.choices import InvitationStatus
from earful.surveys.email_text import email_texts
from earful.surveys.links import survey_url, unsubscribe_url
from earful.surveys.models import Invitation, Program
from earful.surveys.signals import invitations_sent
from earful.surveys.wording import question_text

logger = logging.getLogger(__name__)

# How long a claimed row is reserved for the worker that claimed it.
LEASE = dt.timedelta(minutes=10)
RETRY_BASE = dt.timedelta(minutes=5)
RETRY_CAP = dt.timedelta(hours=6)
# Attempts (claims) before a planned invitation is given up as FAILED.
MAX_ATTEMPTS = 6

OUTBOX = Outbox(
    pending=InvitationStatus.PLANNED,
    due_field="send_after",
    lease=LEASE,
    retry_base=RETRY_BASE,
    retry_cap=RETRY_CAP,
)
retry_delay = OUTBOX.retry_delay

BOUNCED_ACTION = "customer.email_bounced"


@dataclass
class SendReport:
    """What one run of the outbox did."""

    sent: int = 0
    retried: int = 0
    bounced: int = 0
    failed: int = 0
    cancelled: int = 0
    expired: int = 0


class _TemporaryFailure(Exception):
    """A send that may succeed later."""


class _HardBounce(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


class _PermanentFailure(Exception):
    """The server rejected the message itself (5xx after DATA): retrying will not help."""


# Bounced addresses ---------------------------------------------------------------------


def email_is_bounced(customer: Customer) -> bool:
    """Whether the customer's current address has hard-bounced (a changed one has not)."""
    return bool(customer.email) and customer.bounced_email == customer.email


def _mark_bounced(customer: Customer, code: int, message: str) -> None:
    """Mark the address as bounced, so the contact rules skip it from now on."""
    Customer.objects.filter(pk=customer.pk).update(bounced_email=customer.email)
    customer.bounced_email = customer.email
    log_action(
        BOUNCED_ACTION,
        actor=None,
        obj=customer,
        data={"email": customer.email, "code": code, "message": message},
    )


def _record_bounce(invitation: Invitation, code: int, message: str) -> None:
    changed = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PLANNED).update(
        status=InvitationStatus.BOUNCED, last_error=f"{code} {message}"[:2000]
    )
    if changed:
        _mark_bounced(invitation.customer, code, message)


# Building the email --------------------------------------------------------------------


def invitation_email(invitation: Invitation, *, reminder: bool = False) -> Email:
    """The invitation (or its reminder) as an `Email`: eleven score links, an unsubscribe
    link, and the one-click unsubscribe headers of RFC 8058."""
    language = invitation.language
    customer = invitation.customer
    unsubscribe = unsubscribe_url(invitation)
    return Email(
        template="reminder" if reminder else "invitation",
        to=customer.email,
        language=language,
        context={
            "language": language,
            "t": email_texts(language, site_name=settings.SITE_NAME, name=customer.name),
            "question": question_text(invitation.program.wording, language, "recommend"),
            "score_links": [{"score": n, "url": survey_url(invitation, n)} for n in range(11)],
            "survey_url": survey_url(invitation),
            "unsubscribe_url": unsubscribe,
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _deliver(invitation: Invitation, connection: BaseEmailBackend, *, reminder: bool) -> None:
    """Render, then send; SMTP outcomes become this module's three exceptions."""
    message = make_message(invitation_email(invitation, reminder=reminder))
    try:
        connection.open()
        send([message], connection=connection)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()), (451, b"refused"))
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        if 500 <= code < 600:
            raise _HardBounce(code, text) from error
        raise _TemporaryFailure(f"{code} {text}") from error
    except smtplib.SMTPDataError as error:
        text = f"{error.smtp_code} {error.smtp_error!r}"
        if 500 <= error.smtp_code < 600:
            raise _PermanentFailure(text) from error
        raise _TemporaryFailure(text) from error
    except OSError as error:
        # Refused connections, timeouts, disconnects, other SMTP replies: try later,
        # on a fresh connection.
        _close_quietly(connection)
        raise _TemporaryFailure(f"{type(error).__name__}: {error}") from error


def _close_quietly(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except OSError:
        logger.debug("closing a broken SMTP connection failed", exc_info=True)


# Invitations ---------------------------------------------------------------------------


def _cannot_be_asked(customer: Customer) -> str:
    """Why the customer may no longer be sent a survey, or "" when they may."""
    if customer.opted_out:
        return "The customer opted out."
    if not customer.survey_consent:
        return "The customer withdrew survey consent."
    if not customer.email:
        return "The customer has no email address."
    if email_is_bounced(customer):
        return "The customer's address has bounced."
    return ""


def _expire_due(now: dt.datetime) -> int:
    return Invitation.objects.filter(
        status=InvitationStatus.PLANNED, send_after__lte=now, expires_at__lte=now
    ).update(status=InvitationStatus.CANCELLED, last_error="Expired before it could be sent.")


def send_due_invitations(*, now: dt.datetime | None = None, batch: int = 200) -> SendReport:
    """Send up to `batch` due planned invitations. Safe to run on several workers at once
    and to run again after a crash (see the module docstring)."""
    now = now or timezone.now()
    report = SendReport(expired=_expire_due(now))
    due = list(
        Invitation.objects.filter(
            status=InvitationStatus.PLANNED, send_after__lte=now, expires_at__gt=now
        )
        .select_related("program", "customer")
        .order_by("send_after", "pk")[:batch]
    )
    connection = mailers.default
    try:
        for invitation in due:
            if not OUTBOX.claim(invitation, now):
                continue  # another worker has it
            reason = _cannot_be_asked(invitation.customer)
            if reason:
                OUTBOX.finish(invitation, status=InvitationStatus.CANCELLED, last_error=reason)
                report.cancelled += 1
                continue
            try:
                _deliver(invitation, connection, reminder=False)
            except _TemporaryFailure as error:
                if invitation.attempts >= MAX_ATTEMPTS:
                    OUTBOX.finish(invitation, status=InvitationStatus.FAILED, last_error=str(error))
                    report.failed += 1
                else:
                    OUTBOX.finish(
                        invitation,
                        send_after=now + retry_delay(invitation.attempts),
                        last_error=str(error),
                    )
                    report.retried += 1
                continue
            except _HardBounce as error:
                _record_bounce(invitation, error.code, error.message)
                report.bounced += 1
                continue
            except _PermanentFailure as error:
                OUTBOX.finish(invitation, status=InvitationStatus.FAILED, last_error=str(error))
                report.failed += 1
                continue
            # The duplicate window: keep nothing between the send and this write.
            with transaction.atomic():
                OUTBOX.finish(invitation, status=InvitationStatus.SENT, sent_at=now, last_error="")
                invitation.sent_at = now
                invitations_sent.send(sender=Invitation, invitations=[invitation])
            report.sent += 1
    finally:
        _close_quietly(connection)
    return report


# Reminders -----------------------------------------------------------------------------


def send_due_reminders(*, now: dt.datetime | None = None, batch: int = 200) -> SendReport:
    """One reminder per sent, unanswered, unexpired invitation, once the program's
    `reminder_after_days` have passed (0 turns reminders off). At most once: the claim
    sets `reminder_sent_at` before the send, and a failed reminder is not retried."""
    now = now or timezone.now()
    report = SendReport()
    connection = mailers.default
    try:
        for program in Program.objects.filter(reminder_after_days__gt=0):
            cutoff = now - dt.timedelta(days=program.reminder_after_days)
            due = (
                Invitation.objects.filter(
                    program=program,
                    status=InvitationStatus.SENT,
                    sent_at__lte=cutoff,
                    reminder_sent_at__isnull=True,
                    expires_at__gt=now,
                    response__isnull=True,
                )
                .select_related("program", "customer")
                .order_by("sent_at", "pk")[:batch]
            )
            for invitation in due:
                claimed = Invitation.objects.filter(
                    pk=invitation.pk, status=InvitationStatus.SENT, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if claimed != 1:
                    continue
                reason = _cannot_be_asked(invitation.customer)
                if reason:
                    Invitation.objects.filter(
                        pk=invitation.pk, status=InvitationStatus.SENT
                    ).update(status=InvitationStatus.CANCELLED, last_error=reason)
                    report.cancelled += 1
                    continue
                try:
                    _deliver(invitation, connection, reminder=True)
                except _HardBounce as error:
                    _mark_bounced(invitation.customer, error.code, error.message)
                    report.bounced += 1
                except (_TemporaryFailure, _PermanentFailure) as error:
                    Invitation.objects.filter(pk=invitation.pk).update(
                        last_error=f"Reminder not sent: {error}"[:2000]
                    )
                    report.failed += 1
                else:
                    report.sent += 1
    finally:
        _close_quietly(connection)
    return report
