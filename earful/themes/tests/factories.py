from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from earful.surveys.models import Response
from earful.surveys.tests.factories import ProgramFactory
from earful.themes.demo_taxonomy import TAXONOMY
from earful.themes.models import Theme
from earful.themes.services import theme_create


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    description = ""
    examples: list[str] = []

    @classmethod
    def _create(cls, model_class: type[Theme], *args: Any, **kwargs: Any) -> Theme:
        kwargs.setdefault("actor", None)
        kwargs.setdefault("refresh", False)
        return theme_create(**kwargs)


class ResponseFactory(factory.django.DjangoModelFactory[Response]):
    """An answer written straight to the table: none of the follow-up a real answer
    gets, so each test decides what runs."""

    class Meta:
        model = Response

    program = factory.SubFactory(ProgramFactory)
    score = 8
    reason = ""
    submitted_at = factory.LazyFunction(timezone.now)
    editable_until = factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(hours=24))

    @classmethod
    def _create(cls, model_class: type[Response], *args: Any, **kwargs: Any) -> Response:
        customer = kwargs.get("customer")
        if customer is not None:
            kwargs.setdefault("unit", customer.unit)
        response: Response = super()._create(model_class, *args, **kwargs)
        return response


def demo_taxonomy() -> dict[str, Theme]:
    """The demo's six themes, by name."""
    return {
        name: ThemeFactory.create(name=name, description=description, examples=examples)
        for name, description, examples in TAXONOMY
    }
