from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from earful.directory.access import may_edit_directory, may_manage_programs


def _url_if_installed(name: str) -> str:
    """The page's URL, or "" while the app that serves it is not installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "may_edit_directory": bool(user and user.is_authenticated and may_edit_directory(user)),
        "may_manage_programs": bool(user and user.is_authenticated and may_manage_programs(user)),
        "inbox_url": _url_if_installed("inbox"),
        "notification_settings_url": _url_if_installed("notification_settings"),
        "themes_url": _url_if_installed("theme_priority"),
    }
