"""The CX lead's pages for the root-cause taxonomy: list, add, edit, (de)activate.

The taxonomy is company-wide: admins and CX leads edit it, everyone else gets 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.cases.models import RootCause
from earful.cases.selectors import root_cause_list
from earful.cases.services import root_cause_create, root_cause_update
from earful.cases.taxonomy_forms import RootCauseForm
from earful.directory.access import may_edit_directory
from earful.web.forms import form_page
from earful.web.http import AuthenticatedRequest, require


@login_required
@require_GET
def root_cause_list_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    ctx = {"nav": "root_causes", "root_causes": root_cause_list()}
    return render(request, "cases/root_cause_list.html", ctx)


def _entry_page(
    request: AuthenticatedRequest,
    form: RootCauseForm,
    root_cause: RootCause | None,
    save: Callable[[], object],
    success: str,
) -> HttpResponse:
    heading = (
        _("Edit %(name)s") % {"name": root_cause.name} if root_cause else _("Add a root cause")
    )
    return form_page(
        request,
        form,
        save=save,
        success=success,
        done=lambda _saved: redirect("root_cause_list"),
        template="web/entry_form.html",
        context={
            "nav": "root_causes",
            "entry": root_cause,
            "heading": heading,
            "legend": _("Root cause"),
            "back_url": reverse("root_cause_list"),
            "back_label": _("All root causes"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def root_cause_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    form = RootCauseForm(request.POST or None)
    return _entry_page(
        request,
        form,
        None,
        lambda: root_cause_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
        ),
        _("The root cause was added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def root_cause_edit_view(request: AuthenticatedRequest, root_cause_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    root_cause = get_object_or_404(RootCause, pk=root_cause_id)
    form = RootCauseForm(request.POST or None, root_cause=root_cause)
    return _entry_page(
        request,
        form,
        root_cause,
        lambda: root_cause_update(
            actor=request.user,
            root_cause=root_cause,
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
        ),
        _("The root cause was saved."),
    )


@login_required
@require_POST
def root_cause_set_active_view(request: AuthenticatedRequest, root_cause_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    root_cause = get_object_or_404(RootCause, pk=root_cause_id)
    active = request.POST.get("active") == "1"
    root_cause_update(
        actor=request.user,
        root_cause=root_cause,
        name=root_cause.name,
        parent=root_cause.parent,
        description=root_cause.description,
        is_active=active,
    )
    if active:
        messages.success(request, _("%(name)s is offered again.") % {"name": root_cause})
    else:
        messages.success(request, _("%(name)s is no longer offered.") % {"name": root_cause})
    return redirect("root_cause_list")
