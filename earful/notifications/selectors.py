"""Reads of the notification pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from earful.directory.models import Employee
from earful.notifications.models import Preference, RoutingRule, Webhook, WebhookDelivery


def preference_for(employee: Employee) -> Preference:
    """The saved preference, or the default one (instant, 07:00) unsaved."""
    return Preference.objects.filter(employee=employee).first() or Preference(employee=employee)


def routing_rule_list() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.prefetch_related("units", "programs", "recipients")


def routing_rule_get(*, rule_id: int) -> RoutingRule:
    return get_object_or_404(RoutingRule, pk=rule_id)


def webhook_list() -> QuerySet[Webhook]:
    return Webhook.objects.prefetch_related("units")


def webhook_get(*, webhook_id: int) -> Webhook:
    return get_object_or_404(Webhook, pk=webhook_id)


def webhook_delivery_log(
    *, webhook: Webhook | None = None, limit: int = 200
) -> list[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.select_related("webhook").order_by("-created_at", "-pk")
    if webhook is not None:
        deliveries = deliveries.filter(webhook=webhook)
    return list(deliveries[:limit])
