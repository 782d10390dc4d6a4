"""The theme pages: what to fix first, the verbatims (and their correction), the
opportunities, the taxonomy and discovery. CX leads and admins change things; everyone
reads within their scope."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.directory.access import may_edit_directory
from earful.directory.models import Unit
from earful.directory.selectors import unit_get_for_user, unit_list_visible_to
from earful.metrics.dashboards import GROUPS, add_months
from earful.themes import proposals as proposal_services
from earful.themes.charts import MatrixPoint, priority_matrix_svg
from earful.themes.choices import ProposalStatus, SentimentChoice
from earful.themes.forms import (
    CorrectionForm,
    ProposalAcceptForm,
    ProposalMergeForm,
    ProposalRenameForm,
    TaxonomySettingsForm,
    ThemeForm,
)
from earful.themes.models import Theme, ThemeProposal
from earful.themes.priority import DEFAULT_MONTHS, WINDOWS, theme_priority
from earful.themes.selectors import (
    opportunity_list_visible_to,
    proposal_decided_list,
    proposal_open_list,
    responses_by_id,
    theme_choices,
    theme_list_with_counts,
    verbatim_get_for_user,
    verbatim_list_visible_to,
)
from earful.themes.services import (
    correction_create,
    taxonomy_settings,
    taxonomy_settings_update,
    theme_create,
    theme_update,
)
from earful.web.forms import add_service_errors, entry_page
from earful.web.http import AuthenticatedRequest, require

PAGE_SIZE = 50


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    year, _sep, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        return None
    return dt.date(int(year), int(month), 1)


def _unit(request: AuthenticatedRequest) -> Unit | None:
    unit_id = _int(request.GET.get("unit"))
    return unit_get_for_user(user=request.user, unit_id=unit_id) if unit_id is not None else None


def _units(request: AuthenticatedRequest) -> list[Unit]:
    """The units the user may filter by, in tree order."""
    return list(unit_list_visible_to(user=request.user).order_by("lft"))


# What to fix first ----------------------------------------------------------------------


@login_required
@require_GET
def priority_view(request: AuthenticatedRequest) -> HttpResponse:
    unit = _unit(request)
    months = _int(request.GET.get("months"))
    months = months if months in WINDOWS else DEFAULT_MONTHS
    figures = theme_priority(user=request.user, unit=unit, months=months)
    window = {"from": f"{figures.first_month:%Y-%m}", "to": f"{figures.last_month:%Y-%m}"}
    if unit is not None:
        window["unit"] = str(unit.pk)
    rows = []
    points = []
    for row in figures.rows:
        href = reverse("verbatim_list") + "?" + urlencode({**window, "theme": row.theme.pk})
        rows.append((row, href))
        if row.impact is not None:
            points.append(
                MatrixPoint(
                    label=row.theme.name,
                    frequency=row.frequency,
                    impact=row.impact.value,
                    low=row.impact.low,
                    high=row.impact.high,
                    href=href,
                )
            )
    ctx: dict[str, Any] = {
        "nav": "themes",
        "tab": "priority",
        "figures": figures,
        "rows": rows,
        "unit": unit,
        "units": _units(request),
        "months": months,
        "windows": WINDOWS,
        "matrix_svg": priority_matrix_svg(points, title=_("Frequency and NPS impact of each theme"))
        if points
        else "",
    }
    return render(request, "themes/priority.html", ctx)


# Verbatims ------------------------------------------------------------------------------


@login_required
@require_GET
def verbatim_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """Answers with their analysis. GET filters: theme (or "none"), sentiment, unit (its
    subtree), group, from/to (inclusive months)."""
    user = request.user
    unit = _unit(request)
    theme_param = request.GET.get("theme", "")
    theme_id = _int(theme_param)
    theme = get_object_or_404(Theme, pk=theme_id) if theme_id is not None else None
    sentiment = request.GET.get("sentiment", "")
    sentiment = sentiment if sentiment in SentimentChoice.values else ""
    group = request.GET.get("group", "")
    group = group if group in GROUPS else ""
    start, last = _month(request.GET.get("from")), _month(request.GET.get("to"))
    responses = verbatim_list_visible_to(
        user=user,
        theme=theme,
        sentiment=sentiment,
        unit=unit,
        group=group,
        start=start,
        end=add_months(last, 1) if last else None,
        untagged=theme_param == "none",
    )
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "nav": "themes",
        "tab": "verbatims",
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "theme": theme,
        "untagged": theme_param == "none",
        "themes": Theme.objects.filter(is_active=True).order_by("name"),
        "sentiment": sentiment,
        "sentiments": SentimentChoice.choices,
        "group": group,
        "unit": unit,
        "units": _units(request),
        "start": start,
        "last": last,
        "may_correct": may_edit_directory(user),
        "back": request.get_full_path(),
    }
    return render(request, "themes/verbatims.html", ctx)


def _safe_back(request: AuthenticatedRequest) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    return back if back.startswith("/") and not back.startswith("//") else reverse("verbatim_list")


@login_required
@require_http_methods(["GET", "POST"])
def verbatim_correct_view(request: AuthenticatedRequest, response_id: int) -> HttpResponse:
    response = verbatim_get_for_user(user=request.user, response_id=response_id)
    require(may_edit_directory(request.user))
    form = CorrectionForm(request.POST or None, response=response)
    if request.method == "POST" and form.is_valid():
        try:
            correction_create(
                actor=request.user,
                response=response,
                themes=form.cleaned_data["themes"],
                sentiment=form.cleaned_data["sentiment"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request,
                _("Thank you: the answer is corrected, and the engine learns from it."),
            )
            return redirect(_safe_back(request))
    ctx = {
        "nav": "themes",
        "tab": "verbatims",
        "response": response,
        "form": form,
        "next": _safe_back(request),
    }
    return render(request, "themes/correct.html", ctx, status=400 if form.errors else 200)


# Opportunities --------------------------------------------------------------------------


@login_required
@require_GET
def opportunity_list_view(request: AuthenticatedRequest) -> HttpResponse:
    unit = _unit(request)
    page = Paginator(opportunity_list_visible_to(user=request.user, unit=unit), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ctx = {
        "nav": "themes",
        "tab": "opportunities",
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "unit": unit,
        "units": _units(request),
    }
    return render(request, "themes/opportunities.html", ctx)


# Taxonomy -------------------------------------------------------------------------------


@login_required
@require_GET
def theme_list_view(request: AuthenticatedRequest) -> HttpResponse:
    latest = taxonomy_settings()
    ctx = {
        "nav": "themes",
        "tab": "taxonomy",
        "themes": theme_list_with_counts(user=request.user),
        "may_edit": may_edit_directory(request.user),
        "settings_form": TaxonomySettingsForm(
            initial={"use_scores": bool(latest and latest.use_scores)}
        ),
        "version": latest,
    }
    return render(request, "themes/theme_list.html", ctx)


@login_required
@require_POST
def taxonomy_settings_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    form = TaxonomySettingsForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off
    taxonomy_settings_update(
        actor=request.user, use_scores=bool(form.cleaned_data.get("use_scores"))
    )
    messages.success(request, _("The settings were saved; the answers are being read again."))
    return redirect("theme_list")


THEME_CONTEXT = {
    "nav": "themes",
    "tab": "taxonomy",
    "add": _lazy("Add a theme"),
    "legend": _lazy("Theme"),
    "back_label": _lazy("All themes"),
}


@login_required
@require_http_methods(["GET", "POST"])
def theme_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    form = ThemeForm(request.POST or None)
    return entry_page(
        request,
        form,
        None,
        save=lambda: theme_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            examples=form.example_list(),
            parent=form.cleaned_data["parent"],
        ),
        success=_("The theme was added; the answers are being read again."),
        list_url="theme_list",
        context=THEME_CONTEXT,
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit_view(request: AuthenticatedRequest, theme_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    theme = get_object_or_404(Theme, pk=theme_id)
    form = ThemeForm(request.POST or None, theme=theme)
    return entry_page(
        request,
        form,
        theme,
        save=lambda: theme_update(
            actor=request.user,
            theme=theme,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            examples=form.example_list(),
            parent=form.cleaned_data["parent"],
            is_active=form.cleaned_data["is_active"],
        ),
        success=_("The theme was saved."),
        list_url="theme_list",
        context=THEME_CONTEXT,
    )


# Discovery ------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_list_view(request: AuthenticatedRequest) -> HttpResponse:
    open_ = list(proposal_open_list())
    examples = responses_by_id(
        user=request.user, ids=[i for p in open_ for i in p.example_response_ids]
    )
    ctx = {
        "nav": "themes",
        "tab": "discovery",
        "proposals": [
            (p, [examples[i] for i in p.example_response_ids if i in examples]) for p in open_
        ],
        "decided": proposal_decided_list(),
        "may_edit": may_edit_directory(request.user),
        "merge_choices": list(theme_choices()),  # once, not once per proposal
    }
    return render(request, "themes/discovery.html", ctx)


@login_required
@require_POST
def discovery_run_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    made = proposal_services.discovery_run(actor=request.user)
    messages.success(request, _("Discovery proposed %(n)d themes.") % {"n": len(made)})
    return redirect("proposal_list")


def _open_proposal(proposal_id: int) -> ThemeProposal:
    return get_object_or_404(ThemeProposal, pk=proposal_id, status=ProposalStatus.PROPOSED)


@login_required
@require_POST
def proposal_accept_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    proposal = _open_proposal(proposal_id)
    form = ProposalAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new theme a name."))
        return redirect("proposal_list")
    try:
        theme = proposal_services.proposal_accept(
            actor=request.user, proposal=proposal, name=form.cleaned_data["name"]
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("proposal_list")
    messages.success(request, _("%(name)s is now a theme.") % {"name": theme.name})
    return redirect("proposal_list")


@login_required
@require_POST
def proposal_rename_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    proposal = _open_proposal(proposal_id)
    form = ProposalRenameForm(request.POST)
    if form.is_valid():
        proposal_services.proposal_rename(
            actor=request.user, proposal=proposal, label=form.cleaned_data["label"]
        )
        messages.success(request, _("The proposal was renamed."))
    return redirect("proposal_list")


@login_required
@require_POST
def proposal_merge_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    proposal = _open_proposal(proposal_id)
    form = ProposalMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the theme to merge into."))
        return redirect("proposal_list")
    theme = proposal_services.proposal_merge(
        actor=request.user, proposal=proposal, theme=form.cleaned_data["theme"]
    )
    messages.success(request, _("The proposal was merged into %(name)s.") % {"name": theme.name})
    return redirect("proposal_list")


@login_required
@require_POST
def proposal_dismiss_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    proposal = _open_proposal(proposal_id)
    proposal_services.proposal_dismiss(actor=request.user, proposal=proposal)
    messages.success(request, _("The proposal was dismissed."))
    return redirect("proposal_list")
