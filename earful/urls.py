from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("earful.api.urls")),
    path("", include("earful.directory.urls")),
    path("", include("earful.surveys.urls")),
    path("", include("earful.notifications.kudos_urls")),
    path("notifications/", include("earful.notifications.urls")),
    path("", include("earful.cases.urls")),
    path("", include("earful.metrics.urls")),
    path("", include("earful.themes.urls")),
    path("", include("earful.web.urls")),
]
