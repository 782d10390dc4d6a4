"""The form of the root-cause taxonomy pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.cases.models import RootCause
from earful.web.forms import limit_parents


class RootCauseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=RootCause.objects.none(),
        required=False,
        empty_label=_("(top level)"),
        help_text=_("Group this cause under a broader one, e.g. Report › Late delivery."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(
        label=_("Offered on call logs and resolutions"), required=False, initial=True
    )

    def __init__(self, *args: Any, root_cause: RootCause | None = None, **kwargs: Any) -> None:
        if root_cause is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": root_cause.name,
                "parent": root_cause.parent,
                "description": root_cause.description,
                "is_active": root_cause.is_active,
            }
        super().__init__(*args, **kwargs)
        parents = RootCause.objects.filter(parent__isnull=True).order_by("name")
        limit_parents(self, parents, root_cause)
