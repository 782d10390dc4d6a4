"""Background work of surveys. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.tasks import task
from django.utils import timezone

from earful.platform.clock import Periodic
from earful.surveys.acknowledgements import acknowledgements_retry
from earful.surveys.followup import followups_process
from earful.surveys.scheduler import draw_all_due
from earful.surveys.sending import send_due_invitations, send_due_reminders


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
def process_followups() -> None:
    """Tell the other apps (routing, cases, acknowledgements, kudos, rollups) about the
    answers given or changed since the last run, a batch at a time (surveys.followup)."""
    followups_process()


@task
def retry_acknowledgements() -> None:
    """Try again the acknowledgements that failed for a temporary reason."""
    acknowledgements_retry()


PERIODIC = [
    # Drawn early each day; later ticks find the day drawn and add nobody.
    Periodic("surveys.draw", dt.timedelta(minutes=15), draw_invitations),
    Periodic("surveys.send", dt.timedelta(minutes=1), send_invitations),
    Periodic("surveys.remind", dt.timedelta(minutes=15), send_reminders),
    # Answers queue the task themselves; this catches any that committed unseen.
    Periodic("surveys.followup", dt.timedelta(minutes=1), process_followups),
    Periodic("surveys.acknowledge", dt.timedelta(minutes=5), retry_acknowledgements),
]
