"""The form the case owner edits a reply in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.cases.choices import ReplyKind


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(choices=ReplyKind.choices, widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Edit the draft as you like: the customer receives exactly this text."),
    )
