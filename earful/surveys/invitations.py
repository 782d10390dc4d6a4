"""Creating invitations: the one place a survey link's secret is made."""

from __future__ import annotations

import datetime as dt
import secrets

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


def invitation_build(
    *,
    program: Program,
    customer: Customer,
    send_after: dt.datetime | None = None,
    draw: DailyDraw | None = None,
    event_key: str = "",
) -> Invitation:
    """An unsaved invitation (for bulk_create by the scheduler)."""
    send_after = send_after or timezone.now()
    return Invitation(
        program=program,
        customer=customer,
        draw=draw,
        token=new_token(),
        language=invitation_language(program, customer),
        send_after=send_after,
        expires_at=send_after + dt.timedelta(days=program.link_valid_days),
        event_key=event_key,
    )


@transaction.atomic
def invitation_create(
    *,
    program: Program,
    customer: Customer,
    send_after: dt.datetime | None = None,
    draw: DailyDraw | None = None,
    event_key: str = "",
) -> Invitation:
    invitation = invitation_build(
        program=program, customer=customer, send_after=send_after, draw=draw, event_key=event_key
    )
    invitation.full_clean()
    invitation.save()
    return invitation
