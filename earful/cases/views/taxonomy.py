"""The CX lead's pages for the root-cause taxonomy: list, add, edit, (de)activate.

The taxonomy is company-wide: admins and CX leads edit it, everyone else gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.cases.models import RootCause
from earful.cases.selectors import root_cause_list
from earful.cases.services import root_cause_create, root_cause_update
from earful.cases.taxonomy_forms import RootCauseForm
from earful.directory.access import may_edit_directory
from earful.web.forms import entry_page
from earful.web.http import AuthenticatedRequest, require

ENTRY_CONTEXT = {
    "nav": "root_causes",
    "add": _lazy("Add a root cause"),
    "legend": _lazy("Root cause"),
    "back_label": _lazy("All root causes"),
}


@login_required
@require_GET
def root_cause_list_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    ctx = {"nav": "root_causes", "root_causes": root_cause_list()}
    return render(request, "cases/root_cause_list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def root_cause_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    form = RootCauseForm(request.POST or None)
    return entry_page(
        request,
        form,
        None,
        save=lambda: root_cause_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
        ),
        success=_("The root cause was added."),
        list_url="root_cause_list",
        context=ENTRY_CONTEXT,
    )


@login_required
@require_http_methods(["GET", "POST"])
def root_cause_edit_view(request: AuthenticatedRequest, root_cause_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    root_cause = get_object_or_404(RootCause, pk=root_cause_id)
    form = RootCauseForm(request.POST or None, root_cause=root_cause)
    return entry_page(
        request,
        form,
        root_cause,
        save=lambda: root_cause_update(
            actor=request.user,
            root_cause=root_cause,
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
            is_active=form.cleaned_data["is_active"],
        ),
        success=_("The root cause was saved."),
        list_url="root_cause_list",
        context=ENTRY_CONTEXT,
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
