"""Reads of themes and of the answers behind them, always scoped by
`earful.directory.access`: verbatims and opportunities by the user's units and own
customers, the taxonomy's counts by the user's units."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from earful.directory.access import NOTHING, sees_everything, unit_scope
from earful.directory.models import Employee, Unit
from earful.metrics.nps import PASSIVE_MIN, PROMOTER_MIN
from earful.metrics.rollups import month_bounds
from earful.surveys.models import Response
from earful.themes.choices import ProposalStatus
from earful.themes.models import Theme, ThemeMention, ThemeProposal


def response_scope(user: Employee, prefix: str = "") -> Q:
    """Answers (or rows with an answer at `prefix`, e.g. "response__") the user may read:
    those of the units they may see, and those of the customers they own."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    units = unit_scope(user, f"{prefix}unit__")
    if sees_everything(user):
        return units
    return units | Q(**{f"{prefix}customer__owner": user.pk})


def _mentions_prefetch() -> Prefetch[str, QuerySet[ThemeMention], str]:
    return Prefetch(
        "theme_mentions",
        queryset=ThemeMention.objects.filter(theme__is_active=True)
        .select_related("theme")
        .order_by("-confidence", "theme__name"),
    )


def verbatim_list_visible_to(
    *,
    user: Employee,
    theme: Theme | None = None,
    sentiment: str = "",
    unit: Unit | None = None,
    group: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    untagged: bool = False,
) -> QuerySet[Response]:
    """Answers with a reason in the user's scope, newest first, with their analysis and
    themes; narrowed by theme, sentiment, unit subtree, NPS group and months [start, end)."""
    qs = Response.objects.filter(response_scope(user)).exclude(reason="")
    if theme is not None:
        qs = qs.filter(theme_mentions__theme=theme)
    if untagged:
        qs = qs.exclude(theme_mentions__theme__is_active=True)
    if sentiment:
        qs = qs.filter(analysis__sentiment=sentiment)
    if unit is not None:
        qs = qs.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    if group == "promoter":
        qs = qs.filter(score__gte=PROMOTER_MIN)
    elif group == "passive":
        qs = qs.filter(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)
    elif group == "detractor":
        qs = qs.filter(score__lt=PASSIVE_MIN)
    if start is not None:
        qs = qs.filter(submitted_at__gte=month_bounds(start)[0])
    if end is not None:
        qs = qs.filter(submitted_at__lt=month_bounds(end)[0])
    return (
        qs.select_related("analysis", "customer", "unit")
        .prefetch_related(_mentions_prefetch())
        .order_by("-submitted_at", "-pk")
    )


def verbatim_get_for_user(*, user: Employee, response_id: int) -> Response:
    """An answer with a reason, or 404 if there is none or the user may not read it."""
    qs = (
        Response.objects.filter(response_scope(user))
        .exclude(reason="")
        .select_related("analysis", "customer", "unit")
        .prefetch_related(_mentions_prefetch())
    )
    return get_object_or_404(qs, pk=response_id)


def opportunity_list_visible_to(*, user: Employee, unit: Unit | None = None) -> QuerySet[Response]:
    """Answers in which the engine heard a need or a request, newest first: the owner of
    the customer sees theirs, managers their subtree's."""
    qs = Response.objects.filter(response_scope(user), analysis__isnull=False).exclude(
        analysis__opportunities=[]
    )
    if unit is not None:
        qs = qs.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    return qs.select_related("analysis", "customer", "customer__owner", "unit").order_by(
        "-submitted_at", "-pk"
    )


def theme_list_with_counts(*, user: Employee) -> QuerySet[Theme]:
    """Every theme (active first) with `answers`: how many answers in the user's units
    raise it."""
    scope = unit_scope(user, "mentions__response__unit__")
    return (
        Theme.objects.select_related("parent")
        .annotate(answers=Count("mentions", filter=scope, distinct=True))
        .order_by("-is_active", "name", "pk")
    )


def theme_choices() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True).order_by("name")


def proposal_open_list() -> QuerySet[ThemeProposal]:
    return ThemeProposal.objects.filter(status=ProposalStatus.PROPOSED).order_by("-size", "pk")


def proposal_decided_list(limit: int = 20) -> list[ThemeProposal]:
    return list(
        ThemeProposal.objects.exclude(status=ProposalStatus.PROPOSED)
        .select_related("theme", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def responses_by_id(*, user: Employee, ids: list[int]) -> dict[int, Response]:
    """The answers with these ids that the user may read (proposal examples)."""
    qs = Response.objects.filter(response_scope(user), pk__in=ids).select_related("unit")
    return {r.pk: r for r in qs}
