"""Background work of surveys. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from earful.platform.clock import Periodic
from earful.surveys.acknowledgements import acknowledgements_retry
from earful.surveys.models import Response
from earful.surveys.scheduler import draw_all_due
from earful.surveys.sending import send_due_invitations, send_due_reminders
from earful.surveys.signals import response_recorded


@task
def draw_invitations() -> None:
    """Today's draw of every active relationship program (a second run adds nobody)."""
    draw_all_due(timezone.localdate())


@task
def send_invitations() -> None:
    """Send the due invitations in the outbox (claimed one by one, so never twice)."""
    send_due_invitations()


@task
def send_reminders() -> None:
    """Send the one reminder to those who have not answered."""
    send_due_reminders()


@task
def response_followup(response_id: int, created: bool) -> None:
    """Tell the other apps (routing, cases, acknowledgements, kudos) about an answer.
    Enqueued in the answer's own transaction, so an answer is never without its
    follow-up; every listener is idempotent, so a rerun after a crash duplicates
    nothing."""
    response = (
        Response.objects.select_related("program", "customer", "unit")
        .filter(pk=response_id)
        .first()
    )
    if response is not None:  # deleted meanwhile: nothing to follow up
        response_recorded.send(sender=Response, response=response, created=created)


@task
def retry_acknowledgements() -> None:
    """Try again the acknowledgements that failed for a temporary reason."""
    acknowledgements_retry()


PERIODIC = [
    # Drawn early each day; later ticks find the day drawn and add nobody.
    Periodic("surveys.draw", dt.timedelta(minutes=15), draw_invitations),
    Periodic("surveys.send", dt.timedelta(minutes=1), send_invitations),
    Periodic("surveys.remind", dt.timedelta(minutes=15), send_reminders),
    Periodic("surveys.acknowledge", dt.timedelta(minutes=5), retry_acknowledgements),
]
