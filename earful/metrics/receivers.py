"""Rollups follow every answer: given, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from earful.metrics.rollups import cell_key, cell_recount
from earful.surveys.models import Response
from earful.surveys.signals import response_recorded


@receiver(response_recorded, dispatch_uid="metrics.recount_on_answer")
def recount_on_answer(sender: Any, response: Response, **kwargs: Any) -> None:
    cell_recount(cell_key(response))


@receiver(post_delete, sender=Response, dispatch_uid="metrics.recount_on_delete")
def recount_on_delete(sender: Any, instance: Response, **kwargs: Any) -> None:
    cell_recount(cell_key(instance))
