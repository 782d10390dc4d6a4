"""Rollups follow every change: answers given, changed or deleted; invitations sent,
answered or deleted; cases opened, handled, reopened or deleted."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from earful.cases.models import Case
from earful.directory.signals import customer_segments_changed
from earful.metrics.rate_rollups import (
    answered_invitations_counting,
    cases_recount,
    invitations_recount,
)
from earful.metrics.rollups import cells_counting, recounts_run, segments_changed_recount
from earful.surveys.models import Invitation, Response
from earful.surveys.signals import invitations_sent, responses_recorded


@receiver(responses_recorded, dispatch_uid="metrics.recount_on_answers")
@transaction.atomic  # its own savepoint: a failure here leaves the others' work
def recount_on_answer(sender: Any, *, responses: list[Response], **kwargs: Any) -> None:
    """Each cell the batch's answers fall into is recounted once, and the cells of the
    invitations they answer: both recounts in the same two round trips."""
    recounts_run([cells_counting(responses), answered_invitations_counting(responses)])


@receiver(post_delete, sender=Response, dispatch_uid="metrics.recount_on_delete")
def recount_on_delete(sender: Any, instance: Response, **kwargs: Any) -> None:
    # Its month's cells and its day's cell, recounted without it; its invitation unanswered.
    recounts_run([cells_counting([instance]), answered_invitations_counting([instance])])


@receiver(customer_segments_changed, dispatch_uid="metrics.recount_on_segment_change")
def recount_on_segment_change(sender: Any, *, previous: dict[int, str], **kwargs: Any) -> None:
    """Their answers' cells under the segment before and the segment now."""
    segments_changed_recount(previous)


@receiver(invitations_sent, dispatch_uid="metrics.recount_on_invitations_sent")
def recount_on_invitations_sent(
    sender: Any, *, invitations: list[Invitation], **kwargs: Any
) -> None:
    invitations_recount(invitations)


@receiver(post_delete, sender=Invitation, dispatch_uid="metrics.recount_on_invitation_delete")
def recount_on_invitation_delete(sender: Any, instance: Invitation, **kwargs: Any) -> None:
    invitations_recount([instance])


@receiver(post_save, sender=Case, dispatch_uid="metrics.recount_on_case_save")
@receiver(post_delete, sender=Case, dispatch_uid="metrics.recount_on_case_delete")
def recount_on_case_change(sender: Any, instance: Case, **kwargs: Any) -> None:
    """A case contacted, closed, reopened (with a new due time) or deleted: its month's
    SLA cell. (Cases opened in bulk are not yet handled, so they change no cell.)"""
    cases_recount([instance])
