from __future__ import annotations

from django.contrib import admin

from earful.notifications.models import (
    Kudos,
    Notification,
    Preference,
    RoutingRule,
    Webhook,
    WebhookDelivery,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "kind", "recipient", "delivery", "status", "reason"]
    list_filter = ["kind", "status", "delivery"]
    raw_id_fields = ["recipient", "response"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["employee", "delivery", "digest_hour"]
    raw_id_fields = ["employee"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = ["name", "is_active", "min_score", "max_score"]
    filter_horizontal = ["units", "programs", "recipients"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin[Webhook]):
    list_display = ["name", "format", "url", "is_active"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ["created_at", "webhook", "event", "status", "attempts", "last_status_code"]
    list_filter = ["status", "webhook"]


@admin.register(Kudos)
class KudosAdmin(admin.ModelAdmin[Kudos]):
    list_display = ["created_at", "employee", "mention", "unit", "confidence"]
    raw_id_fields = ["response", "employee"]
