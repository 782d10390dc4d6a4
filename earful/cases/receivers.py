"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from earful.cases.services import cases_open_for_responses
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded


@receiver(responses_recorded, dispatch_uid="cases.open_for_detractors")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def open_cases_for_detractors(sender: Any, *, responses: list[Response], **kwargs: Any) -> None:
    """A detractor's answer (walk-ins too: then the unit's manager owns it) opens a case;
    an edit that makes an answer a detractor's opens one too."""
    cases_open_for_responses(responses)
