"""Touchpoint events: something happened to a customer, so ask them about it, later.

`event_record` is the one way in (the API's `POST /api/v1/events` calls it). It records
the event once per idempotency key and decides, there and then, what to do about it:

- the program: the active touchpoint programs whose `event_types` name the event's
  type and whose units and segments cover the customer. When several do, the one made
  first (lowest id) answers, so the choice never depends on the order rows come back in;
- the send time: `occurred_at` plus the program's `touchpoint_delay_hours`, or now if
  that has already passed;
- the contact rules, as they will stand on the send day (`rules.eligible_customers`,
  with `rules.why_not_asked` naming what blocks), plus the program's daily cap: at most
  `daily_cap` invitations of the program created on one (local) day.

Allowed, it creates a PLANNED invitation that the outbox (`sending.py`) sends once its
`send_after` has passed; the invitation carries the idempotency key as `event_key`.

Replays and races. A replayed key returns the first event and schedules nothing. Two
requests racing with the same key are settled by the unique constraints (on the event's
key and on the invitation's program and event key): the loser's transaction rolls back
whole and it returns the winner's event. Events of one customer, and of one program, are
serialised by row locks (on PostgreSQL; SQLite serialises every write), so two events
arriving together cannot both slip past the program limit or the daily cap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from earful.directory.models import Customer
from earful.surveys.choices import EventOutcome, InvitationStatus, ProgramKind, SkipReason
from earful.surveys.invitations import invitation_create
from earful.surveys.models import Event, Invitation, Program
from earful.surveys.rules import covered_by, day_start, eligible_customers, why_not_asked


def programs_for_event(event_type: str, customer: Customer) -> list[Program]:
    """Active touchpoint programs that answer `event_type` for `customer`, oldest first."""
    candidates = Program.objects.filter(is_active=True, kind=ProgramKind.TOUCHPOINT).order_by("pk")
    # `event_types` is a short JSON list; JSON containment is not portable to SQLite,
    # and there are a handful of programs, so the type is matched here.
    return [
        program
        for program in candidates
        if event_type in program.event_types
        and Customer.objects.filter(covered_by(program), pk=customer.pk).exists()
    ]


def send_time(program: Program, occurred_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """When the invitation for an event is due: after the delay, never in the past."""
    return max(occurred_at + dt.timedelta(hours=program.touchpoint_delay_hours), now)


def daily_cap_reached(program: Program, day: dt.date) -> bool:
    """Whether the program has created its `daily_cap` invitations on `day` already."""
    created = (
        Invitation.objects.filter(
            program=program,
            created_at__gte=day_start(day),
            created_at__lt=day_start(day + dt.timedelta(days=1)),
        )
        .exclude(status=InvitationStatus.CANCELLED)
        .count()
    )
    return created >= program.daily_cap


def blocking_reasons(
    program: Program, customer: Customer, *, send_day: dt.date, today: dt.date
) -> list[SkipReason]:
    """Every rule that stops `program` asking `customer` now; empty when it may."""
    reasons: list[SkipReason] = []
    if not eligible_customers(program, send_day).filter(pk=customer.pk).exists():
        reasons = [
            reason
            for reason in why_not_asked(program=program, customer=customer, day=send_day)
            if reason != SkipReason.NOT_COVERED
        ]
    if daily_cap_reached(program, today):
        reasons.append(SkipReason.DAILY_CAP)
    return reasons


def describe(reasons: list[SkipReason]) -> str:
    """The reasons in words, in English: the event is a record, not a page."""
    with translation.override("en"):
        return "; ".join(str(reason.label) for reason in reasons)


def event_by_key(key: str) -> Event | None:
    return Event.objects.filter(idempotency_key=key).select_related("invitation").first()


def event_record(
    *,
    key: str,
    event_type: str,
    customer: Customer,
    occurred_at: dt.datetime,
    payload: dict[str, Any],
    now: dt.datetime | None = None,
) -> tuple[Event, bool]:
    """Record an event and schedule its invitation if a program and the rules allow.

    Returns the event and whether it is new; a replayed key returns the first event
    (whatever this call's other arguments) and changes nothing."""
    existing = event_by_key(key)
    if existing is not None:
        return existing, False
    try:
        event = _record(
            key=key,
            event_type=event_type,
            customer=customer,
            occurred_at=occurred_at,
            payload=payload,
            now=now or timezone.now(),
        )
    except (IntegrityError, ValidationError):
        # A concurrent request with the same key won; its event is the answer.
        existing = event_by_key(key)
        if existing is None:
            raise
        return existing, False
    return event, True


@transaction.atomic
def _record(
    *,
    key: str,
    event_type: str,
    customer: Customer,
    occurred_at: dt.datetime,
    payload: dict[str, Any],
    now: dt.datetime,
) -> Event:
    # Lock order, customer then program, is the same in every call: no deadlocks.
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    event = Event(
        idempotency_key=key,
        event_type=event_type,
        customer=customer,
        occurred_at=occurred_at,
        payload=payload,
        outcome=EventOutcome.NO_PROGRAM,
    )
    programs = programs_for_event(event_type, customer)
    if not programs:
        event.detail = f'No active touchpoint program answers "{event_type}" for this customer.'
    else:
        program = Program.objects.select_for_update().get(pk=programs[0].pk)
        send_after = send_time(program, occurred_at, now)
        reasons = blocking_reasons(
            program,
            customer,
            send_day=timezone.localdate(send_after),
            today=timezone.localdate(now),
        )
        if reasons:
            event.outcome = EventOutcome.SKIPPED
            event.detail = f"{program.name}: {describe(reasons)}"
        else:
            event.outcome = EventOutcome.SCHEDULED
            event.invitation = invitation_create(
                program=program, customer=customer, send_after=send_after, event_key=key
            )
    # The key's uniqueness is left to the database: it is what settles a race.
    event.full_clean(validate_unique=False)
    event.save()
    return event
