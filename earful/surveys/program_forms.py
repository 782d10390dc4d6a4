"""The CX lead's program form: every setting of a program, with specific messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from earful.directory.choices import Language
from earful.directory.models import Unit
from earful.surveys.choices import ProgramKind
from earful.surveys.models import Program
from earful.surveys.programs import SETTINGS, program_problems, segment_choices
from earful.surveys.wording import REASON, RECOMMEND, SERVQUAL, SERVQUAL_DIMENSIONS

SERVQUAL_LABELS = {
    "tangibles": _("tangibles"),
    "reliability": _("reliability"),
    "responsiveness": _("responsiveness"),
    "assurance": _("assurance"),
    "empathy": _("empathy"),
}
EXTRA_QUESTION_CHOICES = [
    ("csat", _("Customer satisfaction (CSAT), 1–5")),
    ("ces", _("Customer effort (CES), 1–7")),
] + [
    (
        f"servqual:{dimension}",
        format_lazy(
            _("SERVQUAL {dimension}: expectation and perception, 1–7 each (“{text}”)"),
            dimension=SERVQUAL_LABELS[dimension],
            text=SERVQUAL[dimension]["en"],
        ),
    )
    for dimension in SERVQUAL_DIMENSIONS
]


class UnitChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Units as an indented tree, so the multi-select reads like the organisation."""

    def label_from_instance(self, obj: Unit) -> str:
        return "\u00a0\u00a0" * obj.depth + obj.name


class EventTypesField(forms.CharField):
    """Event types one per line (or comma separated), as a list."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        parts = text.replace(",", "\n").splitlines()
        return [part.strip() for part in parts if part.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value


@dataclass
class WordingRow:
    """One language's pair of wording fields, for the template."""

    language: str
    label: str
    recommend: forms.BoundField
    reason: forms.BoundField


def _number(label: Any, *, minimum: int, maximum: int, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=minimum, max_value=maximum, help_text=help_text
    )


class ProgramForm(forms.Form):
    """Create or edit a program. The cross-setting rules are `programs.program_problems`,
    shared with the services; this form adds the field-by-field ones."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices, widget=forms.RadioSelect)
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=Language.choices,
        help_text=_("Used for customers whose language has no wording."),
    )
    extra_questions = forms.MultipleChoiceField(
        label=_("Optional questions"),
        choices=EXTRA_QUESTION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Asked after the two standard questions (how likely to recommend, 0–10, and "
            "the reasons); customers may skip them."
        ),
    )
    monthly_quota = _number(
        _("Monthly quota"),
        minimum=1,
        maximum=10_000_000,
        help_text=_("Invitations a month, spread evenly over the days."),
    )
    daily_cap = _number(
        _("Daily cap"),
        minimum=1,
        maximum=10_000_000,
        help_text=_("At most this many invitations on any one day."),
    )
    target_margin = _number(
        _("Target margin (NPS points)"),
        minimum=0,
        maximum=100,
        help_text=_(
            "Ask each unit enough to know its NPS to ± this many points over the last "
            "quarter; 0 shares the quota by unit size."
        ),
    )
    max_invitations = _number(
        _("Invitations per customer"),
        minimum=1,
        maximum=100,
        help_text=_("At most this many invitations per customer in the window below."),
    )
    window_days = _number(_("Window (days)"), minimum=1, maximum=3650)
    quiet_days = _number(
        _("Quiet period (days)"),
        minimum=0,
        maximum=3650,
        help_text=_("Nobody asked by any program this recently is asked again."),
    )
    reminder_after_days = _number(
        _("Reminder after (days)"),
        minimum=0,
        maximum=365,
        help_text=_("One reminder to those who have not answered; 0 sends none."),
    )
    link_valid_days = _number(
        _("Link expires after (days)"),
        minimum=1,
        maximum=365,
    )
    touchpoint_delay_hours = _number(
        _("Delay after the event (hours)"),
        minimum=0,
        maximum=24 * 60,
        help_text=_("Touchpoint programs: how long after the event to ask."),
    )
    event_types = EventTypesField(
        label=_("Event types"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Touchpoint programs only: the events that trigger a survey, one per line, "
            "e.g. inspection_completed."
        ),
    )
    detractor_threshold = _number(
        _("Detractors score at most"),
        minimum=0,
        maximum=10,
        help_text=_("Answers at or below this score count as detractors (usually 6)."),
    )
    units = UnitChoiceField(
        label=_("Units"),
        queryset=Unit.objects.order_by("lft"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Each with everything under it. None chosen: the whole company."),
    )
    segments = forms.MultipleChoiceField(
        label=_("Segments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every segment."),
    )

    def __init__(self, *args: Any, program: Program | None = None, **kwargs: Any) -> None:
        if program is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(program)
        super().__init__(*args, **kwargs)
        if program is None:
            blank = Program()
            for name in SETTINGS:
                if name in self.fields:
                    self.fields[name].initial = getattr(blank, name)
            self.fields["kind"].initial = ProgramKind.RELATIONSHIP
            self.fields["default_language"].initial = Language.EN
        current = program.segments if program is not None else []
        segments_field = self.fields["segments"]
        assert isinstance(segments_field, forms.MultipleChoiceField)
        segments_field.choices = [(s, s) for s in segment_choices(current)]
        for language, label in Language.choices:
            self.fields[f"recommend_{language}"] = forms.CharField(
                label=format_lazy(_("Recommend question ({language})"), language=label),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": RECOMMEND.get(language, "")}),
            )
            self.fields[f"reason_{language}"] = forms.CharField(
                label=format_lazy(_("Reasons question ({language})"), language=label),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": REASON.get(language, "")}),
            )

    @staticmethod
    def initial_for(program: Program) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(program, name) for name in SETTINGS}
        initial["units"] = list(program.units.values_list("pk", flat=True))
        for language, texts in program.wording.items():
            for key in ("recommend", "reason"):
                initial[f"{key}_{language}"] = texts.get(key, "")
        return initial

    @property
    def wording_rows(self) -> list[WordingRow]:
        return [
            WordingRow(
                language=language,
                label=str(label),
                recommend=self[f"recommend_{language}"],
                reason=self[f"reason_{language}"],
            )
            for language, label in Language.choices
        ]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "kind", "default_language")]

    @property
    def sampling_fields(self) -> list[forms.BoundField]:
        names = ("monthly_quota", "daily_cap", "target_margin", "detractor_threshold")
        return [self[name] for name in names]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        names = (
            "max_invitations",
            "window_days",
            "quiet_days",
            "reminder_after_days",
            "link_valid_days",
        )
        return [self[name] for name in names]

    @property
    def touchpoint_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("event_types", "touchpoint_delay_hours")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wording: dict[str, dict[str, str]] = {}
        for language in Language.values:
            for key in ("recommend", "reason"):
                text = (data.get(f"{key}_{language}") or "").strip()
                if text:
                    wording.setdefault(language, {})[key] = text
        data["wording"] = wording
        for name, message in program_problems(data).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data

    def settings(self) -> dict[str, Any]:
        """The cleaned settings, as the services take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in SETTINGS}
        values["units"] = list(data["units"])
        return values
