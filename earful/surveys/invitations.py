"""Creating invitations: the one place a survey link's secret is made."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Required, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from earful.directory.models import Customer
from earful.surveys.models import DailyDraw, Invitation, Program


def new_token() -> str:
    """256 random bits, URL-safe: unguessable survey links."""
    return secrets.token_urlsafe(32)


def invitation_language(program: Program, customer: Customer) -> str:
    """The customer's language when the program has wording for it, else the program's."""
    from earful.surveys.wording import LANGUAGES_WITH_WORDING

    if customer.language in LANGUAGES_WITH_WORDING or customer.language in program.wording:
        return customer.language
    return program.default_language


class InvitationFields(TypedDict, total=False):
    """What a caller decides about a new invitation; everything else is derived."""

    program: Required[Program]
    customer: Required[Customer]
    send_after: dt.datetime | None
    draw: DailyDraw | None
    event_key: str


def invitation_build(**fields: Unpack[InvitationFields]) -> Invitation:
    """An unsaved invitation (for bulk_create by the scheduler)."""
    program, customer = fields["program"], fields["customer"]
    send_after = fields.get("send_after") or timezone.now()
    return Invitation(
        program=program,
        customer=customer,
        unit_id=customer.unit_id,
        draw=fields.get("draw"),
        token=new_token(),
        language=invitation_language(program, customer),
        send_after=send_after,
        expires_at=send_after + dt.timedelta(days=program.link_valid_days),
        event_key=fields.get("event_key", ""),
    )


@transaction.atomic
def invitation_create(**fields: Unpack[InvitationFields]) -> Invitation:
    invitation = invitation_build(**fields)
    # The unit is the customer's own (PROTECT keeps it): no query to check it exists.
    invitation.full_clean(exclude=["unit"])
    invitation.save()
    return invitation
