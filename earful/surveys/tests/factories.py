from __future__ import annotations

from typing import Any

import factory

from earful.directory.tests.factories import CustomerFactory
from earful.surveys.invitations import invitation_create
from earful.surveys.models import Invitation, Program


class ProgramFactory(factory.django.DjangoModelFactory[Program]):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Program {n}")


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    program = factory.SubFactory(ProgramFactory)
    customer = factory.SubFactory(CustomerFactory)

    @classmethod
    def _create(cls, model_class: type[Invitation], *args: Any, **kwargs: Any) -> Invitation:
        return invitation_create(**kwargs)
