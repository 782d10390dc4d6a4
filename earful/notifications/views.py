"""Notification pages: everyone's own settings; routing rules and webhooks for CX leads
and admins (everyone else gets 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.directory.access import may_edit_directory
from earful.notifications.forms import PreferenceForm, RoutingRuleForm, WebhookForm
from earful.notifications.selectors import (
    preference_for,
    routing_rule_get,
    routing_rule_list,
    webhook_delivery_log,
    webhook_get,
    webhook_list,
)
from earful.notifications.services import (
    preference_set,
    routing_rule_save,
    routing_rule_set_active,
    webhook_create,
    webhook_set_active,
)
from earful.web.http import AuthenticatedRequest, require


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    preference = preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            preference_set(
                actor=request.user,
                delivery=form.cleaned_data["delivery"],
                digest_hour=form.cleaned_data["digest_hour"],
            )
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notification_settings")
    else:
        form = PreferenceForm(
            initial={"delivery": preference.delivery, "digest_hour": preference.digest_hour}
        )
    ctx = {"nav": "notifications", "form": form}
    return render(request, "notifications/settings.html", ctx, status=400 if form.errors else 200)


@login_required
@require_GET
def routing_rule_list_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    ctx = {"nav": "routing", "rules": list(routing_rule_list())}
    return render(request, "notifications/routing_rule_list.html", ctx)


def _rule_form(request: AuthenticatedRequest, rule_id: int | None) -> HttpResponse:
    require(may_edit_directory(request.user))
    rule = routing_rule_get(rule_id=rule_id) if rule_id is not None else None
    if request.method == "POST":
        form = RoutingRuleForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data | {"is_active": rule.is_active if rule else True}
                routing_rule_save(actor=request.user, rule=rule, data=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The routing rule was saved."))
                return redirect("routing_rule_list")
    else:
        form = RoutingRuleForm(rule=rule)
    ctx = {"nav": "routing", "form": form, "rule": rule}
    return render(
        request, "notifications/routing_rule_form.html", ctx, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_create_view(request: AuthenticatedRequest) -> HttpResponse:
    return _rule_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_edit_view(request: AuthenticatedRequest, rule_id: int) -> HttpResponse:
    return _rule_form(request, rule_id)


@login_required
@require_POST
def routing_rule_set_active_view(request: AuthenticatedRequest, rule_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    rule = routing_rule_get(rule_id=rule_id)
    active = request.POST.get("active") == "1"
    routing_rule_set_active(actor=request.user, rule=rule, is_active=active)
    messages.success(
        request, _("The rule is active.") if active else _("The rule is off: it tells nobody.")
    )
    return redirect("routing_rule_list")


@login_required
@require_GET
def webhook_list_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    ctx = {
        "nav": "webhooks",
        "webhooks": list(webhook_list()),
        "deliveries": webhook_delivery_log(limit=50),
    }
    return render(request, "notifications/webhook_list.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_create_view(request: AuthenticatedRequest) -> HttpResponse:
    require(may_edit_directory(request.user))
    if request.method == "POST":
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                webhook = webhook_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The secret is shown here once and never again.
                ctx = {"nav": "webhooks", "webhook": webhook}
                return render(request, "notifications/webhook_created.html", ctx)
    else:
        form = WebhookForm()
    ctx = {"nav": "webhooks", "form": form}
    return render(
        request, "notifications/webhook_form.html", ctx, status=400 if form.errors else 200
    )


@login_required
@require_POST
def webhook_set_active_view(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    webhook = webhook_get(webhook_id=webhook_id)
    active = request.POST.get("active") == "1"
    webhook_set_active(actor=request.user, webhook=webhook, is_active=active)
    messages.success(request, _("The webhook is active.") if active else _("The webhook is off."))
    return redirect("webhook_list")


@login_required
@require_GET
def webhook_deliveries_view(request: AuthenticatedRequest, webhook_id: int) -> HttpResponse:
    require(may_edit_directory(request.user))
    webhook = webhook_get(webhook_id=webhook_id)
    ctx = {
        "nav": "webhooks",
        "webhook": webhook,
        "deliveries": webhook_delivery_log(webhook=webhook),
    }
    return render(request, "notifications/webhook_deliveries.html", ctx)
