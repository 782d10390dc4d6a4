"""Forms of the inbox and the case page: each validates input for one service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.cases.choices import CloseReason
from earful.cases.models import RootCause
from earful.cases.selectors import root_causes_active

YES_NO = [("yes", _("Yes, I reached them")), ("no", _("No, not reached"))]


class RootCauseField(forms.ChoiceField):
    """A root cause from a list loaded once per page (not once per form), so that an inbox
    with many inline forms costs one query for its choices."""

    def __init__(self, *, causes: list[RootCause], **kwargs: Any) -> None:
        self.causes = {str(cause.pk): cause for cause in causes}
        choices = [("", "—")] + [(key, str(cause)) for key, cause in self.causes.items()]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> RootCause | None:
        key = super().clean(value)
        return self.causes[key] if key else None


def active_root_causes() -> list[RootCause]:
    return list(root_causes_active())


class CallLogForm(forms.Form):
    reached = forms.ChoiceField(
        label=_("Did you reach the customer?"), choices=YES_NO, widget=forms.RadioSelect
    )
    learned = forms.CharField(
        label=_("What did you learn?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_promised = forms.CharField(
        label=_("Action promised"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_due = forms.DateField(
        label=_("Action due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, causes: list[RootCause], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["root_cause"] = RootCauseField(
            causes=causes, label=_("Root cause"), required=False
        )
        self.order_fields(["reached", "learned", "root_cause", "action_promised", "action_due"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reached") == "yes" and not data.get("learned"):
            self.add_error("learned", _("Write down what you learned from the call."))
        if data.get("action_due") and not data.get("action_promised"):
            self.add_error("action_promised", _("Say what was promised by that date."))
        return data


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, causes: list[RootCause], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["root_cause"] = RootCauseField(
            causes=causes, label=_("Root cause"), required=False
        )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why close without contact?"), choices=CloseReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    why = forms.CharField(
        label=_("Why reopen?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class InboxFilterForm(forms.Form):
    SHOW = [
        ("all", _("All")),
        ("open", _("Open cases")),
        ("due", _("SLA due soon")),
        ("detractors", _("Detractors")),
    ]
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)


class TeamPeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Period"),
        choices=[(30, _("Last 30 days")), (90, _("Last 90 days"))],
        coerce=int,
        required=False,
    )
