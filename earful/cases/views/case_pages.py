"""One case: its response, customer, history and calls, and the actions on it.

Each action is a POST that validates a form, makes one service call and redirects
(POST-redirect-GET) with a message; an invalid form shows the case page again with
its errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from earful.cases import services
from earful.cases.choices import CloseReason, ReplyKind
from earful.cases.forms import CallLogForm, CloseForm, ReopenForm, ResolveForm, active_root_causes
from earful.cases.inbox import may_act_on_cases
from earful.cases.models import Case, RootCause
from earful.cases.selectors import case_get_for_user
from earful.surveys.models import Response
from earful.web.http import AuthenticatedRequest, require


def _reply_links(case: Case) -> list[tuple[str, str]]:
    """Links to the reply page, one per kind; none while that page is not installed."""
    try:
        base = reverse("case_reply", args=[case.pk])
    except NoReverseMatch:
        return []
    return [(f"{base}?kind={kind.value}", str(kind.label)) for kind in ReplyKind]


def _case_page(
    request: AuthenticatedRequest, case: Case, forms: dict[str, Form] | None = None
) -> HttpResponse:
    causes = active_root_causes()
    ctx: dict[str, Any] = {
        "nav": "inbox",
        "case": case,
        "response": case.response,
        "customer": case.customer,
        "calls": case.calls.select_related("by", "root_cause__parent"),
        "replies": case.replies.select_related("by"),
        "history": (
            Response.objects.filter(customer=case.customer)
            .exclude(pk=case.response_id)
            .select_related("program", "case")
            .order_by("-submitted_at", "-pk")
            if case.customer_id
            else []
        ),
        "may_act": may_act_on_cases(request.user),
        "reply_links": _reply_links(case),
        "call_form": CallLogForm(causes=causes),
        "resolve_form": ResolveForm(causes=causes),
        "close_form": CloseForm(),
        "reopen_form": ReopenForm(),
    }
    ctx.update(forms or {})
    return render(request, "cases/case_detail.html", ctx)


def _case_for_action(request: AuthenticatedRequest, case_id: int) -> Case:
    case = case_get_for_user(user=request.user, case_id=case_id)
    require(may_act_on_cases(request.user))
    return case


def _back(request: AuthenticatedRequest, case: Case) -> HttpResponseRedirect:
    """To `next` (e.g. the inbox the form was on) when it is ours, else the case."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect("case_detail", case.pk)


def _refused(request: AuthenticatedRequest, case: Case, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("case_detail", case.pk)


@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_get_for_user(user=request.user, case_id=case_id))


@login_required
@require_POST
def case_log_call(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = CallLogForm(request.POST, causes=active_root_causes())
    if not form.is_valid():
        return _case_page(request, case, {"call_form": form})
    data = form.cleaned_data
    root_cause: RootCause | None = data["root_cause"]
    try:
        services.case_log_call(
            actor=request.user,
            case=case,
            reached=data["reached"] == "yes",
            learned=data["learned"],
            root_cause=root_cause,
            action_promised=data["action_promised"],
            action_due=data["action_due"],
        )
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The call is logged."))
    return _back(request, case)


@login_required
@require_POST
def case_resolve(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = ResolveForm(request.POST, causes=active_root_causes())
    if not form.is_valid():
        return _case_page(request, case, {"resolve_form": form})
    try:
        services.case_resolve(
            actor=request.user,
            case=case,
            resolution=form.cleaned_data["resolution"],
            root_cause=form.cleaned_data["root_cause"],
        )
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The case is resolved."))
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def case_close(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"close_form": form})
    try:
        services.case_close_without_contact(
            actor=request.user,
            case=case,
            reason=CloseReason(form.cleaned_data["reason"]),
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The case is closed without contact."))
    return redirect("case_detail", case.pk)


@login_required
@require_POST
def case_reopen(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = _case_for_action(request, case_id)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, {"reopen_form": form})
    try:
        services.case_reopen(actor=request.user, case=case, why=form.cleaned_data["why"])
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The case is open again."))
    return redirect("case_detail", case.pk)
