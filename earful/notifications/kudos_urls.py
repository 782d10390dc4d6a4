from __future__ import annotations

from django.urls import path

from earful.notifications import kudos_views

urlpatterns = [
    path("kudos/", kudos_views.kudos_feed, name="kudos_feed"),
]
