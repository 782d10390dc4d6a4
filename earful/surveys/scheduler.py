"""The daily draw: which customers a relationship program asks today.

`draw_day` runs once per program and day (a second run returns the first draw and adds
nobody) and works in a bounded number of queries whatever the number of customers:

1. the day's quota: what is left of the monthly quota, spread evenly over the days left
   in the month (today included), rounded up;
2. the eligible customers: one query (`rules.eligible_customers`) fetching only their
   id, unit and language;
3. the allocation over units (the strata). With a plain quota each unit gets a share
   proportional to its eligible customers; with a target precision each unit gets a
   share proportional to the invitations it still needs (see `invitations_needed`);
4. a simple random sample inside each unit, from `random.Random(draw.seed)`;
5. the program's daily cap, applied last, again proportionally over units;
6. the invitations, bulk-created as an outbox for the sender.

Rounding (`apportion`): every unit gets the whole part of its exact share for sure, and
one more invitation with a probability equal to the fractional part (systematic sampling
over the remainders). So a unit whose exact share is 0.3 is asked on about 3 days in 10:
small units are never starved, and over many draws every unit's share is exactly its
proportion.

Skips are recorded sparingly: a `Skip` row is written only for the customers lost at the
daily cap, the one rule decided in Python and so not recomputable later. Every other
rule is a property of the data, and `rules.why_not_asked` recomputes it on demand;
writing a row for each of a million excluded customers every day would cost more than
the draw itself.

A draw is reproducible: the seed is stored on the draw, rules only count invitations
created before the draw was, and `replay_draw` repeats the steps and returns the same
customers as long as the customers' own data has not changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from earful.directory.models import Customer
from earful.surveys.choices import InvitationStatus, ProgramKind, SkipReason
from earful.surveys.invitations import invitation_build
from earful.surveys.models import DailyDraw, Invitation, Program, Response, Skip
from earful.surveys.rules import day_start, eligible_customers

# Target precision: the rolling window, the confidence (95 %), and the priors used while
# a unit has few answers (the NPS variance of an even spread, a typical response rate).
HISTORY_DAYS = 90
Z = 1.96
PRIOR_VARIANCE = 0.75
PRIOR_RESPONSES = 10  # the prior variance weighs as much as this many answers
PRIOR_RATE = 0.25
PRIOR_INVITATIONS = 20  # the prior rate weighs as much as this many invitations
MIN_RATE = 0.01


def default_seed(program_id: int, day: dt.date) -> int:
    """A seed derived from the program and day: the same draw always gets the same one."""
    digest = hashlib.sha256(f"{program_id}:{day.isoformat()}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1  # fits a signed 64-bit column


def spread_quota(*, monthly_quota: int, already: int, day: dt.date) -> int:
    """What is left of the month's quota divided over the days left, today included."""
    next_month = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    days_left = (next_month - day).days
    return max(0, math.ceil((monthly_quota - already) / days_left))


def apportion(weights: Mapping[int, float], seats: int, rng: random.Random) -> dict[int, int]:
    """Split `seats` over the keys in proportion to their weights, by randomised largest
    remainder: the whole part of each exact share for sure, one more seat with probability
    equal to its fractional part. The expected number of seats is exactly the share."""
    result = {key: 0 for key in weights}
    keys = sorted(key for key, weight in weights.items() if weight > 0)
    total = sum(weights[key] for key in keys)
    if seats <= 0 or total <= 0:
        return result
    exact = {key: seats * weights[key] / total for key in keys}
    for key in keys:
        result[key] = math.floor(exact[key])
    left = seats - sum(result.values())
    if left <= 0:
        return result
    # Systematic sampling: points start, start + 1, … over the remainders laid end to end.
    # Each remainder is below 1, so it holds at most one point: P(seat) = remainder.
    point = rng.random()
    edge = 0.0
    given: set[int] = set()
    for key in keys:
        edge += exact[key] - result[key]
        if point < edge and len(given) < left:
            result[key] += 1
            given.add(key)
            point += 1
    # Floating-point shortfall: the last point can fall just past the end.
    for key in sorted(keys, key=lambda k: exact[k] - result[k], reverse=True):
        if len(given) >= left:
            break
        if key not in given:
            result[key] += 1
            given.add(key)
    return result


def sample_strata(
    strata: Mapping[int, Sequence[Any]], shares: Mapping[int, int], rng: random.Random
) -> dict[int, list[Any]]:
    """A simple random sample of `shares[unit]` members from each unit, in random order."""
    return {
        unit: rng.sample(list(strata[unit]), min(shares.get(unit, 0), len(strata[unit])))
        for unit in sorted(strata)
    }


@dataclass(frozen=True)
class UnitHistory:
    """A unit's last quarter in a program: invitations sent and the answers they got."""

    sent: int = 0
    responses: int = 0
    promoters: int = 0
    detractors: int = 0


def invitations_needed(history: UnitHistory, margin: int) -> int:
    """Invitations still needed for the unit's NPS to be known to ± `margin` points.

    The variance of one answer's NPS contribution is p⁺ + p⁻ − (p⁺ − p⁻)²; the answers
    needed are z²·variance / margin²; the invitations needed are the missing answers
    divided by the response rate. Both the variance and the rate lean on a prior while
    there are few observations."""
    if history.responses:
        promoters = history.promoters / history.responses
        detractors = history.detractors / history.responses
        observed = promoters + detractors - (promoters - detractors) ** 2
    else:
        observed = PRIOR_VARIANCE
    variance = (history.responses * observed + PRIOR_RESPONSES * PRIOR_VARIANCE) / (
        history.responses + PRIOR_RESPONSES
    )
    rate = (history.responses + PRIOR_RATE * PRIOR_INVITATIONS) / (history.sent + PRIOR_INVITATIONS)
    rate = min(max(rate, MIN_RATE), 1.0)
    answers = math.ceil(Z**2 * variance / (margin / 100) ** 2)
    return math.ceil(max(0, answers - history.responses) / rate)


def allocate_by_need(
    needs: Mapping[int, int], eligible: Mapping[int, int], seats: int, rng: random.Random
) -> dict[int, int]:
    """Seats for the units in proportion to what they still need (so those that need most
    get most), never more than a unit needs or has eligible customers."""
    demand = {unit: min(needs.get(unit, 0), eligible.get(unit, 0)) for unit in needs}
    if sum(demand.values()) <= seats:
        return demand
    return apportion(demand, seats, rng)


@dataclass
class Decision:
    """What a draw decides, before anything is written."""

    quota: int = 0
    eligible: int = 0
    # (customer id, language, unit id)
    picks: list[tuple[int, str, int]] = field(default_factory=list)
    capped: list[int] = field(default_factory=list)
    allocation: dict[str, dict[str, Any]] = field(default_factory=dict)


def _planned_this_month(program: Program, day: dt.date) -> int:
    """Invitations of the program planned from the 1st of the month up to `day`."""
    return (
        Invitation.objects.filter(
            program=program,
            send_after__gte=day_start(day.replace(day=1)),
            send_after__lt=day_start(day),
        )
        .exclude(status=InvitationStatus.CANCELLED)
        .count()
    )


def _histories(program: Program, day: dt.date) -> dict[int, UnitHistory]:
    """Each unit's last quarter: three grouped queries over the indexed window."""
    end = day_start(day)
    start = end - dt.timedelta(days=HISTORY_DAYS)
    sent = dict(
        Invitation.objects.filter(program=program, sent_at__gte=start, sent_at__lt=end)
        .order_by()
        .values_list("customer__unit")
        .annotate(n=Count("pk"))
        .values_list("customer__unit", "n")
    )
    answers = (
        Response.objects.filter(program=program, submitted_at__gte=start, submitted_at__lt=end)
        .order_by()
        .values("unit")
        .annotate(
            n=Count("pk"),
            promoters=Count("pk", filter=Q(score__gte=9)),
            detractors=Count("pk", filter=Q(score__lte=program.detractor_threshold)),
        )
    )
    histories = {unit: UnitHistory(sent=n) for unit, n in sent.items() if unit is not None}
    for row in answers:
        histories[row["unit"]] = UnitHistory(
            sent=histories.get(row["unit"], UnitHistory()).sent,
            responses=row["n"],
            promoters=row["promoters"],
            detractors=row["detractors"],
        )
    return histories


def decide(
    *, program: Program, day: dt.date, seed: int, as_of: dt.datetime | None = None
) -> Decision:
    """The draw's decisions from the data (as of `as_of`) and the seed; writes nothing."""
    rng = random.Random(seed)
    wanted = spread_quota(
        monthly_quota=program.monthly_quota,
        already=_planned_this_month(program, day),
        day=day,
    )
    strata: dict[int, list[tuple[int, str]]] = {}
    rows = eligible_customers(program, day, as_of=as_of).order_by("pk")
    for pk, unit_id, language in rows.values_list("pk", "unit_id", "language").iterator(
        chunk_size=10_000
    ):
        strata.setdefault(unit_id, []).append((pk, language))
    sizes = {unit: len(members) for unit, members in strata.items()}
    decision = Decision(quota=min(wanted, program.daily_cap), eligible=sum(sizes.values()))
    seats = min(wanted, decision.eligible)

    needs: dict[int, int] = {}
    if program.target_margin > 0:
        histories = _histories(program, day)
        needs = {
            unit: invitations_needed(histories.get(unit, UnitHistory()), program.target_margin)
            for unit in sorted(set(sizes) | set(histories))
        }
        shares = allocate_by_need(needs, sizes, seats, rng)
    else:
        shares = apportion(sizes, seats, rng)

    sampled = sample_strata(strata, shares, rng)
    drawn = {unit: len(members) for unit, members in sampled.items()}
    if sum(drawn.values()) > program.daily_cap:
        kept = apportion(drawn, program.daily_cap, rng)
    else:
        kept = drawn
    for unit in sorted(set(sizes) | set(needs)):
        members = sampled.get(unit, [])
        decision.picks += [(pk, language, unit) for pk, language in members[: kept.get(unit, 0)]]
        decision.capped += [pk for pk, _ in members[kept.get(unit, 0) :]]
        entry: dict[str, Any] = {
            "eligible": sizes.get(unit, 0),
            "share": shares.get(unit, 0),
            "picked": kept.get(unit, 0),
        }
        if unit in needs:
            entry["needed"] = needs[unit]
            if needs[unit] > sizes.get(unit, 0):
                entry["reason"] = (
                    f"too few eligible customers (needs {needs[unit]} invitations, "
                    f"has {sizes.get(unit, 0)} eligible)"
                )
        decision.allocation[str(unit)] = entry
    return decision


def draw_day(*, program: Program, day: dt.date, seed: int | None = None) -> DailyDraw:
    """Draw `program`'s invitees for `day`, once: a second call (or a second worker
    racing the first) returns the existing draw and adds nobody."""
    existing = DailyDraw.objects.filter(program=program, day=day).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            draw = DailyDraw.objects.create(
                program=program,
                day=day,
                seed=default_seed(program.pk, day) if seed is None else seed,
            )
            _carry_out(draw, program)
    except IntegrityError:
        existing = DailyDraw.objects.filter(program=program, day=day).first()
        if existing is None:
            raise
        return existing
    return draw


def _carry_out(draw: DailyDraw, program: Program) -> None:
    decision = decide(program=program, day=draw.day, seed=draw.seed, as_of=draw.created_at)
    send_after = day_start(draw.day)
    Invitation.objects.bulk_create(
        [
            # A customer stand-in with just the fields an invitation needs: loading a
            # full row for each of thousands of picks would cost a query apiece.
            invitation_build(
                program=program,
                customer=Customer(pk=pk, language=language, unit_id=unit_id),
                send_after=send_after,
                draw=draw,
            )
            for pk, language, unit_id in decision.picks
        ],
        batch_size=1000,
    )
    Skip.objects.bulk_create(
        [
            Skip(program=program, customer_id=pk, day=draw.day, reason=SkipReason.DAILY_CAP)
            for pk in decision.capped
        ],
        batch_size=1000,
    )
    draw.quota = decision.quota
    draw.eligible = decision.eligible
    draw.picked = len(decision.picks)
    draw.allocation = decision.allocation
    draw.save(update_fields=["quota", "eligible", "picked", "allocation"])


def replay_draw(draw: DailyDraw) -> list[int]:
    """The customers the draw picks when repeated with its seed on the data as it was."""
    decision = decide(program=draw.program, day=draw.day, seed=draw.seed, as_of=draw.created_at)
    return [pk for pk, _language, _unit in decision.picks]


def draw_all_due(day: dt.date) -> list[DailyDraw]:
    """The day's draw of every active relationship program (the daily job)."""
    programs = Program.objects.filter(is_active=True, kind=ProgramKind.RELATIONSHIP)
    return [draw_day(program=program, day=day) for program in programs]
