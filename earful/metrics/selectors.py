"""Reading the rollups: counts for a subtree, by month, by child unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet, Sum

from earful.directory.models import Unit
from earful.metrics.models import MonthlyCell
from earful.metrics.nps import Counts


def cells_in_subtree(
    unit: Unit,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    program_id: int | None = None,
    segment: str | None = None,
) -> QuerySet[MonthlyCell]:
    """The cells of `unit` and everything below it, for months in [start, end)."""
    cells = MonthlyCell.objects.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    if start is not None:
        cells = cells.filter(month__gte=start)
    if end is not None:
        cells = cells.filter(month__lt=end)
    if program_id is not None:
        cells = cells.filter(program_id=program_id)
    if segment is not None:
        cells = cells.filter(segment=segment)
    return cells


def _counts(row: Mapping[str, Any]) -> Counts:
    return Counts(row["promoters"] or 0, row["passives"] or 0, row["detractors"] or 0)


SUMS = {"promoters": Sum("promoters"), "passives": Sum("passives"), "detractors": Sum("detractors")}


def subtree_counts(
    unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> Counts:
    """Promoters, passives and detractors of a whole subtree: sums of raw counts."""
    return _counts(cells_in_subtree(unit, start=start, end=end).aggregate(**SUMS))


def subtree_counts_by_month(
    unit: Unit, *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[dt.date, Counts]:
    rows = (
        cells_in_subtree(unit, start=start, end=end)
        .order_by("month")
        .values("month")
        .annotate(**SUMS)
    )
    return {row["month"]: _counts(row) for row in rows}
