"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from earful.cases.services import case_open_for_response
from earful.surveys.models import Response
from earful.surveys.signals import response_recorded


@receiver(response_recorded, dispatch_uid="cases.open_for_detractor")
def open_case_for_detractor(sender: Any, response: Response, **kwargs: Any) -> None:
    """A detractor's answer (walk-ins too: then the unit's manager owns it) opens a case."""
    case_open_for_response(response=response)
