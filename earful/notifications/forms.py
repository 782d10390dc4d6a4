"""Forms of the notification pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Employee, Unit
from earful.notifications.choices import Delivery, WebhookFormat
from earful.notifications.models import RoutingRule
from earful.surveys.models import Program


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Email me about feedback"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Send the daily digest at"),
        coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        help_text=_("Your unit's local time."),
    )


class RoutingRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    min_score = forms.IntegerField(label=_("Lowest score"), min_value=0, max_value=10, initial=0)
    max_score = forms.IntegerField(label=_("Highest score"), min_value=0, max_value=10, initial=6)
    segments = forms.CharField(
        label=_("Segments"),
        required=False,
        help_text=_("Comma-separated, e.g. “key accounts”. Empty: every segment."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units (with everything under them)"),
        queryset=Unit.objects.order_by("lft"),
        required=False,
        help_text=_("None chosen: every unit."),
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("Programs"),
        queryset=Program.objects.order_by("name"),
        required=False,
        help_text=_("None chosen: every program."),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Who else is told"),
        queryset=Employee.objects.filter(is_active=True).order_by("last_name", "username"),
    )

    def __init__(self, *args: Any, rule: RoutingRule | None = None, **kwargs: Any) -> None:
        if rule is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": rule.name,
                    "min_score": rule.min_score,
                    "max_score": rule.max_score,
                    "segments": ", ".join(rule.segments),
                    "units": list(rule.units.all()),
                    "programs": list(rule.programs.all()),
                    "recipients": list(rule.recipients.all()),
                },
            )
        super().__init__(*args, **kwargs)

    def clean_segments(self) -> list[str]:
        raw: str = self.cleaned_data.get("segments") or ""
        return [s.strip() for s in raw.split(",") if s.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_score"), data.get("max_score")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The lowest score must not be above the highest."))
        return data


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(
        label=_("URL"), max_length=500, assume_scheme="https", help_text=_("http or https")
    )
    format = forms.ChoiceField(label=_("Format"), choices=WebhookFormat.choices)
    max_score = forms.IntegerField(
        label=_("Only scores up to"),
        min_value=0,
        max_value=10,
        initial=10,
        help_text=_("6 sends detractors only; 10 sends everything."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units (with everything under them)"),
        queryset=Unit.objects.order_by("lft"),
        required=False,
        help_text=_("None chosen: every unit."),
    )
