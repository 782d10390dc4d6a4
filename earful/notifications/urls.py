from __future__ import annotations

from django.urls import path

from earful.notifications import views

urlpatterns = [
    path("settings/", views.notification_settings, name="notification_settings"),
    path("rules/", views.routing_rule_list_view, name="routing_rule_list"),
    path("rules/new/", views.routing_rule_create_view, name="routing_rule_create"),
    path("rules/<int:rule_id>/", views.routing_rule_edit_view, name="routing_rule_edit"),
    path(
        "rules/<int:rule_id>/active/",
        views.routing_rule_set_active_view,
        name="routing_rule_set_active",
    ),
    path("webhooks/", views.webhook_list_view, name="webhook_list"),
    path("webhooks/new/", views.webhook_create_view, name="webhook_create"),
    path(
        "webhooks/<int:webhook_id>/active/",
        views.webhook_set_active_view,
        name="webhook_set_active",
    ),
    path(
        "webhooks/<int:webhook_id>/deliveries/",
        views.webhook_deliveries_view,
        name="webhook_deliveries",
    ),
]
