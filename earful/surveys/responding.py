"""Customers answering a survey: recording and editing a response, and opting out."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from earful.directory.models import Customer
from earful.platform.audit import log_action
from earful.surveys.choices import InvitationStatus
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
    # Lock the invitation so two quick submits cannot make two responses.
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("program", "customer")
        .get(pk=invitation.pk)
    )
    response = Response.objects.filter(invitation=invitation).first()
    if response is None:
        if invitation.status == InvitationStatus.CANCELLED:
            raise InvitationCancelled
        if now > invitation.expires_at:
            raise InvitationExpired
        response = Response(
            invitation=invitation,
            program=invitation.program,
            customer=invitation.customer,
            unit_id=invitation.customer.unit_id,
            language=invitation.language,
            channel="email",
            submitted_at=now,
            editable_until=now + EDIT_WINDOW,
        )
        action = "response.submitted"
    elif now < response.editable_until:
        action = "response.edited"
    else:
        raise ResponseClosed
    response.score = score
    response.reason = reason
    response.may_contact = may_contact
    response.extra = extra or {}
    response.full_clean()
    response.save()
    if invitation.status != InvitationStatus.ANSWERED:
        invitation.status = InvitationStatus.ANSWERED
        invitation.save(update_fields=["status"])
    log_action(action, actor=None, obj=response, data={"score": score})
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
