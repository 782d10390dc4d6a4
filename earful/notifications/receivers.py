"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from earful.cases.models import Case
from earful.cases.signals import case_escalated, case_opened
from earful.directory.models import Employee
from earful.notifications.services import (
    notifications_for_response,
    notify_case_escalated,
    notify_case_opened,
)
from earful.notifications.webhooks.delivery import (
    deliveries_for_escalation,
    deliveries_for_response,
)
from earful.surveys.models import Response
from earful.surveys.signals import response_recorded

logger = logging.getLogger(__name__)


@receiver(response_recorded, dispatch_uid="notifications.response_recorded")
def on_response_recorded(sender: Any, *, response: Response, created: bool, **kwargs: Any) -> None:
    """A new answer: tell the people who can act, and queue the webhooks. An edit within
    the 24 hours tells nobody again."""
    if not created:
        return
    notifications_for_response(response=response)
    try:
        deliveries_for_response(response=response)
    except Exception:  # a broken webhook setup must not stop the follow-up
        logger.exception("queueing webhooks for response %s failed", response.pk)


@receiver(case_opened, dispatch_uid="notifications.case_opened")
def on_case_opened(sender: Any, *, case: Case, **kwargs: Any) -> None:
    notify_case_opened(case=case)


@receiver(case_escalated, dispatch_uid="notifications.case_escalated")
def on_case_escalated(sender: Any, *, case: Case, manager: Employee, **kwargs: Any) -> None:
    notify_case_escalated(case=case, manager=manager)
    try:
        deliveries_for_escalation(case=case, manager=manager)
    except Exception:  # a broken webhook setup must not stop the escalation
        logger.exception("queueing webhooks for case %s failed", case.pk)
