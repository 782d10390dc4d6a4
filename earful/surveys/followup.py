"""The follow-up of answers: routing, cases, acknowledgements, kudos, rollups, text
analysis — everything other apps do when an answer is given or changed.

Answering writes a `Followup` row in the answer's own transaction (it commits with the
answer or not at all) and makes sure a `process_followups` task is waiting. A worker
claims a few hundred rows at a time, loads their responses in one query and sends
`responses_recorded` once for the batch, so every listener works set-based: a burst of
10,000 answers costs a few queries per batch, not dozens per answer.

A claim is a lease: a worker that dies mid-batch leaves the rows to be claimed again
when the lease runs out, and every listener is idempotent, so nothing is done twice.
A batch that fails is retried answer by answer, so one bad answer cannot hold back the
others; it is retried with backoff and, after `MAX_ATTEMPTS`, left with its error for an
admin to see.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from earful.surveys.models import Followup, Response
from earful.surveys.signals import responses_recorded

logger = logging.getLogger(__name__)

BATCH = 500
LEASE = dt.timedelta(minutes=5)
RETRY_BASE = dt.timedelta(minutes=1)
MAX_ATTEMPTS = 8


def followup_queue(response: Response, *, created: bool) -> None:
    """Queue the answer's follow-up in the caller's transaction, and a worker task to run
    it unless one is already waiting."""
    Followup.objects.bulk_create(
        [Followup(response=response, created=created)], ignore_conflicts=True
    )
    if not _task_waiting():
        from earful.surveys.tasks import process_followups

        process_followups.enqueue()


def _task_waiting() -> bool:
    """Whether a `process_followups` task is queued and not yet started (database task
    backend only). Two answers may both find none and both queue one: the second task
    then finds little or nothing to do, which is harmless. The clock runs the task every
    minute besides, for the rare answer that committed after a task looked."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return False
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="earful.surveys.tasks.process_followups"
    ).exists()


def _claim(now: dt.datetime, size: int) -> list[Followup]:
    with transaction.atomic():
        rows = list(
            Followup.objects.select_for_update(skip_locked=True)
            .filter(due_at__lte=now, attempts__lt=MAX_ATTEMPTS)
            .order_by("pk")[:size]
        )
        Followup.objects.filter(pk__in=[row.pk for row in rows]).update(
            due_at=now + LEASE, attempts=F("attempts") + 1
        )
    return rows


def _announce(rows: list[Followup]) -> list[Exception]:
    """Send `responses_recorded` for the rows' responses in one transaction; every
    listener runs (each in its own savepoint); the rows are deleted if all succeeded.
    Returns the listeners' errors."""
    with transaction.atomic():
        responses = list(
            Response.objects.select_related("program", "customer", "unit", "invitation")
            .filter(pk__in={row.response_id for row in rows})
            .order_by("pk")
        )
        created = frozenset(row.response_id for row in rows if row.created)
        errors = [
            error
            for _receiver, error in responses_recorded.send_robust(
                sender=Response, responses=responses, created=created
            )
            if isinstance(error, Exception)
        ]
        if not errors:
            Followup.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return errors


def _retry_later(row: Followup, errors: list[Exception], now: dt.datetime) -> None:
    delay = min(RETRY_BASE * 2 ** max(row.attempts - 1, 0), dt.timedelta(hours=6))
    Followup.objects.filter(pk=row.pk).update(
        due_at=now + delay, last_error="\n".join(repr(e) for e in errors)[:4000]
    )


def followups_process(*, batch: int = BATCH, max_batches: int = 1000) -> int:
    """Run the due follow-ups, `batch` at a time; how many answers were followed up."""
    done = 0
    for _ in range(max_batches):
        now = timezone.now()
        rows = _claim(now, batch)
        if not rows:
            break
        if not _announce(rows):
            done += len(rows)
            continue
        # Something failed: answer by answer, so the others go through.
        for row in rows:
            errors = _announce([row])
            if errors:
                logger.error("follow-up of response %s failed: %r", row.response_id, errors)
                _retry_later(row, errors, now)
            else:
                done += 1
    return done
