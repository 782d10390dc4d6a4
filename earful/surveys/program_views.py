"""The CX lead's pages for survey programs: list, detail, create, edit, on/off.

Programs are company-wide: admins and CX leads manage them, and everyone else gets
403 (the pages' existence is no secret; the nav simply does not show them).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.directory.access import may_manage_programs
from earful.directory.choices import Language
from earful.surveys.models import Program
from earful.surveys.program_forms import EXTRA_QUESTION_CHOICES, ProgramForm
from earful.surveys.programs import (
    program_create,
    program_get,
    program_list_with_counts,
    program_recent_draws,
    program_set_active,
    program_stats,
    program_update,
)
from earful.web.forms import form_page
from earful.web.http import AuthenticatedRequest, require


def _walk_in_url(program: Program) -> str | None:
    """The program's walk-in links page, where this installation has one."""
    try:
        return reverse("program_walk_in", args=[program.pk])
    except NoReverseMatch:
        return None


@login_required
@require_GET
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    require(may_manage_programs(request.user))
    ctx = {"nav": "programs", "rows": program_list_with_counts()}
    return render(request, "surveys/program_list.html", ctx)


@login_required
@require_GET
def program_detail(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    require(may_manage_programs(request.user))
    program = program_get(program_id=program_id)
    labels = dict(EXTRA_QUESTION_CHOICES)
    ctx = {
        "nav": "programs",
        "program": program,
        "units": program.units.order_by("lft"),
        "stats": program_stats(program),
        "draws": program_recent_draws(program),
        "walk_in_url": _walk_in_url(program),
        "extra_labels": [labels[q] for q in program.extra_questions if q in labels],
        "wording_languages": [
            label for language, label in Language.choices if program.wording.get(language)
        ],
    }
    return render(request, "surveys/program_detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def program_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_manage_programs(request.user))
    form = ProgramForm(request.POST) if request.method == "POST" else ProgramForm()
    return form_page(
        request,
        form,
        save=lambda: program_create(actor=request.user, **form.settings()),
        success=_("The program was created."),
        done=lambda program: redirect("program_detail", program_id=program.pk),
        template="surveys/program_form.html",
        context={"nav": "programs", "program": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_edit(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    require(may_manage_programs(request.user))
    program = program_get(program_id=program_id)
    form = (
        ProgramForm(request.POST, program=program)
        if request.method == "POST"
        else ProgramForm(program=program)
    )
    return form_page(
        request,
        form,
        save=lambda: program_update(actor=request.user, program=program, **form.settings()),
        success=_("The program was saved."),
        done=lambda _saved: redirect("program_detail", program_id=program.pk),
        template="surveys/program_form.html",
        context={"nav": "programs", "program": program},
    )


@login_required
@require_POST
def program_set_active_view(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    require(may_manage_programs(request.user))
    program = program_get(program_id=program_id)
    active = request.POST.get("active") == "1"
    program_set_active(actor=request.user, program=program, is_active=active)
    if active:
        messages.success(request, _("The program is active."))
    else:
        messages.success(request, _("The program is paused: it asks nobody until activated."))
    return redirect("program_detail", program_id=program.pk)
