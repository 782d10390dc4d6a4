"""The numbers on the dashboards, for the units a user may see.

NPS figures, the score distribution and the drill-down's totals are sums of rollup cells
(never averages of averages, never counts over the answers themselves) run through
`earful.metrics.nps`, so every page computes them the same way. The response rate and
the cases handled in time or late are sums of their own cells; only the open cases are
counted live.
Everything here is scoped: callers pass a unit they got from `unit_get_for_user` or
`dashboard_roots`, and the drill-down list filters by `unit_scope` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from earful.cases.choices import OPEN_STATUSES
from earful.cases.models import Case
from earful.directory.access import sees_everything, unit_scope
from earful.directory.models import Employee, Unit
from earful.metrics.models import (
    CaseMonthCell,
    DailyCell,
    InvitationMonthCell,
    MonthlyCell,
    UnitMonthCell,
)
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
from earful.metrics.rollups import day_bounds, month_bounds
from earful.metrics.selectors import (
    SCORE_SUMS,
    SUMS,
    cells_in_subtree,
    is_whole_tree,
    months_in_subtree,
    row_counts,
    subtree_counts_by_day,
    unit_months_in_subtree,
    week_of,
)
from earful.surveys.models import Program, Response

MONTHS = 12
GROUPS = ("promoter", "passive", "detractor")
PERIODS = ("day", "week", "month", "quarter", "year")
# How many of each period the trend shows, the current one included.
TREND_LENGTH = {"day": 31, "week": 13, "month": 12, "quarter": 8, "year": 3}


def add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_start(month: dt.date) -> dt.date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1)


def period_start(period: str, day: dt.date) -> dt.date:
    """The first day of the period (of kind `period`) that `day` falls in."""
    if period == "day":
        return day
    if period == "week":
        return week_of(day)
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return quarter_start(day)
    return day.replace(month=1, day=1)


def period_step(period: str, start: dt.date, steps: int) -> dt.date:
    """The start of the period `steps` periods after the one starting at `start`."""
    if period == "day":
        return start + dt.timedelta(days=steps)
    if period == "week":
        return start + dt.timedelta(weeks=steps)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    return add_months(start, months * steps)


@dataclass(frozen=True)
class PeriodPoint:
    """One point of a trend: the period [start, last] (whole days, both included)."""

    start: dt.date
    last: dt.date
    counts: Counts
    estimate: Estimate

    @property
    def month(self) -> dt.date:
        return self.start


MonthPoint = PeriodPoint


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
    trend: list[PeriodPoint]  # by `period`, oldest first, the current period last
    distribution: list[int]  # answers per score 0–10
    children: list[ChildRow]  # by NPS, best first; units without answers last
    quarter: PeriodComparison
    invited: int
    answered: int
    cases: CaseFigures
    period: str = "month"

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


def _child_sums(
    children: list[Unit], start: dt.date, end: dt.date, *, whole_tree: bool
) -> dict[int, Counts]:
    """Each child's subtree counts over months [start, end), in one query: the unit-month
    cells of the children's subtrees, each labelled with its child by a CASE over the
    children's lft…rght ranges, grouped by that label. (The ORM cannot say this; the
    range join it would need is much slower. Months are summed by a query of their own:
    grouped by month and child at once, PostgreSQL cannot estimate the groups and sorts
    them on disk.)"""
    if not children:
        return {}
    quote = connection.ops.quote_name
    cells, units = quote(UnitMonthCell._meta.db_table), quote(Unit._meta.db_table)
    whens = " ".join("WHEN member.lft BETWEEN %s AND %s THEN %s" for _ in children)
    first, last = min(c.lft for c in children), max(c.rght for c in children)
    sql = (
        f"SELECT CASE {whens} END AS child,"  # noqa: S608 (table names are ours)
        f" SUM(cell.promoters), SUM(cell.passives), SUM(cell.detractors)"
        f" FROM {cells} cell JOIN {units} member ON member.id = cell.unit_id"
        f" WHERE cell.month >= %s AND cell.month < %s"
        + ("" if whole_tree else " AND member.lft BETWEEN %s AND %s")
        + " GROUP BY 1"
    )
    adapt = connection.ops.adapt_datefield_value
    params: list[Any] = [v for c in children for v in (c.lft, c.rght, c.pk)]
    params += [adapt(start), adapt(end), *([] if whole_tree else [first, last])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            pk: Counts(p or 0, pa or 0, d or 0)
            for pk, p, pa, d in cursor.fetchall()
            if pk is not None
        }


def _visible_children(unit: Unit, user: Employee | None) -> list[Unit]:
    children = Unit.objects.filter(parent=unit)
    if user is not None:
        children = children.filter(unit_scope(user))
    return list(children.order_by("name"))


def _children(children: list[Unit], parent: Counts, sums: dict[int, Counts]) -> list[ChildRow]:
    """The children's rows, best first."""
    totals = {child.pk: sums.get(child.pk, Counts()) for child in children}
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


def _case_figures(
    unit: Unit, start: dt.date, end: dt.date, now: dt.datetime, *, whole_tree: bool
) -> CaseFigures:
    """Cases handled in time or late (opened in months [start, end)) are sums of their
    cells; the open ones, and among them those past due without a first contact, are
    counted live: there are few, and their lateness depends on the clock."""
    handled = months_in_subtree(
        CaseMonthCell, unit, start=start, end=end, whole_tree=whole_tree
    ).aggregate(met=Sum("met"), late=Sum("late"))
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    if not whole_tree:
        open_cases = open_cases.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    waiting = open_cases.aggregate(
        open=Count("pk"),
        overdue=Count(
            "pk",
            filter=Q(
                first_contact_at__isnull=True,
                closed_at__isnull=True,
                due_at__lt=now,
                opened_at__gte=month_bounds(start)[0],
            ),
        ),
    )
    return CaseFigures(
        open=waiting["open"],
        met=handled["met"] or 0,
        breached=(handled["late"] or 0) + waiting["overdue"],
    )


def _response_rate(
    unit: Unit, start: dt.date, end: dt.date, *, whole_tree: bool
) -> tuple[int, int]:
    """Invitations sent in months [start, end) and how many of them were answered."""
    sums = months_in_subtree(
        InvitationMonthCell, unit, start=start, end=end, whole_tree=whole_tree
    ).aggregate(sent=Sum("sent"), answered=Sum("answered"))
    return sums["sent"] or 0, sums["answered"] or 0


def _trend(
    unit: Unit,
    period: str,
    today: dt.date,
    by_month: dict[dt.date, Counts],
    *,
    whole_tree: bool,
) -> list[PeriodPoint]:
    """The last TREND_LENGTH[period] periods; months, quarters and years are sums of the
    months already read, days and weeks one more query over the daily cells."""
    length = TREND_LENGTH[period]
    current = period_start(period, today)
    starts = [period_step(period, current, i - length + 1) for i in range(length)]
    ends = [*starts[1:], period_step(period, current, 1)]
    if period in ("day", "week"):
        by_day = subtree_counts_by_day(unit, start=starts[0], end=ends[-1], whole_tree=whole_tree)
        sums = {start: Counts() for start in starts}
        for day, counts in by_day.items():
            sums[period_start(period, day)] += counts
    else:
        sums = {start: Counts() for start in starts}
        for month, counts in by_month.items():
            begins = period_start(period, month)
            if begins in sums:
                sums[begins] += counts
    return [
        PeriodPoint(
            start=start,
            last=end - dt.timedelta(days=1),
            counts=sums[start],
            estimate=estimate(sums[start]),
        )
        for start, end in zip(starts, ends, strict=True)
    ]


def unit_dashboard(
    *,
    unit: Unit,
    user: Employee | None = None,
    now: dt.datetime | None = None,
    period: str = "month",
) -> Dashboard:
    """The last twelve months (this one included) of `unit` and everything below it,
    with a trend by `period` (day, week, month, quarter or year); the units below are
    those `user` may see (all when no user is given).

    Every count of answers is a sum of rollup cells: one query by month over the
    unit-month cells gives the headline, the quarters, the distribution and the monthly
    trend; one more the children's rows; days and weeks one more over the day cells."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    last_month = today.replace(day=1)
    first_month = add_months(last_month, -(MONTHS - 1))
    end = add_months(last_month, 1)
    # Quarters and years reach further back than the twelve months.
    reach = {
        "quarter": add_months(quarter_start(last_month), -21),
        "year": dt.date(today.year - 2, 1, 1),
    }
    since = min(first_month, reach.get(period, first_month))
    whole_tree = is_whole_tree(unit)
    rows = (
        unit_months_in_subtree(unit, start=since, end=end, whole_tree=whole_tree)
        .order_by("month")
        .values("month")
        .annotate(**SUMS, **SCORE_SUMS)
    )
    by_month: dict[dt.date, Counts] = {}
    distribution = [0] * 11
    for row in cast(Iterable[dict[str, Any]], rows):
        by_month[row["month"]] = row_counts(row)
        if row["month"] >= first_month:
            for score in range(11):
                distribution[score] += row[f"score_{score}"] or 0
    children = _visible_children(unit, user)
    child_sums = _child_sums(children, first_month, end, whole_tree=whole_tree)
    total = Counts()
    for month, counts in by_month.items():
        if month >= first_month:
            total += counts
    this_start = quarter_start(last_month)
    last_start = add_months(this_start, -3)
    this_q = last_q = Counts()
    for month, counts in by_month.items():
        if month >= this_start:
            this_q += counts
        elif month >= last_start:
            last_q += counts
    invited, answered = _response_rate(unit, first_month, end, whole_tree=whole_tree)
    return Dashboard(
        unit=unit,
        first_month=first_month,
        last_month=last_month,
        counts=total,
        estimate=estimate(total),
        trend=_trend(unit, period, today, by_month, whole_tree=whole_tree),
        distribution=distribution,
        children=_children(children, total, child_sums),
        quarter=PeriodComparison(
            this_start=this_start,
            last_start=last_start,
            this=estimate(this_q),
            last=estimate(last_q),
            change=compare(this_q, last_q) if this_q.n and last_q.n else None,
        ),
        invited=invited,
        answered=answered,
        cases=_case_figures(unit, first_month, end, now, whole_tree=whole_tree),
        period=period,
    )


@dataclass(frozen=True)
class SliceRow:
    """One program's or one segment's answers within a unit's subtree."""

    label: str
    program_id: int | None  # the program's row
    segment: str | None  # the segment's row ("" for customers without one)
    counts: Counts
    estimate: Estimate
    versus_whole: Change | None  # against the subtree's answers; None without answers


@dataclass(frozen=True)
class Breakdown:
    unit: Unit
    first_month: dt.date
    last_month: dt.date
    counts: Counts
    estimate: Estimate
    by_program: list[SliceRow]  # touchpoint programs among them; by NPS, best first
    by_segment: list[SliceRow]


def _slices(
    sums: dict[Any, Counts], labels: dict[Any, str], whole: Counts, *, programs: bool
) -> list[SliceRow]:
    rows = [
        SliceRow(
            label=labels[key],
            program_id=key if programs else None,
            segment=None if programs else key,
            counts=counts,
            estimate=estimate(counts),
            versus_whole=compare(counts, whole) if counts.n else None,
        )
        for key, counts in sums.items()
    ]
    return sorted(rows, key=lambda r: (r.estimate.value is None, -(r.estimate.value or 0), r.label))


def unit_breakdown(*, unit: Unit, now: dt.datetime | None = None) -> Breakdown:
    """The last twelve months of `unit` and everything below it, by program and by
    customer segment: one query over the program-and-segment cells, grouped by both and
    summed each way here. Each row is compared with the whole subtree's answers."""
    today = timezone.localtime(now or timezone.now()).date()
    last_month = today.replace(day=1)
    first_month = add_months(last_month, -(MONTHS - 1))
    rows = (
        cells_in_subtree(
            unit,
            start=first_month,
            end=add_months(last_month, 1),
            whole_tree=is_whole_tree(unit),
        )
        .order_by()
        .values("program_id", "segment")
        .annotate(**SUMS)
    )
    by_program: dict[Any, Counts] = {}
    by_segment: dict[Any, Counts] = {}
    for row in cast(Iterable[dict[str, Any]], rows):
        counts = row_counts(row)
        by_program[row["program_id"]] = by_program.get(row["program_id"], Counts()) + counts
        by_segment[row["segment"]] = by_segment.get(row["segment"], Counts()) + counts
    whole = sum(by_program.values(), Counts())
    names = {p.pk: p.name for p in Program.objects.filter(pk__in=by_program)}
    segments = {key: key or str(_("No segment")) for key in by_segment}
    return Breakdown(
        unit=unit,
        first_month=first_month,
        last_month=last_month,
        counts=whole,
        estimate=estimate(whole),
        by_program=_slices(by_program, names, whole, programs=True),
        by_segment=_slices(by_segment, segments, whole, programs=False),
    )


def response_list_for_drilldown(
    *,
    user: Employee,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    group: str | None = None,
    program_id: int | None = None,
    segment: str | None = None,
) -> QuerySet[Response]:
    """The answers behind a number: in the user's scope, in `unit`'s subtree, submitted
    on days [start, end) (site time), of one NPS group, program and customer segment
    ("" for customers without one, or answers without a customer); newest first."""
    responses = Response.objects.filter(unit_scope(user, "unit__"))
    if unit is not None and not is_whole_tree(unit):
        responses = responses.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    if start is not None:
        responses = responses.filter(submitted_at__gte=day_bounds(start, start)[0])
    if end is not None:
        responses = responses.filter(submitted_at__lt=day_bounds(end, end)[0])
    if group == "promoter":
        responses = responses.filter(score__gte=PROMOTER_MIN)
    elif group == "passive":
        responses = responses.filter(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)
    elif group == "detractor":
        responses = responses.filter(score__lt=PASSIVE_MIN)
    if program_id is not None:
        responses = responses.filter(program_id=program_id)
    if segment == "":
        responses = responses.filter(Q(customer__isnull=True) | Q(customer__segment=""))
    elif segment is not None:
        responses = responses.filter(customer__segment=segment)
    return responses.select_related("customer", "unit", "program").order_by("-submitted_at", "-pk")


def drilldown_count(
    *,
    user: Employee,
    unit: Unit | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    group: str | None = None,
    program_id: int | None = None,
    segment: str | None = None,
) -> int | None:
    """How many answers `response_list_for_drilldown` gives for the same filters, as a
    sum of rollup cells (never a COUNT over millions of answers); None when no kind of
    cell holds those filters (a program or a segment over days that are not whole
    months).

    The cells are scoped with the same `unit_scope` as the answers, since both point at
    a unit."""
    months = (start is None or start.day == 1) and (end is None or end.day == 1)
    cells: QuerySet[Any]
    if months:
        if program_id is None and segment is None:
            cells = UnitMonthCell.objects.all()
        else:
            cells = MonthlyCell.objects.all()
            if program_id is not None:
                cells = cells.filter(program_id=program_id)
            if segment is not None:
                cells = cells.filter(segment=segment)
        if start is not None:
            cells = cells.filter(month__gte=start)
        if end is not None:
            cells = cells.filter(month__lt=end)
    elif program_id is None and segment is None:
        cells = DailyCell.objects.all()
        if start is not None:
            cells = cells.filter(day__gte=start)
        if end is not None:
            cells = cells.filter(day__lt=end)
    else:
        return None
    cells = cells.filter(unit_scope(user, "unit__"))
    if unit is not None and not is_whole_tree(unit):
        cells = cells.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    fields = [f"{group}s"] if group in GROUPS else ["promoters", "passives", "detractors"]
    sums = cells.aggregate(**{field: Sum(field) for field in fields})
    return sum(value or 0 for value in sums.values())


# How far back the drill-down looks first for its newest answers, then further.
WINDOWS = [dt.timedelta(hours=hours) for hours in (6, 24, 24 * 7, 24 * 31, 24 * 92, 24 * 366)]


def newest_window(
    responses: QuerySet[Response],
    *,
    start: dt.date | None,
    end: dt.date | None,
    needed: int,
    now: dt.datetime | None = None,
) -> QuerySet[Response]:
    """`responses` (newest first, submitted on days [start, end)) narrowed to the shortest
    recent stretch of time that still holds their `needed` newest: the same first pages,
    found without sorting a region's whole year.

    A query planner cannot know that fifty answers of a region are in its last day, so
    it reads the region's answers unit by unit and sorts them all (a third of a million
    rows at 10 M). Each probe here reads at most one stretch, and the first that holds
    `needed` answers is the answer, since the newest `needed` of the whole range are
    then all in it."""
    # Answers are given up to now, so a range ending later is looked at from now back.
    now = now or timezone.now()
    until = min(day_bounds(end, end)[0], now) if end is not None else now
    since = day_bounds(start, start)[0] if start is not None else None
    for window in WINDOWS:
        bound = until - window
        if since is not None and bound <= since:
            break
        recent = responses.filter(submitted_at__gte=bound)
        if recent.values_list("pk")[needed - 1 : needed].exists():
            return recent
    return responses
