from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from earful.surveys import wording as words

SCORE_CHOICES = [(n, str(n)) for n in range(11)]


def _scale(low: int, high: int) -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(low, high + 1)]


@dataclass
class ExtraScale:
    """One optional rating the customer may give: a form field and its answer's key in
    `Response.extra`."""

    field_name: str
    extra_key: str
    label: str
    low: int
    high: int


@dataclass
class ExtraGroup:
    """The ratings shown together in one fieldset: CSAT or CES alone, or a SERVQUAL
    dimension's expectation and perception."""

    legend: str
    ends: tuple[str, str]
    scales: list[ExtraScale] = field(default_factory=list)
    fields: list[forms.BoundField] = field(default_factory=list)


def extra_groups(
    questions: Sequence[str], language: str, wording: Mapping[str, Mapping[str, str]]
) -> list[ExtraGroup]:
    """The optional questions a program asks, in its order, worded for `language`.
    Codes Earful does not know are left out rather than failing the customer's page."""
    groups: list[ExtraGroup] = []
    seen: set[str] = set()
    for code in questions:
        if code in seen or code not in words.EXTRA_QUESTIONS:
            continue
        seen.add(code)
        if code in ("csat", "ces"):
            text = words.question_text(wording, language, code)
            high = 5 if code == "csat" else 7
            ends = words.localised(words.CSAT_ENDS if code == "csat" else words.CES_ENDS, language)
            groups.append(ExtraGroup(text, ends, [ExtraScale(code, code, text, 1, high)]))
            continue
        dimension = code.split(":", 1)[1]
        name = f"servqual_{dimension}"
        groups.append(
            ExtraGroup(
                words.localised(words.SERVQUAL[dimension], language),
                words.localised(words.SERVQUAL_ENDS, language),
                [
                    ExtraScale(
                        f"{name}_expectation",
                        f"{code}:expectation",
                        words.localised(words.SERVQUAL_EXPECTATION, language),
                        1,
                        7,
                    ),
                    ExtraScale(
                        f"{name}_perception",
                        f"{code}:perception",
                        words.localised(words.SERVQUAL_PERCEPTION, language),
                        1,
                        7,
                    ),
                ],
            )
        )
    return groups


class ResponseForm(forms.Form):
    """The customer's answer. The labels of score and reason are the program's
    question texts, set by the view in the customer's language; `questions` adds the
    program's optional ratings (CSAT 1–5, CES 1–7, SERVQUAL pairs 1–7), none required."""

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

    def __init__(
        self,
        *args: Any,
        recommend: str,
        reason: str,
        questions: Sequence[str] = (),
        language: str | None = None,
        wording: Mapping[str, Mapping[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].label = recommend
        self.fields["reason"].label = reason
        self.language = language or get_language() or "en"
        self.optional_text = words.localised(words.OPTIONAL, self.language)
        self.extra_groups = extra_groups(questions, self.language, wording or {})
        for group in self.extra_groups:
            for scale in group.scales:
                self.fields[scale.field_name] = forms.TypedChoiceField(
                    label=scale.label,
                    choices=_scale(scale.low, scale.high),
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            group.fields = [self[scale.field_name] for scale in group.scales]

    def extra_answers(self) -> dict[str, int]:
        """The optional ratings given, keyed as in `Response.extra`; skipped ones left out."""
        answers: dict[str, int] = {}
        for group in self.extra_groups:
            for scale in group.scales:
                value = self.cleaned_data.get(scale.field_name)
                if value is not None:
                    answers[scale.extra_key] = value
        return answers

    @staticmethod
    def initial_from_extra(questions: Sequence[str], extra: Mapping[str, Any]) -> dict[str, Any]:
        """Form initial values from a saved `Response.extra`, to pre-fill an edit."""
        initial: dict[str, Any] = {}
        for group in extra_groups(questions, "en", {}):
            for scale in group.scales:
                if scale.extra_key in extra:
                    initial[scale.field_name] = extra[scale.extra_key]
        return initial
