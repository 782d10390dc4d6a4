"""The customer list's GET filters: parsed and type-checked here, authorised in the view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Employee
from earful.directory.selectors import (
    employee_list_visible_to,
    segment_list_visible_to,
    unit_list_visible_to,
)

Choices = list[tuple[Any, str]]


class CustomerFilterForm(forms.Form):
    """Search text and the unit, segment and owner filters of the customer list.

    Ids are only parsed here; the view resolves them through the selectors, so an id
    outside the user's scope is a 404 rather than a form error. The dropdowns' options
    are callables, queried only when the form is rendered (never for the CSV export).
    """

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    unit = forms.IntegerField(required=False, min_value=1, label=_("Unit"), widget=forms.Select)
    segment = forms.CharField(
        required=False, max_length=100, label=_("Segment"), widget=forms.Select
    )
    owner = forms.IntegerField(required=False, min_value=1, label=_("Owner"), widget=forms.Select)

    def __init__(self, data: Any, *, user: Employee) -> None:
        super().__init__(data)
        self.user = user
        self.fields["q"].widget.attrs.update(type="search", placeholder=_("Name, email, phone, id"))
        self.fields["unit"].widget.choices = self._unit_choices  # type: ignore[attr-defined]
        self.fields["segment"].widget.choices = self._segment_choices  # type: ignore[attr-defined]
        self.fields["owner"].widget.choices = self._owner_choices  # type: ignore[attr-defined]

    def _unit_choices(self) -> Choices:
        units = list(unit_list_visible_to(user=self.user))
        top = min((u.depth for u in units), default=0)
        indent = "\u00a0\u00a0"  # option text collapses ordinary spaces
        return [("", _("All units"))] + [(u.pk, indent * (u.depth - top) + u.name) for u in units]

    def _segment_choices(self) -> Choices:
        segments = segment_list_visible_to(user=self.user)
        return [("", _("All segments"))] + [(s, s) for s in segments]

    def _owner_choices(self) -> Choices:
        owners = employee_list_visible_to(user=self.user)
        return [("", _("Anyone"))] + [(e.pk, str(e)) for e in owners]
