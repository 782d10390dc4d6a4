"""The kudos feed: praise that names staff, per unit, within what the reader may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from earful.directory.models import Unit
from earful.notifications.kudos import (
    kudos_list_visible_to,
    kudos_unit_get_for_user,
    kudos_units_visible_to,
)
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 50


class KudosFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("All units I may see"))] + [
            (unit.pk, f"{'· ' * unit.depth}{unit.name}") for unit in units
        ]


@login_required
@require_GET
def kudos_feed(request: AuthenticatedRequest) -> HttpResponse:
    units = list(kudos_units_visible_to(user=request.user))
    form = KudosFilterForm(request.GET, units=units)
    unit_id = form.cleaned_data["unit"] if form.is_valid() else None
    unit = kudos_unit_get_for_user(user=request.user, unit_id=unit_id) if unit_id else None
    kudos = kudos_list_visible_to(user=request.user, unit=unit)
    page = Paginator(kudos, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"nav": "kudos", "form": form, "unit": unit, "page": page}
    return render(request, "notifications/kudos_feed.html", ctx)
