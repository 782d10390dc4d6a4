from __future__ import annotations

from django.urls import path

from earful.api import views

urlpatterns = [
    path("events", views.events, name="api_events"),
]
