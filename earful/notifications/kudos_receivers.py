"""Kudos' signal handler: new answers with words in them may praise someone by name.

Connected by the app's `ready()`; safe to run twice (kudos and notifications are
recorded once)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from earful.notifications.kudos import kudos_record_for_responses
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded


@receiver(responses_recorded, dispatch_uid="notifications.kudos_on_responses")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def record_kudos(
    sender: Any, *, responses: list[Response], created: frozenset[int], **kwargs: Any
) -> None:
    kudos_record_for_responses([r for r in responses if r.pk in created and r.reason.strip()])
