"""Background work of cases. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from earful.cases.models import Reply
from earful.cases.replies import replies_send_due, reply_deliver
from earful.cases.services import cases_escalate_overdue
from earful.platform.clock import Periodic


@task
def escalate_overdue_cases() -> None:
    """Escalate every overdue open case one level (a second run moves nothing)."""
    cases_escalate_overdue()


@task
def deliver_reply(reply_id: int) -> None:
    """Send a just-queued reply (the periodic task retries it if this fails)."""
    reply = Reply.objects.select_related("case", "by").filter(pk=reply_id).first()
    if reply is not None:
        reply_deliver(reply=reply)


@task
def send_replies() -> None:
    """The outbox's periodic run: retry what failed for a temporary reason."""
    replies_send_due()


PERIODIC = [
    Periodic("cases.escalate", dt.timedelta(minutes=15), escalate_overdue_cases),
    Periodic("cases.replies", dt.timedelta(minutes=1), send_replies),
]
