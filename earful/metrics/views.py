"""Dashboards: the overview of the user's scope, one unit's page, and the answers behind
any number on them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from earful.directory.selectors import unit_get_for_user, unit_path_for_user
from earful.metrics.charts import TrendPoint, distribution_svg, nps_trend_svg
from earful.metrics.dashboards import (
    GROUPS,
    Dashboard,
    add_months,
    dashboard_roots,
    response_list_for_drilldown,
    unit_dashboard,
)
from earful.surveys.models import Program
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 50


def _query(unit_id: int, first: dt.date, last: dt.date) -> str:
    """The drill-down filters for `unit_id`'s subtree over months first…last."""
    if first == last:
        return urlencode({"unit": unit_id, "month": f"{first:%Y-%m}"})
    return urlencode({"unit": unit_id, "from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"})


def _panel(board: Dashboard) -> dict[str, Any]:
    """A dashboard and its charts, ready for `metrics/_dashboard.html`."""
    points = [
        TrendPoint(
            label=date_format(p.month, "M"),
            value=p.estimate.value,
            low=p.estimate.low,
            high=p.estimate.high,
        )
        for p in board.trend
    ]
    unit_id = board.unit.pk
    window = _query(unit_id, board.first_month, board.last_month)
    quarter = board.quarter
    return {
        "board": board,
        "query": window,
        "this_quarter_query": _query(unit_id, quarter.this_start, board.last_month),
        "last_quarter_query": _query(
            unit_id, quarter.last_start, add_months(quarter.this_start, -1)
        ),
        "trend_rows": [(p, _query(unit_id, p.month, p.month)) for p in board.trend],
        "child_rows": [
            (row, _query(row.unit.pk, board.first_month, board.last_month))
            for row in board.children
        ],
        "trend_svg": nps_trend_svg(points, title=_("NPS by month")),
        "distribution_svg": distribution_svg(board.distribution, title=_("Answers by score")),
        "distribution_rows": list(enumerate(board.distribution)),
    }


@login_required
@require_GET
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    panels = [
        _panel(unit_dashboard(unit=root, user=request.user))
        for root in dashboard_roots(user=request.user)
    ]
    return render(request, "metrics/dashboard.html", {"nav": "dashboard", "panels": panels})


@login_required
@require_GET
def dashboard_unit(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    user = request.user
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    ctx = {
        "nav": "dashboard",
        "unit": unit,
        "unit_path": unit_path_for_user(user=user, unit=unit),
        "panel": _panel(unit_dashboard(unit=unit, user=user)),
    }
    return render(request, "metrics/dashboard_unit.html", ctx)


def _month(value: str | None) -> dt.date | None:
    """ "2026-03" as the first of March 2026; None when absent or malformed."""
    if not value:
        return None
    year, _sep, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return dt.date(int(year), int(month), 1)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def dashboard_responses(request: AuthenticatedRequest) -> HttpResponse:
    """The answers behind a number. GET filters: unit (its subtree), month, or from/to
    (inclusive months), group (promoter/passive/detractor), program."""
    user = request.user
    unit_id = _int(request.GET.get("unit"))
    unit = unit_get_for_user(user=user, unit_id=unit_id) if unit_id is not None else None
    month = _month(request.GET.get("month"))
    start = month or _month(request.GET.get("from"))
    last = month or _month(request.GET.get("to"))
    group = request.GET.get("group") if request.GET.get("group") in GROUPS else None
    program_id = _int(request.GET.get("program"))
    responses = response_list_for_drilldown(
        user=user,
        unit=unit,
        start=start,
        end=add_months(last, 1) if last else None,
        group=group,
        program_id=program_id,
    )
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "nav": "dashboard",
        "unit": unit,
        "start": start,
        "last": last,
        "group": group,
        "groups": GROUPS,
        "program_id": program_id,
        "programs": Program.objects.order_by("name"),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
    }
    return render(request, "metrics/responses.html", ctx)
