from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from earful.directory.access import may_edit_directory, may_manage_programs


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "may_edit_directory": bool(user and user.is_authenticated and may_edit_directory(user)),
        "may_manage_programs": bool(user and user.is_authenticated and may_manage_programs(user)),
    }
