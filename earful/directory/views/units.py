"""The organisation tree and one unit's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from earful.directory.selectors import (
    customer_list_visible_to,
    employee_list_visible_to,
    unit_get_for_user,
    unit_list_visible_to,
    unit_path_for_user,
    unit_tree_visible_to,
)
from earful.web.http import AuthenticatedRequest


@login_required
@require_GET
def unit_tree(request: AuthenticatedRequest) -> HttpResponse:
    ctx = {"nav": "units", "roots": unit_tree_visible_to(user=request.user)}
    return render(request, "directory/unit_tree.html", ctx)


@login_required
@require_GET
def unit_detail(request: AuthenticatedRequest, unit_id: int) -> HttpResponse:
    user = request.user
    unit = unit_get_for_user(user=user, unit_id=unit_id)
    ctx = {
        "nav": "units",
        "unit": unit,
        "unit_path": unit_path_for_user(user=user, unit=unit),
        "children": unit_list_visible_to(user=user).filter(parent=unit),
        "people": employee_list_visible_to(user=user).filter(unit=unit),
        "customer_count": customer_list_visible_to(user=user, unit=unit).count(),
    }
    return render(request, "directory/unit_detail.html", ctx)
