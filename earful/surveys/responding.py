"""Customers answering a survey: recording and editing a response, and opting out."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from earful.directory.models import Customer
from earful.platform.audit import log_action
from earful.surveys.choices import InvitationStatus
from earful.surveys.followup import followup_queue
from earful.surveys.models import Invitation, Response

EDIT_WINDOW = dt.timedelta(hours=24)

InvitationState = Literal["open", "answered_editable", "answered_closed", "expired", "cancelled"]


class ResponseClosed(Exception):
    """The response was given more than 24 hours ago and can no longer change."""


class InvitationExpired(Exception):
    """The link expired before anyone answered it."""


class InvitationCancelled(Exception):
    """The invitation was withdrawn; its link answers nothing."""


def invitation_response(invitation: Invitation) -> Response | None:
    try:
        return invitation.response
    except Response.DoesNotExist:
        return None


def invitation_state(invitation: Invitation, *, now: dt.datetime | None = None) -> InvitationState:
    now = now or timezone.now()
    response = invitation_response(invitation)
    if response is not None:
        return "answered_editable" if now < response.editable_until else "answered_closed"
    if invitation.status == InvitationStatus.CANCELLED:
        return "cancelled"
    if now > invitation.expires_at:
        return "expired"
    return "open"


@transaction.atomic
def response_submit(
    *,
    invitation: Invitation,
    score: int,
    reason: str,
    may_contact: bool,
    extra: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Record the customer's answer, or change it within 24 hours of giving it."""
    now = now or timezone.now()
    # Lock the invitation so two quick submits cannot make two responses. Only its own
    # row (`of`): locking the program's row too would make every answer to a program
    # queue behind the others. Plain values: no model instance to build.
    status, expires_at, language, program_id, customer_id = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(pk=invitation.pk)
        .values_list("status", "expires_at", "language", "program", "customer")
        .get()
    )
    # A query of its own, after the lock: under READ COMMITTED it sees a response that
    # a submit we waited for has just committed (a join in the locking query would not).
    response = Response.objects.filter(invitation_id=invitation.pk).order_by().first()
    if response is None:
        if status == InvitationStatus.CANCELLED:
            raise InvitationCancelled
        if now > expires_at:
            raise InvitationExpired
        response = Response(
            invitation=invitation,
            program_id=program_id,
            customer_id=customer_id,
            # The caller's invitation usually comes with its customer (links.py).
            unit_id=invitation.customer.unit_id,
            language=language,
            channel="email",
            submitted_at=now,
            editable_until=now + EDIT_WINDOW,
        )
        created, previous_score = True, None
    elif now < response.editable_until:
        created, previous_score = False, response.score
    else:
        raise ResponseClosed
    response.score = score
    response.reason = reason
    response.may_contact = may_contact
    response.extra = extra or {}
    # The invitation, program, customer and unit are rows just read, and no other
    # response holds the invitation (checked above under the lock; the unique index
    # stands behind it): checking that again would cost five queries an answer. The
    # score's range is checked by its field validator, not by a query for the check
    # constraint, which stays in the database behind it.
    response.full_clean(
        exclude=["invitation", "program", "customer", "unit"],
        validate_unique=False,
        validate_constraints=False,
    )
    response.save()
    if status != InvitationStatus.ANSWERED:
        Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.ANSWERED)
        invitation.status = InvitationStatus.ANSWERED
    if not created:
        # The response row itself records when it was given and what; only changes go to
        # the audit log (an entry per answer would cost every answer a write).
        log_action(
            "response.edited",
            actor=None,
            obj=response,
            data={"score": score, "previous_score": previous_score},
        )
    followup_queue(response, created=created)
    return response


@transaction.atomic
def customer_unsubscribe(*, invitation: Invitation, now: dt.datetime | None = None) -> Customer:
    """Opt the invitation's customer out of all surveys. Safe to repeat."""
    customer = Customer.objects.select_for_update().get(pk=invitation.customer_id)
    if not customer.opted_out:
        customer.opted_out = True
        customer.opted_out_at = now or timezone.now()
        customer.save(update_fields=["opted_out", "opted_out_at", "updated_at"])
        log_action(
            "customer.unsubscribed", actor=None, obj=customer, data={"invitation": invitation.pk}
        )
    return customer
