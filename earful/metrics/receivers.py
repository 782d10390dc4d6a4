"""Rollups follow every answer: given, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from earful.metrics.rollups import cell_key, cell_recount
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded


@receiver(responses_recorded, dispatch_uid="metrics.recount_on_answers")
def recount_on_answer(sender: Any, *, responses: list[Response], **kwargs: Any) -> None:
    for key in {cell_key(response) for response in responses}:
        cell_recount(key)


@receiver(post_delete, sender=Response, dispatch_uid="metrics.recount_on_delete")
def recount_on_delete(sender: Any, instance: Response, **kwargs: Any) -> None:
    cell_recount(cell_key(instance))
