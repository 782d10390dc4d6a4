from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SCORE_CHOICES = [(n, str(n)) for n in range(11)]


class ResponseForm(forms.Form):
    """The customer's answer. The labels of score and reason are the program's
    question texts, set by the view in the customer's language."""

    score = forms.TypedChoiceField(
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a score from 0 to 10.")},
    )
    reason = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    may_contact = forms.BooleanField(required=False, label=_("You may contact me about my answer."))

    def __init__(self, *args: object, recommend: str, reason: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["score"].label = recommend
        self.fields["reason"].label = reason
