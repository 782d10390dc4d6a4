"""Dashboards: the overview of the user's scope, one unit's page, and the answers behind
any number on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from earful.directory.access import sees_everything
from earful.directory.models import Employee, Unit
from earful.directory.selectors import (
    employee_list_visible_to,
    unit_get_for_user,
    unit_path_for_user,
)
from earful.metrics.charts import TrendPoint, distribution_svg, nps_trend_svg
from earful.metrics.dashboards import (
    GROUPS,
    PERIODS,
    Breakdown,
    Dashboard,
    PeriodPoint,
    SliceRow,
    add_months,
    dashboard_roots,
    drilldown_count,
    newest_window,
    response_list_for_drilldown,
    unit_breakdown,
    unit_dashboard,
)
from earful.metrics.selectors import is_whole_tree
from earful.metrics.tables import (
    TABLES,
    Table,
    distribution_table,
    people_table,
    responses_table,
    slices_table,
    trend_table,
    units_table,
)
from earful.platform.exports import stream_csv, stream_xlsx
from earful.surveys.models import Program
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 50
FORMATS = ("csv", "xlsx")


def _query(unit_id: int, first: dt.date, last: dt.date, *, days: bool = False) -> str:
    """The drill-down filters for `unit_id`'s subtree over months first…last (or, with
    `days`, the days first…last)."""
    if days:
        return urlencode({"unit": unit_id, "from": f"{first:%Y-%m-%d}", "to": f"{last:%Y-%m-%d}"})
    if first == last:
        return urlencode({"unit": unit_id, "month": f"{first:%Y-%m}"})
    return urlencode({"unit": unit_id, "from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"})


PERIOD_LABELS = {
    "day": "j M",
    "week": "j M",
    "month": "M",
    "quarter": "M Y",
    "year": "Y",
}


def _point_label(period: str, point: PeriodPoint) -> str:
    if period == "quarter":
        return f"Q{(point.start.month - 1) // 3 + 1} {point.start:%Y}"
    return date_format(point.start, PERIOD_LABELS[period])


def _point_query(unit_id: int, period: str, point: PeriodPoint) -> str:
    if period in ("day", "week"):
        return _query(unit_id, point.start, point.last, days=True)
    return _query(unit_id, point.start, point.last.replace(day=1))


def _panel(board: Dashboard) -> dict[str, Any]:
    """A dashboard and its charts, ready for `metrics/_dashboard.html`."""
    period = board.period
    points = [
        TrendPoint(
            label=_point_label(period, p),
            value=p.estimate.value,
            low=p.estimate.low,
            high=p.estimate.high,
        )
        for p in board.trend
    ]
    unit_id = board.unit.pk
    window = _query(unit_id, board.first_month, board.last_month)
    quarter = board.quarter
    titles = {
        "day": _("NPS by day"),
        "week": _("NPS by week"),
        "month": _("NPS by month"),
        "quarter": _("NPS by quarter"),
        "year": _("NPS by year"),
    }
    return {
        "board": board,
        "query": window,
        "this_quarter_query": _query(unit_id, quarter.this_start, board.last_month),
        "last_quarter_query": _query(
            unit_id, quarter.last_start, add_months(quarter.this_start, -1)
        ),
        "trend_title": titles[period],
        "trend_rows": [
            (p, _point_label(period, p), _point_query(unit_id, period, p)) for p in board.trend
        ],
        "child_rows": [
            (row, _query(row.unit.pk, board.first_month, board.last_month))
            for row in board.children
        ],
        "trend_svg": nps_trend_svg(points, title=titles[period]),
        "distribution_svg": distribution_svg(board.distribution, title=_("Answers by score")),
        "distribution_rows": list(enumerate(board.distribution)),
        "periods": [(key, PERIOD_NAMES[key]) for key in PERIODS],
        "export": urlencode({"unit": unit_id, "period": period}),
    }


PERIOD_NAMES = {
    "day": _lazy("Day"),
    "week": _lazy("Week"),
    "month": _lazy("Month"),
    "quarter": _lazy("Quarter"),
    "year": _lazy("Year"),
}


def _period(request: AuthenticatedRequest) -> str:
    value = request.GET.get("period", "month")
    return value if value in PERIODS else "month"


@login_required
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    period = _period(request)
    panels = [
        _panel(unit_dashboard(unit=root, user=request.user, period=period))
        for root in dashboard_roots(user=request.user)
    ]
    return render(
        request, "metrics/dashboard.html", {"nav": "dashboard", "panels": panels, "period": period}
    )


def _people(user: Employee, unit: Unit) -> list[Employee]:
    """The unit's own people (not those of the units below), as far as `user` may see."""
    return list(
        employee_list_visible_to(user=user)
        .filter(unit=unit)
        .order_by("last_name", "first_name", "username")
    )


@login_required
@require_GET
def dashboard_unit(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    user = request.user
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    period = _period(request)
    ctx = {
        "nav": "dashboard",
        "unit": unit,
        "unit_path": unit_path_for_user(user=user, unit=unit),
        "panel": _panel(unit_dashboard(unit=unit, user=user, period=period)),
        "people": _people(user, unit),
        "period": period,
    }
    return render(request, "metrics/dashboard_unit.html", ctx)


def _slice_rows(board: Breakdown, rows: list[SliceRow]) -> list[tuple[SliceRow, str]]:
    """Each row with the drill-down query of its answers."""
    window = _query(board.unit.pk, board.first_month, board.last_month)
    return [
        (
            row,
            f"{window}&{urlencode({'program': row.program_id})}"
            if row.program_id is not None
            else f"{window}&{urlencode({'segment': row.segment or ''})}",
        )
        for row in rows
    ]


@login_required
@require_GET
def dashboard_breakdown(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    """A unit's subtree over twelve months by program (touchpoints among them) and by
    customer segment."""
    user = request.user
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    board = unit_breakdown(unit=unit)
    ctx = {
        "nav": "dashboard",
        "unit": unit,
        "unit_path": unit_path_for_user(user=user, unit=unit),
        "board": board,
        "query": _query(unit.pk, board.first_month, board.last_month),
        "program_rows": _slice_rows(board, board.by_program),
        "segment_rows": _slice_rows(board, board.by_segment),
        "export": urlencode({"unit": unit.pk}),
    }
    return render(request, "metrics/dashboard_breakdown.html", ctx)


def _month(value: str | None) -> dt.date | None:
    """ "2026-03" as the first of March 2026; None when absent or malformed."""
    if not value:
        return None
    year, _sep, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return dt.date(int(year), int(month), 1)


def _day(value: str | None) -> dt.date | None:
    """ "2026-03-05" as that day; None when absent or malformed."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class Drilldown:
    """The drill-down's filters, read from the query string. `start` and `end` are days,
    [start, end); whole months when given as months."""

    unit: Unit | None
    start: dt.date | None
    end: dt.date | None
    group: str | None
    program_id: int | None
    by_day: bool
    segment: str | None = None  # "" for customers without one

    @property
    def last(self) -> dt.date | None:
        """The last day (or month, by month) included."""
        if self.end is None:
            return None
        return self.end - dt.timedelta(days=1) if self.by_day else add_months(self.end, -1)


def _drilldown(request: AuthenticatedRequest) -> Drilldown:
    """GET filters: unit (its subtree), month, or from/to (inclusive months "2026-03", or
    days "2026-03-05"), group (promoter/passive/detractor), program, segment (empty:
    customers without one)."""
    get = request.GET
    unit_id = _int(get.get("unit"))
    unit = unit_get_for_user(user=request.user, unit_id=unit_id) if unit_id is not None else None
    first_day, last_day = _day(get.get("from")), _day(get.get("to"))
    if first_day or last_day:
        start, end, by_day = first_day, last_day + dt.timedelta(days=1) if last_day else None, True
    else:
        month = _month(get.get("month"))
        start = month or _month(get.get("from"))
        last = month or _month(get.get("to"))
        end, by_day = (add_months(last, 1) if last else None), False
    group = get.get("group") if get.get("group") in GROUPS else None
    return Drilldown(
        unit, start, end, group, _int(get.get("program")), by_day, segment=get.get("segment")
    )


class CountedPaginator(Paginator[Any]):
    """A paginator told its total (from the rollups) instead of counting the rows."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None) -> None:
        super().__init__(object_list, per_page)
        if count is not None:
            self.__dict__["count"] = count  # what the cached property would have held


@login_required
@require_GET
def dashboard_responses(request: AuthenticatedRequest) -> HttpResponse:
    """The answers behind a number, newest first, fifty to a page; the total comes from
    the rollup cells."""
    user = request.user
    f = _drilldown(request)
    filters: dict[str, Any] = {
        "user": user,
        "unit": f.unit,
        "start": f.start,
        "end": f.end,
        "group": f.group,
        "program_id": f.program_id,
        "segment": f.segment,
    }
    responses = response_list_for_drilldown(**filters)
    count = drilldown_count(**filters)
    paginator = CountedPaginator(responses, PAGE_SIZE, count=count)
    number = min(max(_int(request.GET.get("page")) or 1, 1), paginator.num_pages)
    everything = is_whole_tree(f.unit) if f.unit is not None else sees_everything(user)
    # With the total known, only the page's answers are needed; over every unit the
    # newest-first index finds them at once.
    if count is not None and not everything:
        paginator.object_list = newest_window(
            responses, start=f.start, end=f.end, needed=number * PAGE_SIZE
        )
    page = paginator.get_page(number)
    export = request.GET.copy()
    export.pop("page", None)
    ctx = {
        "nav": "dashboard",
        "unit": f.unit,
        "start": f.start,
        "last": f.last,
        "by_day": f.by_day,
        "group": f.group,
        "groups": GROUPS,
        "program_id": f.program_id,
        "programs": Program.objects.order_by("name"),
        "segment": f.segment,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "export": export.urlencode(),
    }
    return render(request, "metrics/responses.html", ctx)


def _download(table: Table, fmt: str) -> HttpResponseBase:
    if fmt == "xlsx":
        return stream_xlsx(filename=f"{table.filename}.xlsx", header=table.header, rows=table.rows)
    return stream_csv(filename=f"{table.filename}.csv", header=table.header, rows=table.rows)


@login_required
@require_GET
def dashboard_export(request: AuthenticatedRequest, table: str, fmt: str) -> HttpResponseBase:
    """Any table of the dashboards, or the answers behind a number, as CSV or XLSX: the
    same rows as the page, scoped the same way (a unit outside the user's scope is not
    found). Dashboard tables need `unit`; the answers take the drill-down's filters."""
    if table not in TABLES or fmt not in FORMATS:
        raise Http404
    user = request.user
    if table == "responses":
        f = _drilldown(request)
        responses = response_list_for_drilldown(
            user=user,
            unit=f.unit,
            start=f.start,
            end=f.end,
            group=f.group,
            program_id=f.program_id,
            segment=f.segment,
        )
        name = str(f.unit.pk) if f.unit is not None else "all"
        return _download(responses_table(responses, name=name), fmt)
    unit_id = _int(request.GET.get("unit"))
    if unit_id is None:
        raise Http404
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    if table in ("programs", "segments"):
        return _download(slices_table(unit_breakdown(unit=unit), table), fmt)
    board = unit_dashboard(unit=unit, user=user, period=_period(request))
    if table == "trend":
        return _download(trend_table(board), fmt)
    if table == "distribution":
        return _download(distribution_table(board), fmt)
    if table == "units":
        return _download(units_table(board), fmt)
    return _download(people_table(board, _people(user, unit)), fmt)
