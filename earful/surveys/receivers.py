"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from earful.surveys.acknowledgements import response_acknowledge
from earful.surveys.models import Response
from earful.surveys.signals import response_recorded


@receiver(response_recorded, dispatch_uid="surveys.acknowledge_response")
def acknowledge_response(sender: Any, response: Response, created: bool, **kwargs: Any) -> None:
    """A new answer (not a changed one) is acknowledged to the respondent, once."""
    if created:
        response_acknowledge(response=response)
