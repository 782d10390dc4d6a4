"""The demo company's survey history: a year of asking Aurora Inspection's customers.

Two programs: the relationship survey, which asks about 900 customers a month (7.5 % of
the customer base), and the touchpoint survey "After an inspection", which answers
`inspection_completed` events 24 hours later. For each day of the past 365 the demo
draws, sends, reminds and records answers as the real scheduler, outbox and response
pages would, so every page that counts invitations or answers has a year to show:

- contact rules hold: nobody is asked within 30 days of another ask (any program), and
  the relationship survey walks through the customers in a shuffled cycle that takes
  about eleven months, so nobody is asked more than twice in 365 days;
- response rates of 20–35 %, higher for key accounts and the public sector than for
  small firms, and different between offices;
- scores with clear differences between offices (a few excellent, a few struggling)
  and a trend by region: the smallest region declines over the year, the others improve;
- reasons written in the customer's language (`demo_texts`), some empty, some terse,
  with praise that names the office's employees and complaints that match the office's
  problems (a struggling office hears about waiting times and late reports);
- a few bounces and failures, reminders for those who did not answer, expired links;
- walk-in answers at the three largest offices, some anonymous, some signed;
- the last days still open: touchpoint invitations planned in the outbox, recent links
  unanswered, one of which the summary prints to try the response page.

`plan` decides all of it from plain rows and a seed (deterministic, no database);
`build` reads the directory, plans, and writes with a handful of bulk queries. The
links' tokens are real random secrets, so a second `build` does not re-plan: it finds
the history there and only reports it (idempotent).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from earful.directory.choices import Lifecycle
from earful.directory.models import Customer, Employee, Unit
from earful.platform.models import AuditEntry
from earful.surveys.acknowledgements import ACKNOWLEDGED, OBJECT_TYPE
from earful.surveys.choices import (
    EventOutcome,
    InvitationStatus,
    ProgramKind,
    ResponseChannel,
    SkipReason,
)
from earful.surveys.demo_texts import LANGUAGES, reason_text, short_reason
from earful.surveys.invitations import new_token
from earful.surveys.links import survey_url
from earful.surveys.models import Event, Invitation, Program, Response, WalkInLink
from earful.surveys.programs import program_create
from earful.surveys.responding import EDIT_WINDOW
from earful.surveys.rules import day_start
from earful.surveys.touchpoints import describe

RELATIONSHIP = "Customer relationship survey"
TOUCHPOINT = "After an inspection"
EVENT_TYPE = "inspection_completed"
DAYS = 365
QUOTA_SHARE = 0.075  # of all customers, a month: 900 of 12,000
EVENTS_PER_CUSTOMER_DAY = 1 / 2000  # inspections reported: 6 a day for 12,000 customers
WALK_IN_OFFICES = 3
# The programs' contact rules (their defaults): at most 2 asks in 365 days, 30 quiet days.
WINDOW_DAYS = 365
QUIET_DAYS = 30

# Response rates by segment (before the office's own factor), and score shifts.
SEGMENT_RATE = {
    "Key accounts": 0.36,
    "Public sector": 0.31,
    "Industry": 0.29,
    "Construction": 0.26,
    "SME": 0.23,
}
DEFAULT_RATE = 0.27
SEGMENT_SCORE = {
    "Key accounts": 0.4,
    "Public sector": -0.2,
    "Industry": 0.1,
    "Construction": -0.3,
    "SME": 0.0,
}
BASE_SCORE = 8.1
SCORE_SPREAD = 1.6
BOUNCE_RATE = 0.015
FAIL_RATE = 0.003
EMPTY_REASON_RATE = 0.12
SHORT_REASON_RATE = 0.1

WALK_IN_FIRST = ["Maria", "Jukka", "Leena", "Petri", "Hanna", "Kari", "Emma", "Tuomas", "Ida"]
WALK_IN_LAST = ["Lindroos", "Aaltonen", "Hakala", "Peltonen", "Koivisto", "Räsänen", "Berg"]
WALK_IN_LANGUAGES = [("fi", 75), ("sv", 10), ("en", 10), ("de", 3), ("es", 2)]

ProgramKey = Literal["relationship", "touchpoint"]


# The directory as the plan sees it ------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    pk: int
    name: str
    parent: int | None
    customers: int
    names: tuple[str, ...] = ()  # first names of the unit's employees


@dataclass(frozen=True)
class CustomerRow:
    pk: int
    unit: int
    language: str
    segment: str
    has_email: bool = True
    consent: bool = True
    opted_out: bool = False
    churned_on: dt.date | None = None


# What the plan decides -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProfile:
    """How an office does: its score level, its region's trend over the year (points
    from the first day to the last), its response-rate factor, and what its customers
    talk about."""

    region: int
    level: float
    trend: float
    rate: float
    complaints: Mapping[str, float]
    praise: Mapping[str, float]


@dataclass
class PlannedResponse:
    score: int
    reason: str
    language: str
    may_contact: bool
    submitted_at: dt.datetime


@dataclass
class PlannedInvitation:
    program: ProgramKey
    customer: int
    unit: int
    language: str
    send_after: dt.datetime
    status: str
    sent_at: dt.datetime | None = None
    reminder_sent_at: dt.datetime | None = None
    attempts: int = 0
    last_error: str = ""
    event_key: str = ""
    response: PlannedResponse | None = None


@dataclass
class PlannedEvent:
    key: str
    customer: int
    occurred_at: dt.datetime
    payload: dict[str, Any]
    outcome: str
    detail: str = ""
    invitation: int | None = None  # index into Plan.invitations


@dataclass
class PlannedWalkIn:
    unit: int
    score: int
    reason: str
    language: str
    may_contact: bool
    name: str
    email: str
    submitted_at: dt.datetime


@dataclass
class Plan:
    start: dt.date
    today: dt.date
    monthly_quota: int
    profiles: dict[int, UnitProfile] = field(default_factory=dict)
    invitations: list[PlannedInvitation] = field(default_factory=list)
    events: list[PlannedEvent] = field(default_factory=list)
    walk_in_units: list[int] = field(default_factory=list)
    walk_ins: list[PlannedWalkIn] = field(default_factory=list)
    bounced: set[int] = field(default_factory=set)


# Planning -------------------------------------------------------------------------------


def _profiles(units: Sequence[UnitRow], rng: random.Random) -> dict[int, UnitProfile]:
    """Offices are the units with customers. The smallest region declines over the year
    and the others improve; a few offices excel and a few struggle."""
    by_pk = {unit.pk: unit for unit in units}
    offices = sorted((u for u in units if u.customers), key=lambda u: u.pk)
    region_of = {o.pk: o.parent if o.parent in by_pk else o.pk for o in offices}
    sizes: dict[int, int] = {}
    for office in offices:
        sizes[region_of[office.pk]] = sizes.get(region_of[office.pk], 0) + office.customers
    regions = sorted(sizes, key=lambda r: (sizes[r], r))
    trends = {region: 0.7 for region in regions}
    if len(regions) > 1:
        trends[regions[0]] = -1.8
    trends[regions[-1]] = 1.4

    order = list(offices)
    rng.shuffle(order)
    few = max(1, len(offices) // 8)
    profiles: dict[int, UnitProfile] = {}
    for i, office in enumerate(order):
        emphasis = rng.choice(["price", "booking", "communication", "punctuality"])
        complaints = {emphasis: 2.0}
        praise: dict[str, float] = {}
        if i < few:  # excellent: expert, friendly inspectors and quick reports
            level, rate = rng.uniform(1.1, 1.5), 1.15
            praise = {"inspector": 4.0, "report": 2.0}
        elif i < 2 * few and len(offices) > 1:  # struggling: queues and late reports
            level, rate = -rng.uniform(1.7, 2.3), 0.85
            complaints = {"waiting": 4.0, "report": 3.0, "communication": 2.0}
        else:
            level, rate = rng.uniform(-0.5, 0.6), rng.uniform(0.85, 1.15)
        region = region_of[office.pk]
        profiles[office.pk] = UnitProfile(
            region=region,
            level=level,
            trend=trends[region],
            rate=rate,
            complaints=complaints,
            praise=praise,
        )
    return profiles


def _score(rng: random.Random, profile: UnitProfile, segment: str, progress: float) -> int:
    mean = (
        BASE_SCORE
        + profile.level
        + SEGMENT_SCORE.get(segment, 0.0)
        + profile.trend * (progress - 0.5)
    )
    return min(10, max(0, round(rng.gauss(mean, SCORE_SPREAD))))


def _reason(
    rng: random.Random, *, language: str, score: int, names: Sequence[str], profile: UnitProfile
) -> str:
    roll = rng.random()
    if roll < EMPTY_REASON_RATE:
        return ""
    if roll < EMPTY_REASON_RATE + SHORT_REASON_RATE:
        return short_reason(language=language, score=score, rng=rng, names=names)
    return reason_text(
        language=language,
        score=score,
        rng=rng,
        names=names,
        complaints=profile.complaints or None,
        praise=profile.praise or None,
    )


def _midnight(day: dt.date) -> dt.datetime:
    """The start of the local day, in UTC: adding hours to it then adds real hours, also
    across a change to or from summer time."""
    return day_start(day).astimezone(dt.UTC)


def _minutes(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(minutes=rng.uniform(low, high))


class _Planner:
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        now: dt.datetime,
        units: Sequence[UnitRow],
        customers: Sequence[CustomerRow],
    ) -> None:
        self.rng = random.Random(f"earful-surveys-demo:{seed}")
        self.today, self.now = today, now
        self.units = {unit.pk: unit for unit in units}
        self.customers = sorted(customers, key=lambda c: c.pk)
        start = today - dt.timedelta(days=DAYS)
        self.plan = Plan(
            start=start,
            today=today,
            monthly_quota=max(1, round(len(self.customers) * QUOTA_SHARE)),
            profiles=_profiles(units, self.rng),
        )
        self.asked: dict[int, list[dt.date]] = {}  # customer -> days asked, any program
        self.asked_in: dict[tuple[ProgramKey, int], list[dt.date]] = {}

    # Contact rules, on the plan's own history.

    def blocked(self, program: ProgramKey, customer: CustomerRow, day: dt.date) -> list[SkipReason]:
        reasons: list[SkipReason] = []
        if customer.opted_out:
            reasons.append(SkipReason.OPTED_OUT)
        if not customer.consent:
            reasons.append(SkipReason.NO_CONSENT)
        if not customer.has_email:
            reasons.append(SkipReason.NO_ADDRESS)
        elif customer.pk in self.plan.bounced:
            reasons.append(SkipReason.BOUNCED)
        if customer.churned_on is not None and customer.churned_on <= day:
            reasons.append(SkipReason.CHURNED)
        # As `rules` counts them: asks made on or after the day the window opens.
        window = day - dt.timedelta(days=WINDOW_DAYS)
        if len([d for d in self.asked_in.get((program, customer.pk), []) if d >= window]) >= 2:
            reasons.append(SkipReason.PROGRAM_LIMIT)
        quiet = day - dt.timedelta(days=QUIET_DAYS)
        if any(d >= quiet for d in self.asked.get(customer.pk, [])):
            reasons.append(SkipReason.QUIET_PERIOD)
        return reasons

    def progress(self, moment: dt.datetime) -> float:
        return min(1.0, max(0.0, (timezone.localdate(moment) - self.plan.start).days / DAYS))

    def invite(
        self,
        program: ProgramKey,
        customer: CustomerRow,
        *,
        send_after: dt.datetime,
        created: dt.date,
        names: Sequence[str],
        event_key: str = "",
    ) -> int:
        rng = self.rng
        self.asked.setdefault(customer.pk, []).append(created)
        self.asked_in.setdefault((program, customer.pk), []).append(created)
        language = customer.language if customer.language in LANGUAGES else "en"
        invitation = PlannedInvitation(
            program=program,
            customer=customer.pk,
            unit=customer.unit,
            language=language,
            send_after=send_after,
            status=InvitationStatus.PLANNED,
            event_key=event_key,
        )
        self.plan.invitations.append(invitation)
        if send_after > self.now:
            return len(self.plan.invitations) - 1  # still in the outbox
        roll = rng.random()
        if roll < BOUNCE_RATE:
            invitation.status = InvitationStatus.BOUNCED
            invitation.attempts = 1
            invitation.last_error = "550 5.1.1 Recipient address rejected: User unknown"
            self.plan.bounced.add(customer.pk)
            return len(self.plan.invitations) - 1
        if roll < BOUNCE_RATE + FAIL_RATE:
            invitation.status = InvitationStatus.FAILED
            invitation.attempts = 6
            invitation.last_error = "Connection refused: the mail server did not answer"
            return len(self.plan.invitations) - 1
        sent_at = send_after + _minutes(rng, 1, 40)
        if sent_at > self.now:
            invitation.attempts = 0
            return len(self.plan.invitations) - 1
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = sent_at
        invitation.attempts = 1
        reminder_at = sent_at + dt.timedelta(days=4) + _minutes(rng, 0, 15)
        profile = self.plan.profiles[customer.unit]
        rate = SEGMENT_RATE.get(customer.segment, DEFAULT_RATE) * profile.rate
        answers = rng.random() < rate
        if answers and rng.random() < 0.7:
            submitted = sent_at + dt.timedelta(hours=rng.expovariate(1 / 10))
            if submitted >= reminder_at:
                submitted = sent_at + _minutes(rng, 5, 600)
        else:
            submitted = reminder_at + dt.timedelta(hours=rng.expovariate(1 / 14))
        if reminder_at <= self.now and (not answers or submitted > reminder_at):
            invitation.reminder_sent_at = reminder_at
        if answers and submitted <= self.now:
            score = _score(rng, profile, customer.segment, self.progress(submitted))
            invitation.status = InvitationStatus.ANSWERED
            invitation.response = PlannedResponse(
                score=score,
                reason=_reason(rng, language=language, score=score, names=names, profile=profile),
                language=language,
                may_contact=rng.random() < (0.6 if score <= 6 else 0.35),
                submitted_at=submitted,
            )
        return len(self.plan.invitations) - 1

    def relationship_day(self, day: dt.date, queue: deque[CustomerRow]) -> None:
        """The day's share of the monthly quota, taken from the shuffled cycle."""
        next_month = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        days_in_month = (next_month - day.replace(day=1)).days
        exact = self.plan.monthly_quota / days_in_month
        wanted = math.floor(exact) + (1 if self.rng.random() < exact - math.floor(exact) else 0)
        send_after = _midnight(day)
        tries = len(queue)
        while wanted and tries and queue:
            tries -= 1
            customer = queue.popleft()
            if customer.pk in self.plan.bounced or (
                customer.churned_on is not None and customer.churned_on <= day
            ):
                continue  # drops out of the cycle for good
            queue.append(customer)
            if self.blocked("relationship", customer, day):
                continue
            self.invite(
                "relationship",
                customer,
                send_after=send_after,
                created=day,
                names=self.units[customer.unit].names,
            )
            wanted -= 1

    def inspections_day(self, day: dt.date, counter: list[int]) -> None:
        """Inspections finished today, reported as events; each asks 24 hours later
        unless the contact rules say no."""
        rng = self.rng
        expected = len(self.customers) * EVENTS_PER_CUSTOMER_DAY
        count = math.floor(expected) + (1 if rng.random() < expected % 1 else 0)
        for _ in range(count):
            occurred = _midnight(day) + dt.timedelta(hours=rng.uniform(8, 16))
            if occurred > self.now:
                continue
            customer = rng.choice(self.customers)
            names = self.units[customer.unit].names
            inspector = rng.choice(names) if names else ""
            counter[0] += 1
            key = f"demo-inspection-{counter[0]:06d}"
            event = PlannedEvent(
                key=key,
                customer=customer.pk,
                occurred_at=occurred,
                payload={"inspection": f"INS-{100000 + counter[0]}", "inspector": inspector},
                outcome=EventOutcome.SCHEDULED,
            )
            send_after = occurred + dt.timedelta(hours=24)
            reasons = self.blocked("touchpoint", customer, timezone.localdate(send_after))
            if reasons:
                event.outcome = EventOutcome.SKIPPED
                event.detail = f"{TOUCHPOINT}: {describe(reasons)}"
            else:
                # The customer remembers the inspector who came; praise names them.
                event.invitation = self.invite(
                    "touchpoint",
                    customer,
                    send_after=send_after,
                    created=day,
                    names=[inspector] if inspector else names,
                    event_key=key,
                )
            self.plan.events.append(event)

    def walk_ins(self) -> None:
        """A few answers a month at the counters of the largest offices."""
        rng = self.rng
        offices = sorted(
            (self.units[pk] for pk in self.plan.profiles),
            key=lambda u: (-u.customers, u.pk),
        )[:WALK_IN_OFFICES]
        self.plan.walk_in_units = [office.pk for office in offices]
        for office in offices:
            profile = self.plan.profiles[office.pk]
            for offset in range(DAYS):
                day = self.plan.start + dt.timedelta(days=offset)
                if day.weekday() >= 5 or rng.random() > 0.3:
                    continue
                submitted = _midnight(day) + dt.timedelta(hours=rng.uniform(8, 17))
                if submitted > self.now:
                    continue
                language = rng.choices(
                    [lang for lang, _ in WALK_IN_LANGUAGES],
                    weights=[w for _, w in WALK_IN_LANGUAGES],
                )[0]
                score = _score(rng, profile, "", self.progress(submitted))
                name = email = ""
                if rng.random() < 0.35:  # said who they are
                    first, last = rng.choice(WALK_IN_FIRST), rng.choice(WALK_IN_LAST)
                    name = f"{first} {last}"
                    plain = f"{first}.{last}".lower().replace("ä", "a").replace("ö", "o")
                    email = f"{plain}@example.com"
                self.plan.walk_ins.append(
                    PlannedWalkIn(
                        unit=office.pk,
                        score=score,
                        reason=_reason(
                            rng,
                            language=language,
                            score=score,
                            names=office.names,
                            profile=profile,
                        ),
                        language=language,
                        may_contact=bool(email) and rng.random() < 0.5,
                        name=name,
                        email=email,
                        submitted_at=submitted,
                    )
                )

    def run(self) -> Plan:
        # Only those the relationship survey may ever ask join its cycle.
        cycle = [
            c
            for c in self.customers
            if c.has_email
            and c.consent
            and not c.opted_out
            and (c.churned_on is None or c.churned_on > self.plan.start)
        ]
        self.rng.shuffle(cycle)
        queue = deque(cycle)
        counter = [0]
        for offset in range(DAYS + 1):
            day = self.plan.start + dt.timedelta(days=offset)
            # Today's draw is the real scheduler's to make, when the demo's clock ticks.
            if day < self.today:
                self.relationship_day(day, queue)
            self.inspections_day(day, counter)
        self.walk_ins()
        return self.plan


def plan(
    *,
    seed: int,
    units: Sequence[UnitRow],
    customers: Sequence[CustomerRow],
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Plan:
    """A year of survey history for these customers: the same for the same seed, day
    and rows. Pure: reads and writes no database."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    return _Planner(seed=seed, today=today, now=now, units=units, customers=customers).run()


# Writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyHistory:
    """What `build` made (or found): for the demo's printed notes."""

    built: bool
    invitations: int
    sent: int
    responses: int
    walk_in_responses: int
    events: int
    first_day: dt.date | None
    open_link: str

    @property
    def response_rate(self) -> float:
        return self.responses / self.sent if self.sent else 0.0

    def notes(self) -> list[str]:
        since = self.first_day.isoformat() if self.first_day else "-"
        state = "built" if self.built else "already there"
        notes = [
            f"survey history since {since} ({state}): {self.invitations} invitations, "
            f"{self.responses} answers ({self.response_rate:.0%} response rate), "
            f"{self.walk_in_responses} walk-in answers, {self.events} inspection events"
        ]
        if self.open_link:
            notes.append(f"try the survey as a customer: {self.open_link}")
        return notes


def _directory() -> tuple[list[UnitRow], list[CustomerRow]]:
    names: dict[int, list[str]] = {}
    for unit_id, first_name in (
        Employee.objects.filter(is_active=True, unit__isnull=False)
        .exclude(first_name="")
        .order_by("pk")
        .values_list("unit_id", "first_name")
    ):
        names.setdefault(unit_id, []).append(first_name)
    rows = Customer.objects.order_by("pk").values_list(
        "pk",
        "unit_id",
        "language",
        "segment",
        "email",
        "bounced_email",
        "survey_consent",
        "opted_out",
        "churned_on",
        "lifecycle",
    )
    customers = []
    for pk, unit, language, segment, email, bounced, consent, opted_out, churned, lifecycle in rows:
        if churned is None and lifecycle == Lifecycle.CHURNED:
            churned = dt.date.min  # churned, nobody knows since when: never asked
        customers.append(
            CustomerRow(
                pk=pk,
                unit=unit,
                language=language,
                segment=segment,
                has_email=bool(email) and bounced != email,
                consent=consent,
                opted_out=opted_out,
                churned_on=churned,
            )
        )
    counts: dict[int, int] = {}
    for customer in customers:
        counts[customer.unit] = counts.get(customer.unit, 0) + 1
    units = [
        UnitRow(
            pk=pk,
            name=name,
            parent=parent,
            customers=counts.get(pk, 0),
            names=tuple(dict.fromkeys(names.get(pk, []))),
        )
        for pk, name, parent in Unit.objects.order_by("pk").values_list("pk", "name", "parent_id")
    ]
    return units, customers


def _programs(monthly_quota: int) -> tuple[Program, Program]:
    relationship = Program.objects.filter(name=RELATIONSHIP).first() or program_create(
        actor=None,
        name=RELATIONSHIP,
        kind=ProgramKind.RELATIONSHIP,
        monthly_quota=monthly_quota,
        daily_cap=min(200, monthly_quota),
    )
    touchpoint = Program.objects.filter(name=TOUCHPOINT).first() or program_create(
        actor=None,
        name=TOUCHPOINT,
        kind=ProgramKind.TOUCHPOINT,
        event_types=[EVENT_TYPE],
        touchpoint_delay_hours=24,
    )
    return relationship, touchpoint


def _write(the_plan: Plan, relationship: Program, touchpoint: Program) -> None:
    programs = {"relationship": relationship, "touchpoint": touchpoint}
    invitations = [
        Invitation(
            program=programs[p.program],
            customer_id=p.customer,
            unit_id=p.unit,
            token=new_token(),
            language=p.language,
            status=p.status,
            send_after=p.send_after,
            sent_at=p.sent_at,
            reminder_sent_at=p.reminder_sent_at,
            expires_at=p.send_after + dt.timedelta(days=programs[p.program].link_valid_days),
            attempts=p.attempts,
            last_error=p.last_error,
            event_key=p.event_key,
        )
        for p in the_plan.invitations
    ]
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    # created_at is auto_now_add: set it to when the draw or the event made the row.
    Invitation.objects.filter(program=relationship).update(
        created_at=F("send_after") + dt.timedelta(minutes=3)
    )
    delay = dt.timedelta(hours=touchpoint.touchpoint_delay_hours)
    Invitation.objects.filter(program=touchpoint).update(
        created_at=F("send_after") - delay + dt.timedelta(minutes=2)
    )
    Response.objects.bulk_create(
        [
            Response(
                invitation=invitation,
                program=invitation.program,
                customer_id=p.customer,
                unit_id=p.unit,
                score=p.response.score,
                reason=p.response.reason,
                language=p.response.language,
                may_contact=p.response.may_contact,
                channel=ResponseChannel.EMAIL,
                submitted_at=p.response.submitted_at,
                editable_until=p.response.submitted_at + EDIT_WINDOW,
            )
            for p, invitation in zip(the_plan.invitations, invitations, strict=True)
            if p.response is not None
        ],
        batch_size=1000,
    )
    Event.objects.bulk_create(
        [
            Event(
                idempotency_key=e.key,
                event_type=EVENT_TYPE,
                customer_id=e.customer,
                occurred_at=e.occurred_at,
                payload=e.payload,
                outcome=e.outcome,
                detail=e.detail,
                invitation=invitations[e.invitation] if e.invitation is not None else None,
            )
            for e in the_plan.events
        ],
        batch_size=1000,
    )
    Event.objects.filter(idempotency_key__startswith="demo-inspection-").update(
        received_at=F("occurred_at") + dt.timedelta(minutes=2)
    )
    links = {}
    for unit_id in the_plan.walk_in_units:
        link = WalkInLink(program=relationship, unit_id=unit_id, token=new_token())
        link.full_clean()
        link.save()
        links[unit_id] = link
    Response.objects.bulk_create(
        [
            Response(
                program=relationship,
                unit_id=w.unit,
                walk_in=links[w.unit],
                channel=ResponseChannel.WALK_IN,
                respondent_name=w.name,
                respondent_email=w.email,
                score=w.score,
                reason=w.reason,
                language=w.language,
                may_contact=w.may_contact,
                submitted_at=w.submitted_at,
                editable_until=w.submitted_at + EDIT_WINDOW,
            )
            for w in the_plan.walk_ins
        ],
        batch_size=1000,
    )
    began = day_start(the_plan.start)
    WalkInLink.objects.filter(program=relationship).update(created_at=began)
    Program.objects.filter(pk__in=[relationship.pk, touchpoint.pk]).update(created_at=began)
    # The outbox marks an address that hard-bounced, so the contact rules skip it.
    Customer.objects.filter(pk__in=sorted(the_plan.bounced)).update(bounced_email=F("email"))
    _acknowledgements()


def _acknowledgements() -> None:
    """Every answer with an address was acknowledged a minute after it was given, as
    `acknowledgements.response_acknowledge` records it."""
    answers = Response.objects.order_by("pk").values_list(
        "pk", "submitted_at", "language", "score", "customer__email", "respondent_email"
    )
    entries, times = [], []
    for pk, submitted_at, language, score, email, walk_in_email in answers:
        to = email or walk_in_email
        if not to:
            continue
        entries.append(
            AuditEntry(
                action=ACKNOWLEDGED,
                object_type=OBJECT_TYPE,
                object_id=str(pk),
                data={
                    "to": to,
                    "language": language,
                    "template": "promoter_thanks" if score >= 9 else "acknowledgement",
                },
            )
        )
        times.append(submitted_at + dt.timedelta(minutes=1))
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    # created_at is auto_now_add: set the history's own times afterwards.
    for entry, at in zip(entries, times, strict=True):
        entry.created_at = at
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=1000)


def _open_link(programs: list[Program]) -> str:
    """A recent link nobody has answered yet, preferably in English."""
    open_ = Invitation.objects.filter(
        program__in=programs,
        status=InvitationStatus.SENT,
        response__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-sent_at", "-pk")
    invitation = open_.filter(language="en").first() or open_.first()
    return survey_url(invitation) if invitation else ""


def history_summary(*, built: bool) -> SurveyHistory:
    """The demo programs' history as it stands, in a few counting queries."""
    programs = list(Program.objects.filter(name__in=[RELATIONSHIP, TOUCHPOINT]))
    invitations = Invitation.objects.filter(program__in=programs)
    responses = Response.objects.filter(program__in=programs)
    first = invitations.order_by("send_after").values_list("send_after", flat=True).first()
    return SurveyHistory(
        built=built,
        invitations=invitations.count(),
        sent=invitations.filter(sent_at__isnull=False).count(),
        responses=responses.filter(channel=ResponseChannel.EMAIL).count(),
        walk_in_responses=responses.filter(channel=ResponseChannel.WALK_IN).count(),
        events=Event.objects.filter(event_type=EVENT_TYPE).count(),
        first_day=timezone.localdate(first) if first else None,
        open_link=_open_link(programs),
    )


def build(*, seed: int = 2026, today: dt.date | None = None) -> SurveyHistory:
    """Create the two demo programs and a year of their history, once: when the
    relationship program already has invitations, change nothing and report them."""
    if Invitation.objects.filter(program__name=RELATIONSHIP).exists():
        return history_summary(built=False)
    units, customers = _directory()
    now = timezone.now()
    if today is not None and today != timezone.localdate(now):
        # A history as of another day ends at the end of that day.
        now = day_start(today + dt.timedelta(days=1)) - dt.timedelta(seconds=1)
    the_plan = plan(seed=seed, units=units, customers=customers, today=today, now=now)
    with transaction.atomic():
        relationship, touchpoint = _programs(the_plan.monthly_quota)
        _write(the_plan, relationship, touchpoint)
    return history_summary(built=True)
