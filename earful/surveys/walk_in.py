"""The walk-in channel: a unit's public survey link, printed as a QR code at the counter.

Anyone holding the link may answer, as often as they like (within the rate limit):
anonymously, or saying who they are. A respondent whose email is that of a customer
of the unit (or a unit below it) is linked to that customer; anyone else is kept as a
name and an address on the response.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from earful.directory.models import Customer, Employee, Unit
from earful.platform.audit import log_action
from earful.surveys.choices import ResponseChannel
from earful.surveys.followup import followup_queue
from earful.surveys.invitations import new_token
from earful.surveys.links import token_is_well_formed
from earful.surveys.models import Program, Response, WalkInLink
from earful.surveys.responding import EDIT_WINDOW


class WalkInClosed(Exception):
    """The link, or its program, has been switched off: it takes no answers."""


# Selectors


def walk_in_link_by_token(token: str) -> WalkInLink | None:
    """The link behind a token, or None. Malformed tokens never reach the database."""
    if not token_is_well_formed(token):
        return None
    return WalkInLink.objects.select_related("program", "unit").filter(token=token).first()


def walk_in_link_is_open(link: WalkInLink) -> bool:
    return link.is_active and link.program.is_active


def walk_in_units(program: Program) -> QuerySet[Unit]:
    """Units that may have a walk-in link: the program's units and those below them, or
    every unit when the program names none (as its contact rules read it)."""
    ranges = list(Unit.objects.filter(programs=program).values_list("lft", "rght"))
    units = Unit.objects.all()
    if ranges:
        covered = Q(pk__in=[])
        for lft, rght in ranges:
            covered |= Q(lft__gte=lft, lft__lte=rght)
        units = units.filter(covered)
    return units.order_by("lft")


def walk_in_links_by_unit(program: Program) -> dict[int, WalkInLink]:
    return {link.unit_id: link for link in program.walk_in_links.all()}


def walk_in_link_get(*, program: Program, link_id: int) -> WalkInLink:
    """The program's link, or WalkInLink.DoesNotExist (a link of another program is not
    found either)."""
    return WalkInLink.objects.select_related("program", "unit").get(pk=link_id, program=program)


def walk_in_customer(*, unit: Unit, email: str) -> Customer | None:
    """The customer of the unit's subtree with this email (any case), if there is one."""
    if not email:
        return None
    return (
        Customer.objects.filter(
            email__iexact=email.strip(), unit__lft__gte=unit.lft, unit__lft__lte=unit.rght
        )
        .order_by("pk")
        .first()
    )


# Services


@transaction.atomic
def walk_in_link_create(*, actor: Employee, program: Program, unit: Unit) -> WalkInLink:
    """The unit's walk-in link for the program, made on first ask; asking again returns
    the same link (and switches it back on if it was off)."""
    link = WalkInLink.objects.select_for_update().filter(program=program, unit=unit).first()
    if link is not None:
        if not link.is_active:
            return walk_in_link_set_active(actor=actor, link=link, is_active=True)
        return link
    link = WalkInLink(program=program, unit=unit, token=new_token())
    link.full_clean()
    link.save()
    log_action(
        "walk_in_link.created",
        actor=actor,
        obj=link,
        data={"program": program.pk, "unit": unit.pk},
    )
    return link


@transaction.atomic
def walk_in_link_set_active(*, actor: Employee, link: WalkInLink, is_active: bool) -> WalkInLink:
    """Switch a link off (its printed QR codes then answer "no longer in use") or on."""
    link = WalkInLink.objects.select_for_update().get(pk=link.pk)
    if link.is_active != is_active:
        link.is_active = is_active
        link.full_clean()
        link.save(update_fields=["is_active"])
        action = "walk_in_link.activated" if is_active else "walk_in_link.deactivated"
        log_action(action, actor=actor, obj=link, data={"unit": link.unit_id})
    return link


@transaction.atomic
def walk_in_response_submit(
    *,
    link: WalkInLink,
    score: int,
    reason: str,
    may_contact: bool,
    name: str,
    email: str,
    language: str,
    extra: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Record one walk-in answer. Blank name and email make it anonymous."""
    now = now or timezone.now()
    link = WalkInLink.objects.select_related("program", "unit").get(pk=link.pk)
    if not walk_in_link_is_open(link):
        raise WalkInClosed
    name, email = name.strip(), email.strip()
    customer = walk_in_customer(unit=link.unit, email=email)
    response = Response(
        program=link.program,
        unit=link.unit,
        customer=customer,
        walk_in=link,
        channel=ResponseChannel.WALK_IN,
        # Someone matched to a customer is that customer; keep no second copy of them.
        respondent_name="" if customer else name,
        respondent_email="" if customer else email,
        score=score,
        reason=reason,
        # Consent means nothing without someone to contact.
        may_contact=may_contact and bool(customer or email),
        language=language,
        extra=extra or {},
        submitted_at=now,
        editable_until=now + EDIT_WINDOW,
    )
    response.full_clean()
    response.save()
    log_action(
        "response.submitted",
        actor=None,
        obj=response,
        data={
            "score": score,
            "channel": ResponseChannel.WALK_IN.value,
            "walk_in": link.pk,
            "identified": bool(customer or name or email),
        },
    )
    followup_queue(response, created=True)
    return response
