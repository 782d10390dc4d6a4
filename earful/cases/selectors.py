"""Reads of cases, scoped down the org tree in one place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from earful.cases.models import Case, RootCause
from earful.directory.access import NOTHING, sees_everything, unit_scope
from earful.directory.models import Employee


def _case_scope(user: Employee) -> Q:
    """Everything for those who see everything; otherwise the cases they own, their own
    customers' cases, and the cases in their units (a manager's subtree)."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if sees_everything(user):
        return Q()
    return Q(owner=user.pk) | Q(customer__owner=user.pk) | unit_scope(user, "unit__")


def case_list_visible_to(*, user: Employee) -> QuerySet[Case]:
    return Case.objects.filter(_case_scope(user)).select_related(
        "customer", "owner", "unit", "program", "response", "root_cause"
    )


def case_get_for_user(*, user: Employee, case_id: int) -> Case:
    """The case if the user may see it; Http404 otherwise (and for a missing id)."""
    case = case_list_visible_to(user=user).filter(pk=case_id).first()
    if case is None:
        raise Http404("No such case.")
    return case


@dataclass(frozen=True)
class OwnerCompliance:
    """One owner's SLA record over the cases opened in a period."""

    owner: Employee | None
    cases: int
    met: int
    breached: int
    open: int

    @property
    def rate(self) -> float | None:
        """Share of decided cases (met or breached) that met the SLA, 0–1."""
        decided = self.met + self.breached
        return self.met / decided if decided else None


def sla_compliance_by_owner(
    *, user: Employee, since: dt.datetime, now: dt.datetime | None = None
) -> list[OwnerCompliance]:
    """Per owner among the cases the user sees opened since `since`: how many met their
    SLA (contact or closure by the due time), breached it (late, or still waiting past
    due), and are open. Two queries."""
    now = now or timezone.now()
    done = Coalesce("first_contact_at", "closed_at")
    counted = (
        Case.objects.filter(_case_scope(user), opened_at__gte=since)
        .annotate(done=done)
        .values("owner")
        .annotate(
            cases=Count("pk"),
            met=Count("pk", filter=Q(done__lte=F("due_at"))),
            breached=Count(
                "pk",
                filter=Q(done__gt=F("due_at")) | Q(done__isnull=True, due_at__lt=now),
                distinct=True,
            ),
            open=Count("pk", filter=Q(status__in=["new", "contacted"])),
        )
        .order_by()
    )
    rows = list(counted)
    owners = Employee.objects.in_bulk([r["owner"] for r in rows if r["owner"] is not None])
    result = [
        OwnerCompliance(
            owner=owners.get(r["owner"]) if r["owner"] is not None else None,
            cases=r["cases"],
            met=r["met"],
            breached=r["breached"],
            open=r["open"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda c: (c.owner is None, str(c.owner or "")))


def root_cause_list() -> QuerySet[RootCause]:
    """The taxonomy, parents before their children."""
    return RootCause.objects.select_related("parent").order_by(
        Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"
    )


def root_causes_active() -> QuerySet[RootCause]:
    """Root causes that may be chosen on a call log or resolution."""
    return root_cause_list().filter(is_active=True)
