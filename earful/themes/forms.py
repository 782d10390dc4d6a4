"""The forms of the theme pages: plain HTML forms that work without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from earful.surveys.models import Response
from earful.themes.choices import SentimentChoice
from earful.themes.models import Theme
from earful.web.forms import limit_parents


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("(top level)"),
        help_text=_("Group this theme under a broader one, e.g. Service › Waiting time."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    examples = forms.CharField(
        label=_("Example phrases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line, in any of the customers' languages: what customers say when "
            "they mean this theme. Ten good ones are enough to start."
        ),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, theme: Theme | None = None, **kwargs: Any) -> None:
        if theme is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": theme.name,
                "parent": theme.parent,
                "description": theme.description,
                "examples": "\n".join(str(e) for e in theme.examples),
                "is_active": theme.is_active,
            }
        super().__init__(*args, **kwargs)
        limit_parents(self, Theme.objects.filter(is_active=True).order_by("name"), theme)

    def example_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["examples"].splitlines() if line.strip()]


class TaxonomySettingsForm(forms.Form):
    use_scores = forms.BooleanField(
        label=_("Use each answer's score as a hint of its sentiment (score-aware)"),
        required=False,
    )


class CorrectionForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every theme the answer raises; none is an answer too."),
    )
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), choices=SentimentChoice.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, response: Response | None = None, **kwargs: Any) -> None:
        if response is not None and "initial" not in kwargs:
            analysis = getattr(response, "analysis", None)
            kwargs["initial"] = {
                "themes": [m.theme for m in response.theme_mentions.all()],
                "sentiment": analysis.sentiment if analysis else SentimentChoice.NEUTRAL,
            }
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Theme.objects.filter(is_active=True).order_by("name")


class ProposalAcceptForm(forms.Form):
    name = forms.CharField(label=_("Theme name"), max_length=100)


class ProposalRenameForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)


class ProposalMergeForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.filter(is_active=True).order_by("name")
