"""Background work of surveys. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

from django.tasks import task

from earful.surveys.sending import send_due_invitations, send_due_reminders


@task
def send_invitations() -> None:
    """Send the due invitations in the outbox (claimed one by one, so never twice)."""
    send_due_invitations()


@task
def send_reminders() -> None:
    """Send the one reminder to those who have not answered."""
    send_due_reminders()
