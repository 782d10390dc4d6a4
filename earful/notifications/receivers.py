"""Signal handlers of this app: each calls services and is safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from earful.cases.models import Case
from earful.cases.signals import case_escalated, cases_opened
from earful.directory.ancestry import Ancestry
from earful.directory.models import Employee
from earful.notifications.services import (
    notifications_for_responses,
    notify_case_escalated,
    notify_cases_opened,
)
from earful.notifications.webhooks.delivery import (
    deliveries_for_escalation,
    deliveries_for_responses,
)
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded

logger = logging.getLogger(__name__)


@receiver(responses_recorded, dispatch_uid="notifications.responses_recorded")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def on_responses_recorded(
    sender: Any, *, responses: list[Response], created: frozenset[int], **kwargs: Any
) -> None:
    """New answers: tell the people who can act, and queue the webhooks. An edit within
    the 24 hours tells nobody again."""
    new = [r for r in responses if r.pk in created]
    notifications_for_responses(new)
    try:
        with transaction.atomic():
            deliveries_for_responses(new)
    except Exception:  # a broken webhook setup must not stop the follow-up
        logger.exception("queueing webhooks for %d responses failed", len(new))


@receiver(cases_opened, dispatch_uid="notifications.cases_opened")
def on_cases_opened(
    sender: Any, *, cases: list[Case], ancestry: Ancestry | None = None, **kwargs: Any
) -> None:
    notify_cases_opened(cases, ancestry=ancestry)


@receiver(case_escalated, dispatch_uid="notifications.case_escalated")
def on_case_escalated(sender: Any, *, case: Case, manager: Employee, **kwargs: Any) -> None:
    notify_case_escalated(case=case, manager=manager)
    try:
        deliveries_for_escalation(case=case, manager=manager)
    except Exception:  # a broken webhook setup must not stop the escalation
        logger.exception("queueing webhooks for case %s failed", case.pk)
