"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from earful.surveys.acknowledgements import responses_acknowledge
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded


@receiver(responses_recorded, dispatch_uid="surveys.acknowledge_responses")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def acknowledge_responses(
    sender: Any, *, responses: list[Response], created: frozenset[int], **kwargs: Any
) -> None:
    """A new answer (not a changed one) is acknowledged to the respondent, once."""
    responses_acknowledge([r for r in responses if r.pk in created])
