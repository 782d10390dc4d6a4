"""Reads behind the front-line inbox and the team's SLA view, scoped by `access`.

The inbox lists responses (not only cases): a front-line employee sees the answers of
the customers they own and of the cases they own; a manager also sees everything in the
subtree under their unit; admins, CX leads and analysts see everything.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from earful.cases.choices import OPEN_STATUSES
from earful.cases.sla import working_deadline
from earful.directory.access import NOTHING, may_edit_directory, sees_everything
from earful.directory.choices import Role
from earful.directory.models import Employee, Unit
from earful.surveys.models import Response

SHOW_ALL, SHOW_OPEN, SHOW_DUE, SHOW_DETRACTORS = "all", "open", "due", "detractors"


def _subtree(unit: Unit, prefix: str) -> Q:
    return Q(**{f"{prefix}lft__gte": unit.lft, f"{prefix}lft__lte": unit.rght})


def inbox_scope(user: Employee) -> Q:
    """Responses in the user's inbox."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return Q()
    mine = Q(customer__owner=user) | Q(case__owner=user)
    if user.role == Role.MANAGER and user.unit is not None:
        return mine | _subtree(user.unit, "unit__")
    return mine


def may_act_on_cases(user: Employee) -> bool:
    """Analysts read everything and change nothing; everyone else who sees a case may
    work on it."""
    return user.is_active and (may_edit_directory(user) or not sees_everything(user))


def due_soon_limit(*, user: Employee, now: dt.datetime) -> dt.datetime:
    """One working day from now in the user's unit (weekends and holidays skipped)."""
    unit = user.unit or Unit.objects.order_by("lft").first()
    if unit is None:
        return now + dt.timedelta(days=1)
    return working_deadline(start=now, working_days=1, unit=unit)


def inbox_responses(
    *, user: Employee, show: str = SHOW_ALL, now: dt.datetime | None = None
) -> QuerySet[Response]:
    """The user's inbox, newest first, with what each item shows loaded up front."""
    now = now or timezone.now()
    qs = Response.objects.filter(inbox_scope(user))
    if show == SHOW_OPEN:
        qs = qs.filter(case__status__in=OPEN_STATUSES)
    elif show == SHOW_DUE:
        qs = qs.filter(
            case__status__in=OPEN_STATUSES, case__due_at__lte=due_soon_limit(user=user, now=now)
        )
    elif show == SHOW_DETRACTORS:
        qs = qs.filter(score__lte=F("program__detractor_threshold"))
    history = Response.objects.select_related("program", "case").order_by("-submitted_at", "-pk")
    return (
        qs.select_related("customer", "program", "unit", "case", "case__owner")
        .prefetch_related(Prefetch("customer__responses", queryset=history, to_attr="history"))
        .order_by("-submitted_at", "-pk")
    )


def earlier_answers(response: Response) -> list[Response]:
    """The customer's other answers (with their cases), from the prefetched history."""
    if response.customer is None:
        return []
    history: list[Response] = getattr(response.customer, "history", [])
    return [r for r in history if r.pk != response.pk and r.submitted_at <= response.submitted_at]
