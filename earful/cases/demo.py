"""The demo's follow-up history: a case for every detractor answer of the survey demo,
in every state, with call logs, root causes, SLA breaches, escalations and reopenings.

Deterministic for a seed (each case draws from its own generator, seeded with the
seed and the response id) and idempotent: only answers without a case get one, and the
taxonomy and holidays are looked up before they are added. Written with bulk_create.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from earful.cases.choices import CaseStatus, CloseReason
from earful.cases.models import CallLog, Case, Holiday, RootCause
from earful.cases.services import managers_above
from earful.cases.sla import add_working_days, holidays_for, unit_time_zone
from earful.directory.models import Employee, Unit
from earful.platform.models import AuditEntry
from earful.surveys.models import Response

# Company-wide Finnish public holidays that fall on weekdays, around the demo's year.
FINNISH_HOLIDAYS = {
    "New Year's Day": ["2025-01-01", "2026-01-01", "2027-01-01"],
    "Epiphany": ["2025-01-06", "2026-01-06", "2027-01-06"],
    "Good Friday": ["2025-04-18", "2026-04-03", "2027-03-26"],
    "Easter Monday": ["2025-04-21", "2026-04-06", "2027-03-29"],
    "May Day": ["2025-05-01", "2026-05-01", "2027-05-01"],
    "Ascension Day": ["2025-05-29", "2026-05-14", "2027-05-06"],
    "Midsummer Eve": ["2025-06-20", "2026-06-19", "2027-06-25"],
    "Independence Day": ["2025-12-06", "2026-12-06", "2027-12-06"],
    "Christmas Eve": ["2025-12-24", "2026-12-24", "2027-12-24"],
    "Christmas Day": ["2025-12-25", "2026-12-25", "2027-12-25"],
    "Boxing Day": ["2025-12-26", "2026-12-26", "2027-12-26"],
}

# Parent › child, with what owners typically learn, promise and do about it.
TAXONOMY: dict[tuple[str, str], tuple[str, str, str]] = {
    ("Waiting time", "Booking backlog"): (
        "Waited three weeks for an inspection slot; the site was idle meanwhile.",
        "Offer a slot this week from the Tampere team's calendar.",
        "Booked an inspection for the same week and added capacity to the region.",
    ),
    ("Report", "Late delivery"): (
        "The report arrived ten days after the inspection; the customer's client complained.",
        "Send the report today and confirm the standard five-day delivery.",
        "Report delivered; a delivery reminder was added to the inspector's checklist.",
    ),
    ("Report", "Hard to understand"): (
        "The findings list was full of jargon and had no summary of what to fix first.",
        "Walk through the report together on a call and send a plain-language summary.",
        "Went through the report with the customer; a summary page was added to the template.",
    ),
    ("Price", "Unexpected travel costs"): (
        "Travel costs on the invoice were not mentioned in the offer.",
        "Check the invoice and credit the travel costs if they were not agreed.",
        "Travel costs credited; offers now show the travel fee up front.",
    ),
    ("Inspector", "Rushed visit"): (
        "The inspector left after twenty minutes without answering questions.",
        "Arrange a follow-up visit with a senior inspector.",
        "A senior inspector revisited; the visit length guideline was reviewed with the team.",
    ),
    ("Communication", "Not told about changes"): (
        "The inspection was moved twice without anyone calling the customer.",
        "Name one contact person who calls before any change.",
        "The customer now has a named contact; rescheduling always triggers a call.",
    ),
}

NOT_REACHED = [
    "No answer; left a voicemail.",
    "Phone switched off.",
    "Reached the switchboard; the contact was in a meeting.",
    "",
]

ESCALATION_DELAY = dt.timedelta(minutes=15)


@dataclass
class CasesDemo:
    cases: int
    created: int
    calls: int
    holidays: int

    def notes(self) -> list[str]:
        state = f"{self.created} created" if self.created else "already there"
        return [
            f"follow-up cases: {self.cases} ({state}), {self.calls} call logs, "
            f"{self.holidays} company holidays"
        ]


def _holidays() -> int:
    existing = set(Holiday.objects.filter(unit__isnull=True).values_list("day", flat=True))
    new = [
        Holiday(day=dt.date.fromisoformat(day), name=name, unit=None)
        for name, days in FINNISH_HOLIDAYS.items()
        for day in days
        if dt.date.fromisoformat(day) not in existing
    ]
    Holiday.objects.bulk_create(new)
    return Holiday.objects.filter(unit__isnull=True).count()


def _taxonomy() -> dict[tuple[str, str], RootCause]:
    causes: dict[tuple[str, str], RootCause] = {}
    for parent_name, child_name in TAXONOMY:
        parent, _ = RootCause.objects.get_or_create(name=parent_name, parent=None)
        child, _ = RootCause.objects.get_or_create(name=child_name, parent=parent)
        causes[(parent_name, child_name)] = child
    return causes


class _UnitFacts:
    """Per unit, looked up once: time zone, days off, managers nearest first."""

    def __init__(self, since: dt.date, until: dt.date) -> None:
        self.since, self.until = since, until
        self._cache: dict[int, tuple[ZoneInfo, set[dt.date], list[Employee]]] = {}

    def get(self, unit: Unit) -> tuple[ZoneInfo, set[dt.date], list[Employee]]:
        if unit.pk not in self._cache:
            self._cache[unit.pk] = (
                unit_time_zone(unit),
                holidays_for(unit, since=self.since, until=self.until),
                managers_above(unit),
            )
        return self._cache[unit.pk]


def _hours(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(minutes=round(rng.uniform(low, high) * 60))


@dataclass
class _Planned:
    case: Case
    calls: list[CallLog]
    audit: list[tuple[str, dt.datetime, dict[str, object]]]


def _plan_case(
    response: Response,
    *,
    seed: int,
    now: dt.datetime,
    facts: _UnitFacts,
    causes: list[tuple[RootCause, tuple[str, str, str]]],
) -> _Planned:
    rng = random.Random(seed * 1_000_003 + response.pk)
    customer = response.customer
    unit = customer.unit if customer is not None else response.unit
    tz, days_off, managers = facts.get(unit)
    owner = customer.owner if customer is not None else None
    if owner is None or not owner.is_active:
        owner = managers[0] if managers else None
    chain = [m for m in managers if owner is None or m.pk != owner.pk]
    opened = response.submitted_at
    sla_days = response.program.case_sla_days
    due = add_working_days(start=opened, working_days=sla_days, holidays=days_off, tz=tz)
    case = Case(
        response=response,
        customer=customer,
        program=response.program,
        unit=unit,
        owner=owner,
        status=CaseStatus.NEW,
        opened_at=opened,
        due_at=due,
    )
    cause, (learned, promised, resolution) = rng.choice(causes)
    calls: list[CallLog] = []
    audit: list[tuple[str, dt.datetime, dict[str, object]]] = []

    def missed_calls(until: dt.datetime, count: int) -> None:
        span = max((until - opened).total_seconds(), 60.0)
        for i in range(count):
            at = opened + dt.timedelta(seconds=span * (i + 1) / (count + 1))
            calls.append(
                CallLog(case=case, by=owner, at=at, reached=False, learned=rng.choice(NOT_REACHED))
            )

    def reached_call(at: dt.datetime) -> None:
        missed_calls(at, rng.choice([0, 0, 0, 1, 1, 2]))
        calls.append(
            CallLog(
                case=case,
                by=owner,
                at=at,
                reached=True,
                learned=learned,
                root_cause=cause,
                action_promised=promised,
                action_due=(at + dt.timedelta(days=rng.randint(2, 10))).astimezone(tz).date(),
            )
        )
        case.status = CaseStatus.CONTACTED
        case.first_contact_at = at
        case.root_cause = cause

    def escalate(levels: int) -> None:
        at = due + ESCALATION_DELAY
        for level in range(levels):
            if at >= now:
                return
            manager = chain[level] if level < len(chain) else None
            case.escalation_level = level + 1
            case.escalated_to = manager
            case.escalated_at = at
            if manager is None:
                audit.append(("case.escalation_exhausted", at, {"level": level}))
                return
            audit.append(("case.escalated", at, {"level": level + 1, "manager": manager.pk}))
            at = add_working_days(start=at, working_days=sla_days, holidays=days_off, tz=tz)

    late = rng.random() < 0.12
    window = due - opened
    contact = (
        due + _hours(rng, 2, 60)
        if late
        else opened + dt.timedelta(seconds=window.total_seconds() * rng.uniform(0.05, 0.9))
    )
    # Never in the future: a contact that would come later has happened just now.
    contact = max(min(contact, now - dt.timedelta(minutes=10)), opened)
    roll = rng.random()
    if due > now:  # still within its SLA: open
        if roll < 0.45 or contact >= now:
            if rng.random() < 0.4:
                missed_calls(now - dt.timedelta(minutes=30), 1)
        else:
            reached_call(contact)
    elif roll < 0.06:  # never reached, overdue: breached and escalated
        missed_calls(min(due + dt.timedelta(days=3), now), rng.randint(1, 3))
        escalate(rng.choice([1, 1, 2, 3]))
    elif roll < 0.12:  # contacted, the promised action still pending
        reached_call(contact)
        if late:
            escalate(1)
    elif roll < 0.24:  # closed without contact
        reason = rng.choice(
            [CloseReason.UNREACHABLE] * 3 + [CloseReason.DECLINED, CloseReason.NOT_ACTIONABLE]
        )
        closed = contact if contact < now else now - dt.timedelta(hours=1)
        if reason == CloseReason.UNREACHABLE:
            missed_calls(closed, 3)
        case.status = CaseStatus.CLOSED
        case.close_reason = reason
        case.closed_at = closed
    else:  # reached and resolved
        reached_call(contact)
        if late and contact > due + ESCALATION_DELAY:
            escalate(1)
        closed = contact + _hours(rng, 1, 24 * 8)
        if closed >= now:
            closed = now - dt.timedelta(minutes=5)
        case.status = CaseStatus.RESOLVED
        case.resolution = resolution
        case.closed_at = max(closed, contact)
        if rng.random() < 0.07:
            case.reopened_count = 1
            audit.append(
                (
                    "case.reopened",
                    case.closed_at,
                    {"why": "The customer called again: the promised fix had not happened."},
                )
            )
    return _Planned(case=case, calls=calls, audit=audit)


def build(*, seed: int = 2026) -> CasesDemo:
    """Cases for the demo's detractor answers that have none yet."""
    now = timezone.now()
    with transaction.atomic():
        holidays = _holidays()
        causes = _taxonomy()
        pending = list(
            Response.objects.filter(case__isnull=True)
            .select_related("program", "customer__owner", "customer__unit", "unit")
            .order_by("submitted_at", "pk")
        )
        pending = [r for r in pending if r.score <= r.program.detractor_threshold]
        if pending:
            first = min(r.submitted_at for r in pending).date() - dt.timedelta(days=2)
            facts = _UnitFacts(first, now.date() + dt.timedelta(days=120))
            choices = [(causes[key], texts) for key, texts in TAXONOMY.items()]
            planned = [
                _plan_case(r, seed=seed, now=now, facts=facts, causes=choices) for r in pending
            ]
            Case.objects.bulk_create([p.case for p in planned], batch_size=500)
            CallLog.objects.bulk_create(
                [call for p in planned for call in p.calls], batch_size=1000
            )
            entries = [
                AuditEntry(
                    action=action,
                    object_type=Case._meta.label_lower,
                    object_id=str(p.case.pk),
                    data=data,
                )
                for p in planned
                for action, _at, data in p.audit
            ]
            AuditEntry.objects.bulk_create(entries, batch_size=1000)
            # created_at is auto_now_add: set the history's own times afterwards.
            times = [at for p in planned for _action, at, _data in p.audit]
            for entry, at in zip(entries, times, strict=True):
                entry.created_at = at
            AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=1000)
    return CasesDemo(
        cases=Case.objects.count(),
        created=len(pending),
        calls=CallLog.objects.count(),
        holidays=holidays,
    )
