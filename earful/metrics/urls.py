from __future__ import annotations

from django.urls import path

from earful.metrics import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/units/<int:unit_id>/", views.dashboard_unit, name="dashboard_unit"),
    path(
        "dashboard/units/<int:unit_id>/breakdown/",
        views.dashboard_breakdown,
        name="dashboard_breakdown",
    ),
    path("dashboard/responses/", views.dashboard_responses, name="dashboard_responses"),
    path(
        "dashboard/export/<slug:table>.<slug:fmt>",
        views.dashboard_export,
        name="dashboard_export",
    ),
]
