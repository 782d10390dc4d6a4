"""Reading the rollups: counts for a subtree, by period, by child unit.

Everything is a sum of cells: `UnitMonthCell` for months (and quarters and years, which
are sums of months), `DailyCell` for days (and weeks, which are sums of days), and
`MonthlyCell` when a program or a segment is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Model, Q, QuerySet, Sum

from earful.directory.models import Unit
from earful.metrics.models import DailyCell, MonthlyCell, UnitMonthCell
from earful.metrics.nps import Counts

SUMS = {"promoters": Sum("promoters"), "passives": Sum("passives"), "detractors": Sum("detractors")}
SCORE_SUMS = {f"score_{score}": Sum(f"score_{score}") for score in range(11)}


def is_whole_tree(unit: Unit) -> bool:
    """Whether `unit`'s subtree is every unit there is (the company, when it is the only
    root): its cells then need no join to the units, which at 5,000 units is most of the
    work of a company-wide sum."""
    outside = Q(lft__lt=unit.lft) | Q(lft__gt=unit.rght)
    return unit.parent_id is None and not Unit.objects.filter(outside).exists()


def _subtree(unit: Unit, whole_tree: bool = False) -> Q:
    return Q() if whole_tree else Q(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)


def cells_in_subtree(
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    program_id: int | None = None,
    segment: str | None = None,
    whole_tree: bool = False,
) -> QuerySet[MonthlyCell]:
    """The program-and-segment cells of `unit` and everything below it, for months in
    [start, end)."""
    cells = MonthlyCell.objects.filter(_subtree(unit, whole_tree))
    if start is not None:
        cells = cells.filter(month__gte=start)
    if end is not None:
        cells = cells.filter(month__lt=end)
    if program_id is not None:
        cells = cells.filter(program_id=program_id)
    if segment is not None:
        cells = cells.filter(segment=segment)
    return cells


def months_in_subtree[M: Model](
    model: type[M],
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    whole_tree: bool = False,
) -> QuerySet[M]:
    """The cells of `model` (one per unit and `month`) of `unit` and everything below
    it, for months in [start, end) (`whole_tree`: the caller knows `is_whole_tree(unit)`)."""
    cells = model._default_manager.filter(_subtree(unit, whole_tree))
    if start is not None:
        cells = cells.filter(month__gte=start)
    if end is not None:
        cells = cells.filter(month__lt=end)
    return cells


def unit_months_in_subtree(
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    whole_tree: bool = False,
) -> QuerySet[UnitMonthCell]:
    """The unit-month cells (answers) of `unit`'s subtree, for months in [start, end)."""
    return months_in_subtree(UnitMonthCell, unit, start=start, end=end, whole_tree=whole_tree)


def days_in_subtree(
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    whole_tree: bool = False,
) -> QuerySet[DailyCell]:
    """The daily cells of `unit` and everything below it, for days in [start, end)."""
    cells = DailyCell.objects.filter(_subtree(unit, whole_tree))
    if start is not None:
        cells = cells.filter(day__gte=start)
    if end is not None:
        cells = cells.filter(day__lt=end)
    return cells


def row_counts(row: Mapping[str, Any]) -> Counts:
    return Counts(row["promoters"] or 0, row["passives"] or 0, row["detractors"] or 0)


def subtree_counts(
    unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> Counts:
    """Promoters, passives and detractors of a whole subtree: sums of raw counts."""
    return row_counts(unit_months_in_subtree(unit, start=start, end=end).aggregate(**SUMS))


def subtree_counts_by_month(
    unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[dt.date, Counts]:
    rows = (
        unit_months_in_subtree(unit, start=start, end=end)
        .order_by("month")
        .values("month")
        .annotate(**SUMS)
    )
    return {row["month"]: row_counts(row) for row in rows}


def subtree_counts_by_day(
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    whole_tree: bool = False,
) -> dict[dt.date, Counts]:
    rows = (
        days_in_subtree(unit, start=start, end=end, whole_tree=whole_tree)
        .order_by("day")
        .values("day")
        .annotate(**SUMS)
    )
    return {row["day"]: row_counts(row) for row in rows}


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts `day`'s week (ISO 8601)."""
    return day - dt.timedelta(days=day.weekday())


def subtree_counts_by_week(
    unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[dt.date, Counts]:
    """By week (keyed by its Monday): sums of the days."""
    weeks: dict[dt.date, Counts] = {}
    for day, counts in subtree_counts_by_day(unit, start=start, end=end).items():
        week = week_of(day)
        weeks[week] = weeks.get(week, Counts()) + counts
    return weeks
