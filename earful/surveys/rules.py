"""Contact rules: whom a relationship program may ask on a given day.

Two views of the same rules, kept side by side so they cannot drift apart:

- `eligible_customers(program, day)` is one SQL query (NOT EXISTS subqueries on
  `Invitation`, served by `invitation_customer_idx`) that the scheduler runs over every
  customer at once;
- `why_not_asked(program=…, customer=…, day=…)` checks one customer rule by rule and
  names every rule that blocks them: the answer to "why was X not asked?".

Windows are measured back from the start of `day` (local time): an invitation counts
against the program limit when it was created at or after `day_start − window_days`,
and against the quiet period when created at or after `day_start − quiet_days`.
Cancelled invitations never reached the customer and count for neither.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from earful.cases.choices import OPEN_STATUSES
from earful.directory.choices import Lifecycle
from earful.directory.models import Customer, Unit
from earful.surveys.choices import InvitationStatus, SkipReason
from earful.surveys.models import DailyDraw, Invitation, Program, Skip


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def customers_with_open_case() -> QuerySet[Customer]:
    """Customers with an open follow-up case, who are not asked again until it is closed."""
    return Customer.objects.filter(cases__status__in=OPEN_STATUSES)


def _counted_invitations(as_of: dt.datetime | None) -> QuerySet[Invitation]:
    invitations = Invitation.objects.exclude(status=InvitationStatus.CANCELLED)
    if as_of is not None:
        # Replaying a draw: only what existed when it was made.
        invitations = invitations.filter(created_at__lt=as_of)
    return invitations.order_by()


def _program_limit_reached(
    program: Program, day: dt.date, as_of: dt.datetime | None
) -> QuerySet[Invitation, Any]:
    """At least `max_invitations` in this program within the window: EXISTS of the
    N-th row (LIMIT 1 OFFSET N−1), so the database stops at N instead of counting."""
    since = day_start(day) - dt.timedelta(days=program.window_days)
    limit = max(program.max_invitations, 1)
    return (
        _counted_invitations(as_of)
        .filter(customer=OuterRef("pk"), program=program, created_at__gte=since)
        .values("pk")[limit - 1 : limit]
    )


def _in_quiet_period(
    day: dt.date, program: Program, as_of: dt.datetime | None
) -> QuerySet[Invitation]:
    since = day_start(day) - dt.timedelta(days=program.quiet_days)
    return _counted_invitations(as_of).filter(customer=OuterRef("pk"), created_at__gte=since)


def covered_by(program: Program) -> Q:
    """The program's units (each with its subtree) and segments; empty means all."""
    covered = Q()
    units = list(Unit.objects.filter(programs=program).values_list("lft", "rght"))
    if units:
        subtrees = Q(pk__in=[])
        for lft, rght in units:
            subtrees |= Q(unit__lft__gte=lft, unit__lft__lte=rght)
        covered &= subtrees
    if program.segments:
        covered &= Q(segment__in=program.segments)
    return covered


def _reachable(day: dt.date) -> Q:
    """Consent given, not opted out, an address to write to that has not bounced, not
    churned."""
    return (
        Q(survey_consent=True, opted_out=False)
        & ~Q(email="")
        & ~Q(bounced_email=F("email"))
        & ~Q(lifecycle=Lifecycle.CHURNED)
        & ~Q(churned_on__lte=day)
    )


def eligible_customers(
    program: Program, day: dt.date, *, as_of: dt.datetime | None = None
) -> QuerySet[Customer]:
    """Customers the program may ask on `day`: every contact rule but the daily cap, which
    the scheduler applies when it draws. `as_of` ignores invitations created from then on
    (the scheduler's replay uses it to see the data as the draw saw it)."""
    return (
        Customer.objects.filter(covered_by(program) & _reachable(day))
        .exclude(pk__in=customers_with_open_case().values("pk"))
        .exclude(Exists(_program_limit_reached(program, day, as_of)))
        .exclude(Exists(_in_quiet_period(day, program, as_of)))
    )


def why_not_asked(*, program: Program, customer: Customer, day: dt.date) -> list[SkipReason]:
    """Every rule that kept `customer` out of `program`'s draw on `day`; empty if none.

    Rules are checked against the data as it is now, plus the recorded skips of that
    day (the daily cap, which is decided in the draw and cannot be recomputed)."""
    reasons: list[SkipReason] = []
    covered = Customer.objects.filter(covered_by(program), pk=customer.pk).exists()
    if not covered:
        reasons.append(SkipReason.NOT_COVERED)
    if customer.opted_out:
        reasons.append(SkipReason.OPTED_OUT)
    if not customer.survey_consent:
        reasons.append(SkipReason.NO_CONSENT)
    if not customer.email:
        reasons.append(SkipReason.NO_ADDRESS)
    elif customer.bounced_email == customer.email:
        reasons.append(SkipReason.BOUNCED)
    if customer.lifecycle == Lifecycle.CHURNED or (
        customer.churned_on is not None and customer.churned_on <= day
    ):
        reasons.append(SkipReason.CHURNED)
    if customers_with_open_case().filter(pk=customer.pk).exists():
        reasons.append(SkipReason.OPEN_CASE)
    draw_time = _draw_time(program, day)
    one = Customer.objects.filter(pk=customer.pk)
    if one.filter(Exists(_program_limit_reached(program, day, draw_time))).exists():
        reasons.append(SkipReason.PROGRAM_LIMIT)
    if one.filter(Exists(_in_quiet_period(day, program, draw_time))).exists():
        reasons.append(SkipReason.QUIET_PERIOD)
    recorded = Skip.objects.filter(program=program, customer=customer, day=day)
    for reason in recorded.values_list("reason", flat=True):
        if reason not in reasons:
            reasons.append(SkipReason(reason))
    return reasons


def _draw_time(program: Program, day: dt.date) -> dt.datetime | None:
    """When the day's draw was made, so its own invitations do not explain themselves."""
    return (
        DailyDraw.objects.filter(program=program, day=day)
        .values_list("created_at", flat=True)
        .first()
    )
