from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from earful.directory.tests.factories import CustomerFactory
from earful.platform.emails import send as funnel_send
from earful.platform.models import AuditEntry
from earful.platform.tests.smtp import free_port, running_smtp_server
from earful.surveys import sending
from earful.surveys.choices import InvitationStatus
from earful.surveys.models import Invitation
from earful.surveys.sending import (
    LEASE,
    MAX_ATTEMPTS,
    email_is_bounced,
    retry_delay,
    send_due_invitations,
    send_due_reminders,
)
from earful.surveys.tasks import send_invitations, send_reminders
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def smtp(settings):
    with running_smtp_server(settings) as server:
        yield server


def invite(email, *, send_after=NOW, **kwargs):
    return InvitationFactory.create(
        customer=CustomerFactory(email=email), send_after=send_after, **kwargs
    )


def reload(invitation):
    invitation.refresh_from_db()
    return invitation


def test_a_sent_invitation_is_marked_sent(smtp):
    invitation = invite("ann@example.org")

    report = send_due_invitations(now=NOW)

    assert report.sent == 1
    assert reload(invitation).status == InvitationStatus.SENT
    assert invitation.sent_at == NOW
    assert invitation.attempts == 1
    assert len(smtp.to("ann@example.org")) == 1


def test_nothing_is_sent_before_send_after(smtp):
    invitation = invite("ann@example.org", send_after=NOW + dt.timedelta(hours=1))

    send_due_invitations(now=NOW)

    assert smtp.messages == []
    assert reload(invitation).status == InvitationStatus.PLANNED
    assert invitation.attempts == 0

    send_due_invitations(now=NOW + dt.timedelta(hours=1))

    assert len(smtp.messages) == 1


def test_sending_twice_sends_once(smtp):
    invite("ann@example.org")

    send_due_invitations(now=NOW)
    report = send_due_invitations(now=NOW + dt.timedelta(days=1))

    assert report.sent == 0
    assert len(smtp.messages) == 1


def test_a_worker_killed_mid_batch_resumes_without_sending_anyone_twice(smtp, monkeypatch):
    emails = [f"c{n}@example.org" for n in range(5)]
    for email in emails:
        invite(email)
    calls = []

    def send_then_die(messages, connection=None):
        calls.append(messages)
        if len(calls) == 3:
            raise KeyboardInterrupt  # killed before the third message reaches SMTP
        return funnel_send(messages, connection)

    monkeypatch.setattr("earful.surveys.sending.send", send_then_die)
    with pytest.raises(KeyboardInterrupt):
        send_due_invitations(now=NOW)
    monkeypatch.undo()
    assert len(smtp.messages) == 2

    # Right away, the dead worker's claim is still leased: nobody else takes it.
    send_due_invitations(now=NOW + dt.timedelta(seconds=1))
    assert len(smtp.messages) == 4
    # Once the lease ends, the interrupted one is retried.
    send_due_invitations(now=NOW + LEASE + dt.timedelta(seconds=1))

    assert sorted(rcpt for m in smtp.messages for rcpt in m.rcpt_tos) == emails
    assert set(Invitation.objects.values_list("status", flat=True)) == {InvitationStatus.SENT}


def test_a_claimed_invitation_is_not_sent_by_a_second_worker(smtp):
    invitation = invite("ann@example.org")
    # Another worker claimed it a moment ago.
    Invitation.objects.filter(pk=invitation.pk).update(attempts=1, send_after=NOW + LEASE)

    send_due_invitations(now=NOW)

    assert smtp.messages == []


def test_a_temporary_failure_is_retried_later_with_backoff_then_delivered(smtp):
    invitation = invite("busy@example.org")
    smtp.replies["busy@example.org"] = "451 4.3.0 Mailbox busy, try again later"

    report = send_due_invitations(now=NOW)

    assert report.retried == 1
    assert smtp.messages == []
    assert reload(invitation).status == InvitationStatus.PLANNED
    assert invitation.send_after == NOW + retry_delay(1)
    assert "451" in invitation.last_error

    later = NOW + retry_delay(1)
    send_due_invitations(now=later)
    assert reload(invitation).send_after == later + retry_delay(2)
    assert retry_delay(2) == 2 * retry_delay(1)

    del smtp.replies["busy@example.org"]
    send_due_invitations(now=later + dt.timedelta(days=1))

    assert reload(invitation).status == InvitationStatus.SENT
    assert invitation.last_error == ""
    assert len(smtp.to("busy@example.org")) == 1


def test_backoff_is_capped():
    assert retry_delay(30) == sending.RETRY_CAP


def test_an_unreachable_server_is_retried_later(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 1},
        }
    }
    invitation = invite("ann@example.org")

    report = send_due_invitations(now=NOW)

    assert report.retried == 1
    assert reload(invitation).status == InvitationStatus.PLANNED
    assert invitation.last_error.startswith("ConnectionRefusedError")


def test_an_invitation_is_given_up_after_the_last_attempt(smtp):
    invitation = invite("busy@example.org")
    smtp.replies["busy@example.org"] = "451 4.3.0 Try again later"
    when = NOW
    for _ in range(MAX_ATTEMPTS):
        send_due_invitations(now=when)
        when += sending.RETRY_CAP

    assert reload(invitation).status == InvitationStatus.FAILED
    assert invitation.attempts == MAX_ATTEMPTS


def test_a_hard_bounce_marks_the_invitation_bounced_and_the_address_invalid(smtp):
    invitation = invite("gone@example.org")
    smtp.replies["gone@example.org"] = "550 5.1.1 No such user"
    other = invite("ann@example.org")

    report = send_due_invitations(now=NOW)

    assert report.bounced == 1
    assert report.sent == 1
    assert reload(invitation).status == InvitationStatus.BOUNCED
    entry = AuditEntry.objects.get(action="customer.email_bounced")
    assert entry.object_id == str(invitation.customer.pk)
    assert entry.data["email"] == "gone@example.org"
    assert entry.data["code"] == 550
    assert "No such user" in entry.data["message"]
    invitation.customer.refresh_from_db()
    assert email_is_bounced(invitation.customer)
    assert not email_is_bounced(other.customer)


def test_a_bounced_address_is_not_sent_to_again_until_it_changes(smtp):
    first = invite("gone@example.org")
    smtp.replies["gone@example.org"] = "550 5.1.1 No such user"
    send_due_invitations(now=NOW)
    customer = first.customer
    second = InvitationFactory.create(customer=customer, send_after=NOW)

    send_due_invitations(now=NOW)

    assert reload(second).status == InvitationStatus.CANCELLED
    customer.refresh_from_db()
    assert customer.bounced_email == "gone@example.org"
    customer.email = "new@example.org"
    customer.save(update_fields=["email"])
    assert not email_is_bounced(customer)


def test_expired_invitations_are_not_sent(smtp):
    invitation = invite("ann@example.org")

    report = send_due_invitations(now=invitation.expires_at)

    assert report.expired == 1
    assert smtp.messages == []
    assert reload(invitation).status == InvitationStatus.CANCELLED


def test_customers_who_opted_out_since_are_cancelled_not_sent(smtp):
    invitation = invite("ann@example.org")
    customer = invitation.customer
    customer.opted_out = True
    customer.save(update_fields=["opted_out"])

    report = send_due_invitations(now=NOW)

    assert report.cancelled == 1
    assert smtp.messages == []
    assert reload(invitation).status == InvitationStatus.CANCELLED
    assert "opted out" in invitation.last_error


def test_a_batch_sends_at_most_its_size(smtp):
    for n in range(3):
        invite(f"c{n}@example.org")

    assert send_due_invitations(now=NOW, batch=2).sent == 2
    assert send_due_invitations(now=NOW, batch=2).sent == 1


def sent_invitation(email, *, days_ago, program=None, status=InvitationStatus.SENT):
    sent_at = NOW - dt.timedelta(days=days_ago)
    invitation = invite(email, send_after=sent_at, **({"program": program} if program else {}))
    Invitation.objects.filter(pk=invitation.pk).update(status=status, sent_at=sent_at)
    return reload(invitation)


def test_one_reminder_is_sent_to_those_who_have_not_answered_after_the_delay(smtp):
    program = ProgramFactory(reminder_after_days=4)
    due = sent_invitation("due@example.org", days_ago=4, program=program)
    sent_invitation("recent@example.org", days_ago=3, program=program)
    sent_invitation(
        "answered@example.org", days_ago=5, program=program, status=InvitationStatus.ANSWERED
    )

    report = send_due_reminders(now=NOW)
    send_due_reminders(now=NOW + dt.timedelta(hours=1))

    assert report.sent == 1
    [received] = smtp.messages
    assert received.rcpt_tos == ["due@example.org"]
    assert received.message["Subject"].startswith("Reminder:")
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert reload(due).reminder_sent_at == NOW
    assert due.status == InvitationStatus.SENT


def test_the_recent_invitation_gets_its_reminder_once_the_delay_has_passed(smtp):
    program = ProgramFactory(reminder_after_days=4)
    sent_invitation("recent@example.org", days_ago=3, program=program)

    send_due_reminders(now=NOW)
    send_due_reminders(now=NOW + dt.timedelta(days=1))
    send_due_reminders(now=NOW + dt.timedelta(days=2))

    assert len(smtp.to("recent@example.org")) == 1


def test_no_reminder_is_sent_for_an_expired_invitation(smtp):
    invitation = sent_invitation("ann@example.org", days_ago=40)

    send_due_reminders(now=NOW)

    assert smtp.messages == []
    assert reload(invitation).reminder_sent_at is None


def test_a_failed_reminder_is_not_retried(smtp):
    sent_invitation("busy@example.org", days_ago=5)
    smtp.replies["busy@example.org"] = "451 4.3.0 Try again later"

    assert send_due_reminders(now=NOW).failed == 1
    del smtp.replies["busy@example.org"]
    send_due_reminders(now=NOW + dt.timedelta(days=1))

    assert smtp.messages == []


def test_an_opted_out_customer_gets_no_reminder_and_the_invitation_is_cancelled(smtp):
    invitation = sent_invitation("ann@example.org", days_ago=5)
    invitation.customer.opted_out = True
    invitation.customer.save(update_fields=["opted_out"])

    send_due_reminders(now=NOW)

    assert smtp.messages == []
    assert reload(invitation).status == InvitationStatus.CANCELLED


def test_the_tasks_send_invitations_and_reminders(smtp):
    invite("ann@example.org", send_after=timezone.now() - dt.timedelta(minutes=1))
    sent_invitation("bob@example.org", days_ago=5).refresh_from_db()
    Invitation.objects.filter(customer__email="bob@example.org").update(
        sent_at=timezone.now() - dt.timedelta(days=5),
        expires_at=timezone.now() + dt.timedelta(days=20),
    )

    send_invitations.enqueue()
    send_reminders.enqueue()

    assert sorted(r for m in smtp.messages for r in m.rcpt_tos) == [
        "ann@example.org",
        "bob@example.org",
    ]
