"""Kudos' signal handler: a new answer with words in it may praise someone by name.

Connected by the app's `ready()`; safe to run twice (kudos and notifications are
recorded once)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from earful.notifications.kudos import kudos_record_for_response
from earful.surveys.models import Response
from earful.surveys.signals import response_recorded


@receiver(response_recorded, dispatch_uid="notifications.kudos_on_response")
def record_kudos(sender: Any, response: Response, created: bool, **kwargs: Any) -> None:
    if created and response.reason.strip():
        kudos_record_for_response(response=response)
