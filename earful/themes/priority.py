"""What to fix first: per theme, how often it comes up, how unhappy those who raise it
are, what it costs in NPS (with an interval), where it is heading and what revenue is at
stake. In a fixed handful of grouped queries whatever the number of themes or answers,
scoped by the user's view of the tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from earful.directory.access import unit_scope
from earful.directory.models import Employee, Unit
from earful.metrics.dashboards import add_months
from earful.metrics.nps import PASSIVE_MIN, PROMOTER_MIN, Counts, Estimate, estimate
from earful.metrics.rollups import month_bounds, month_of
from earful.surveys.models import Response
from earful.themes.impact import Impact, Trend, detractor_share, impact, revenue_at_risk, trend
from earful.themes.models import Theme, ThemeMention

WINDOWS = (3, 6, 12, 24)
DEFAULT_MONTHS = 12

_GROUPS = {
    "promoters": Count("pk", filter=Q(score__gte=PROMOTER_MIN)),
    "passives": Count("pk", filter=Q(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)),
    "detractors": Count("pk", filter=Q(score__lt=PASSIVE_MIN)),
}
_MENTION_GROUPS = {
    "promoters": Count("pk", filter=Q(response__score__gte=PROMOTER_MIN)),
    "passives": Count(
        "pk", filter=Q(response__score__gte=PASSIVE_MIN, response__score__lt=PROMOTER_MIN)
    ),
    "detractors": Count("pk", filter=Q(response__score__lt=PASSIVE_MIN)),
}


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    counts: Counts  # the answers that raise it
    frequency: float  # their share of all answers, 0..1
    detractors: float | None  # share of detractors among them, 0..1
    nps: Estimate  # of the answers that raise it
    impact: Impact | None
    trend: Trend
    monthly: list[int]  # answers raising it per month, oldest first
    revenue_at_risk: Decimal


@dataclass(frozen=True)
class Priority:
    unit: Unit | None
    first_month: dt.date  # the window is [first_month, last_month]
    last_month: dt.date
    months: list[dt.date]
    total: Counts
    estimate: Estimate
    rows: list[ThemeRow]  # the most harmful first (lowest impact), then the rest


def _counts(row: Mapping[str, Any]) -> Counts:
    return Counts(row["promoters"] or 0, row["passives"] or 0, row["detractors"] or 0)


def _month(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return month_of(value)
    return value.replace(day=1)


def theme_priority(
    *,
    user: Employee,
    unit: Unit | None = None,
    months: int = DEFAULT_MONTHS,
    now: dt.datetime | None = None,
) -> Priority:
    """The priority figures over the last `months` months (this one included) of the
    answers the user's units gave (`unit`'s subtree only, when given)."""
    now = now or timezone.now()
    last_month = month_of(now)
    first_month = add_months(last_month, -(months - 1))
    window = [add_months(first_month, i) for i in range(months)]
    start, end = month_bounds(first_month)[0], month_bounds(add_months(last_month, 1))[0]

    answers = Response.objects.filter(
        unit_scope(user, "unit__"), submitted_at__gte=start, submitted_at__lt=end
    )
    mentions = ThemeMention.objects.filter(
        unit_scope(user, "response__unit__"),
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        theme__is_active=True,
    )
    if unit is not None:
        answers = answers.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
        mentions = mentions.filter(
            response__unit__lft__gte=unit.lft, response__unit__lft__lte=unit.rght
        )

    total = _counts(answers.aggregate(**_GROUPS))
    per_theme = {
        row["theme"]: _counts(row)
        for row in mentions.values("theme").annotate(**_MENTION_GROUPS).order_by()
    }
    answers_by_month: dict[dt.date, int] = {}
    for row in (
        answers.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month = _month(row["month"])
        answers_by_month[month] = answers_by_month.get(month, 0) + row["n"]
    theme_months: dict[int, dict[dt.date, int]] = {}
    for row in (
        mentions.annotate(month=TruncMonth("response__submitted_at"))
        .values("theme", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_month = theme_months.setdefault(row["theme"], {})
        month = _month(row["month"])
        by_month[month] = by_month.get(month, 0) + row["n"]
    at_risk: dict[int, list[tuple[int, Decimal | None]]] = {}
    for theme_id, customer_id, revenue in (
        mentions.filter(response__score__lt=PASSIVE_MIN, response__customer__isnull=False)
        .values_list("theme", "response__customer", "response__customer__annual_revenue")
        .distinct()
    ):
        at_risk.setdefault(theme_id, []).append((customer_id, revenue))

    rows = []
    for theme in Theme.objects.filter(pk__in=per_theme.keys()).select_related("parent"):
        counts = per_theme[theme.pk]
        monthly = [theme_months.get(theme.pk, {}).get(m, 0) for m in window]
        rows.append(
            ThemeRow(
                theme=theme,
                counts=counts,
                frequency=counts.n / total.n if total.n else 0.0,
                detractors=detractor_share(counts),
                nps=estimate(counts),
                impact=impact(counts, _minus(total, counts)),
                trend=trend(
                    [(n, answers_by_month.get(m, 0)) for n, m in zip(monthly, window, strict=True)]
                ),
                monthly=monthly,
                revenue_at_risk=revenue_at_risk(at_risk.get(theme.pk, [])),
            )
        )
    rows.sort(key=lambda r: (r.impact is None, r.impact.value if r.impact else 0.0, r.theme.name))
    return Priority(
        unit=unit,
        first_month=first_month,
        last_month=last_month,
        months=window,
        total=total,
        estimate=estimate(total),
        rows=rows,
    )


def _minus(total: Counts, part: Counts) -> Counts:
    """The answers without the theme. Counts from two queries of the same window can
    disagree only if an answer arrived in between; never below zero."""
    return Counts(
        max(0, total.promoters - part.promoters),
        max(0, total.passives - part.passives),
        max(0, total.detractors - part.detractors),
    )
