"""The customer list's GET filters: parsed and type-checked here, authorised in the view."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Employee
from earful.directory.selectors import (
    employee_list_visible_to,
    segment_list_visible_to,
    unit_list_visible_to,
)

Choices = list[tuple[object, object]]


class CustomerFilterForm(forms.Form):
    """Search text and the unit, segment and owner filters of the customer list.

    Ids are only parsed here; the view resolves them through the selectors, so an id
    outside the user's scope is a 404 rather than a form error. The dropdowns' options
    are queried only when the form is rendered (never for the CSV export).
    """

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Search"),
        widget=forms.SearchInput(attrs={"placeholder": _("Name, email, phone, id")}),
    )
    unit = forms.IntegerField(required=False, min_value=1, label=_("Unit"), widget=forms.Select)
    # No max_length: it would put a maxlength attribute on the <select>.
    segment = forms.CharField(required=False, label=_("Segment"), widget=forms.Select)
    owner = forms.IntegerField(required=False, min_value=1, label=_("Owner"), widget=forms.Select)

    def __init__(self, data: Any, *, user: Employee) -> None:
        super().__init__(data)
        self.user = user
        # Callables keep the queries lazy; a <select> reads its options twice, hence
        # the cached properties behind them.
        self.fields["unit"].widget.choices = lambda: self.unit_choices
        self.fields["segment"].widget.choices = lambda: self.segment_choices
        self.fields["owner"].widget.choices = lambda: self.owner_choices

    @cached_property
    def unit_choices(self) -> Choices:
        units = list(unit_list_visible_to(user=self.user))
        top = min((u.depth for u in units), default=0)
        indent = "\u00a0\u00a0"  # option text collapses ordinary spaces
        return [("", _("All units"))] + [(u.pk, indent * (u.depth - top) + u.name) for u in units]

    @cached_property
    def segment_choices(self) -> Choices:
        segments = segment_list_visible_to(user=self.user)
        return [("", _("All segments"))] + [(s, s) for s in segments]

    @cached_property
    def owner_choices(self) -> Choices:
        owners = employee_list_visible_to(user=self.user)
        return [("", _("Anyone"))] + [(e.pk, str(e)) for e in owners]
