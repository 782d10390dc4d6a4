"""Rollups follow every answer: given, changed or deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from earful.directory.signals import customer_segments_changed
from earful.metrics.rollups import cells_recount, segments_changed_recount
from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded


@receiver(responses_recorded, dispatch_uid="metrics.recount_on_answers")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def recount_on_answer(sender: Any, *, responses: list[Response], **kwargs: Any) -> None:
    """Each cell the batch's answers fall into is recounted once."""
    cells_recount(responses)


@receiver(post_delete, sender=Response, dispatch_uid="metrics.recount_on_delete")
def recount_on_delete(sender: Any, instance: Response, **kwargs: Any) -> None:
    # Its month's cells and its day's cell, recounted without it.
    cells_recount([instance])


@receiver(customer_segments_changed, dispatch_uid="metrics.recount_on_segment_change")
def recount_on_segment_change(sender: Any, *, previous: dict[int, str], **kwargs: Any) -> None:
    """Their answers' cells under the segment before and the segment now."""
    segments_changed_recount(previous)
