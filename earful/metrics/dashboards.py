"""The numbers on the dashboards, for the units a user may see.

NPS figures are sums of `MonthlyCell` counts (never averages of averages) run through
`earful.metrics.nps`, so every page computes them the same way. The score distribution,
the response rate and the case figures are single aggregates over their own tables.
Everything here is scoped: callers pass a unit they got from `unit_get_for_user` or
`dashboard_roots`, and the drill-down list filters by `unit_scope` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from earful.cases.choices import OPEN_STATUSES
from earful.cases.models import Case
from earful.directory.access import sees_everything, unit_scope
from earful.directory.models import Employee, Unit
from earful.metrics.nps import (
    PASSIVE_MIN,
    PROMOTER_MIN,
    Change,
    Counts,
    Estimate,
    compare,
    estimate,
    rate,
)
from earful.metrics.rollups import month_bounds, month_of
from earful.metrics.selectors import SUMS, cells_in_subtree, subtree_counts_by_month
from earful.surveys.models import Invitation, Response

MONTHS = 12
GROUPS = ("promoter", "passive", "detractor")


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_start(month: dt.date) -> dt.date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    counts: Counts
    estimate: Estimate


@dataclass(frozen=True)
class ChildRow:
    unit: Unit
    counts: Counts
    estimate: Estimate
    versus_parent: Change | None  # None when the child has no answers


@dataclass(frozen=True)
class PeriodComparison:
    this_start: dt.date
    last_start: dt.date
    this: Estimate
    last: Estimate
    change: Change | None  # None when either period has no answers


@dataclass(frozen=True)
class CaseFigures:
    open: int
    met: int
    breached: int

    @property
    def compliance(self) -> float | None:
        return rate(self.met, self.met + self.breached)


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    first_month: dt.date  # the window is [first_month, last_month]
    last_month: dt.date
    counts: Counts
    estimate: Estimate
    trend: list[MonthPoint]
    distribution: list[int]  # answers per score 0–10
    children: list[ChildRow]  # by NPS, best first; units without answers last
    quarter: PeriodComparison
    invited: int
    answered: int
    cases: CaseFigures

    @property
    def response_rate(self) -> float | None:
        return rate(self.answered, self.invited)


def dashboard_roots(*, user: Employee) -> list[Unit]:
    """The tops of the user's scope: the company root(s) for those who see everything,
    otherwise the user's own unit (a manager's subtree hangs below it)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if sees_everything(user):
        return list(Unit.objects.filter(parent__isnull=True).order_by("name"))
    scoped = Unit.objects.filter(unit_scope(user))
    return [user.unit] if user.unit is not None and scoped.filter(pk=user.unit.pk).exists() else []


def _row_counts(row: Mapping[str, Any]) -> Counts:
    return Counts(row["promoters"] or 0, row["passives"] or 0, row["detractors"] or 0)


def _children(
    unit: Unit, parent: Counts, start: dt.date, end: dt.date, *, user: Employee | None
) -> list[ChildRow]:
    """Each child's subtree counts in two queries: the children (those `user` may see),
    then the cells grouped by unit position, assigned to the child whose lft…rght range
    holds them."""
    children_qs = Unit.objects.filter(parent=unit)
    if user is not None:
        children_qs = children_qs.filter(unit_scope(user))
    children = list(children_qs.order_by("name"))
    if not children:
        return []
    cells = cells_in_subtree(unit, start=start, end=end)
    rows = cells.values("unit__lft").annotate(**SUMS).order_by()
    totals = {child.pk: Counts() for child in children}
    for row in rows:
        for child in children:
            if child.lft <= row["unit__lft"] <= child.rght:
                totals[child.pk] += _row_counts(row)
                break
    result = [
        ChildRow(
            unit=child,
            counts=totals[child.pk],
            estimate=estimate(totals[child.pk]),
            versus_parent=compare(totals[child.pk], parent) if totals[child.pk].n else None,
        )
        for child in children
    ]
    return sorted(result, key=lambda r: (r.estimate.value is None, -(r.estimate.value or 0)))


def _distribution(unit: Unit, start: dt.date, end: dt.date) -> list[int]:
    since, until = month_bounds(start)[0], month_bounds(end)[0]
    rows = (
        Response.objects.filter(
            unit__lft__gte=unit.lft,
            unit__lft__lte=unit.rght,
            submitted_at__gte=since,
            submitted_at__lt=until,
        )
        .values("score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally = [0] * 11
    for row in rows:
        tally[row["score"]] = row["n"]
    return tally


def _case_figures(unit: Unit, start: dt.date, now: dt.datetime) -> CaseFigures:
    done = Coalesce("first_contact_at", "closed_at")
    subtree = Q(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    figures = (
        Case.objects.filter(subtree)
        .annotate(done=done)
        .aggregate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            met=Count("pk", filter=Q(opened_at__gte=month_bounds(start)[0], done__lte=F("due_at"))),
            breached=Count(
                "pk",
                filter=Q(opened_at__gte=month_bounds(start)[0])
                & (Q(done__gt=F("due_at")) | Q(done__isnull=True, due_at__lt=now)),
            ),
        )
    )
    return CaseFigures(open=figures["open"], met=figures["met"], breached=figures["breached"])


def _response_rate(unit: Unit, start: dt.date, end: dt.date) -> tuple[int, int]:
    since, until = month_bounds(start)[0], month_bounds(end)[0]
    figures = Invitation.objects.filter(
        customer__unit__lft__gte=unit.lft,
        customer__unit__lft__lte=unit.rght,
        sent_at__gte=since,
        sent_at__lt=until,
    ).aggregate(invited=Count("pk"), answered=Count("response"))
    return figures["invited"], figures["answered"]


def unit_dashboard(
    *, unit: Unit, user: Employee | None = None, now: dt.datetime | None = None
) -> Dashboard:
    """The last twelve months (this one included) of `unit` and everything below it;
    the units below are those `user` may see (all when no user is given)."""
    now = now or timezone.now()
    last_month = month_of(now)
    first_month = add_months(last_month, -(MONTHS - 1))
    end = add_months(last_month, 1)
    by_month = subtree_counts_by_month(unit, start=first_month, end=end)
    trend = []
    total = Counts()
    for i in range(MONTHS):
        month = add_months(first_month, i)
        counts = by_month.get(month, Counts())
        total += counts
        trend.append(MonthPoint(month=month, counts=counts, estimate=estimate(counts)))
    this_start = quarter_start(last_month)
    last_start = add_months(this_start, -3)
    this_q = last_q = Counts()
    for month, counts in subtree_counts_by_month(unit, start=last_start, end=end).items():
        if month >= this_start:
            this_q += counts
        else:
            last_q += counts
    invited, answered = _response_rate(unit, first_month, end)
    return Dashboard(
        unit=unit,
        first_month=first_month,
        last_month=last_month,
        counts=total,
        estimate=estimate(total),
        trend=trend,
        distribution=_distribution(unit, first_month, end),
        children=_children(unit, total, first_month, end, user=user),
        quarter=PeriodComparison(
            this_start=this_start,
            last_start=last_start,
            this=estimate(this_q),
            last=estimate(last_q),
            change=compare(this_q, last_q) if this_q.n and last_q.n else None,
        ),
        invited=invited,
        answered=answered,
        cases=_case_figures(unit, first_month, now),
    )


def response_list_for_drilldown(
    *,
    user: Employee,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    group: str | None = None,
    program_id: int | None = None,
) -> QuerySet[Response]:
    """The answers behind a number: in the user's scope, in `unit`'s subtree, submitted
    in months [start, end), of one NPS group and program; newest first."""
    responses = Response.objects.filter(unit_scope(user, "unit__"))
    if unit is not None:
        responses = responses.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    if start is not None:
        responses = responses.filter(submitted_at__gte=month_bounds(start)[0])
    if end is not None:
        responses = responses.filter(submitted_at__lt=month_bounds(end)[0])
    if group == "promoter":
        responses = responses.filter(score__gte=PROMOTER_MIN)
    elif group == "passive":
        responses = responses.filter(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)
    elif group == "detractor":
        responses = responses.filter(score__lt=PASSIVE_MIN)
    if program_id is not None:
        responses = responses.filter(program_id=program_id)
    return responses.select_related("customer", "unit", "program").order_by("-submitted_at", "-pk")
