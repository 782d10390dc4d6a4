"""Request types for views behind `login_required`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from earful.directory.models import Employee


class AuthenticatedRequest(HttpRequest):
    """What a view behind `login_required` receives: `user` is always an Employee."""

    user: Employee


def require(allowed: bool) -> None:
    """403 unless allowed: views call `require(may_…(request.user))` first thing."""
    if not allowed:
        raise PermissionDenied
