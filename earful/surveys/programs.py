"""Survey programs: the CX lead's writes (create, change, switch on and off) and the
reads behind the program pages and "why was X not asked?".

One function, `program_problems`, holds the rules that span several settings; the
form shows its messages next to the fields and the services refuse what it refuses,
so a program cannot be saved inconsistent from the web, the admin or a script.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from earful.directory.choices import Language
from earful.directory.models import Customer, Employee, Unit
from earful.platform.audit import log_action
from earful.surveys.choices import InvitationStatus, ProgramKind, SkipReason
from earful.surveys.models import DailyDraw, Program, Response
from earful.surveys.rules import why_not_asked
from earful.surveys.wording import EXTRA_QUESTIONS

# The settings a program's form and services take, besides its units.
SETTINGS = (
    "name",
    "kind",
    "default_language",
    "extra_questions",
    "wording",
    "monthly_quota",
    "daily_cap",
    "max_invitations",
    "window_days",
    "quiet_days",
    "reminder_after_days",
    "link_valid_days",
    "touchpoint_delay_hours",
    "event_types",
    "target_margin",
    "segments",
    "detractor_threshold",
)
EVENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
WORDING_KEYS = ("recommend", "reason")


def program_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with a program's settings taken together, by field; empty if
    nothing. Single values (types, ranges) are the model's and the form's business."""
    problems: dict[str, str] = {}
    kind = values.get("kind")
    quota, cap = values.get("monthly_quota"), values.get("daily_cap")
    if kind == ProgramKind.RELATIONSHIP and quota is not None and cap is not None and cap > quota:
        problems["daily_cap"] = _(
            "The daily cap (%(cap)s) must not exceed the monthly quota (%(quota)s)."
        ) % {"cap": cap, "quota": quota}
    remind, valid = values.get("reminder_after_days"), values.get("link_valid_days")
    if remind is not None and valid is not None and remind and remind >= valid:
        problems["reminder_after_days"] = _(
            "The reminder must go before the link expires: links last %(valid)s days, so "
            "remind after at most %(last)s days, or 0 for no reminder."
        ) % {"valid": valid, "last": max(valid - 1, 0)}
    events = list(values.get("event_types") or [])
    if kind == ProgramKind.TOUCHPOINT and not events:
        problems["event_types"] = _(
            "A touchpoint program needs at least one event type, such as inspection_completed."
        )
    elif kind == ProgramKind.RELATIONSHIP and events:
        problems["event_types"] = _(
            "Only touchpoint programs answer events; a relationship program samples "
            "customers instead. Remove the event types or make it a touchpoint program."
        )
    bad = [event for event in events if not EVENT_TYPE.match(str(event))]
    if bad and "event_types" not in problems:
        problems["event_types"] = _(
            "Event types are lowercase letters, digits, dots, hyphens and underscores: %(bad)s"
        ) % {"bad": ", ".join(str(b) for b in bad)}
    unknown = [q for q in values.get("extra_questions") or [] if q not in EXTRA_QUESTIONS]
    if unknown:
        problems["extra_questions"] = _("Unknown questions: %(codes)s") % {
            "codes": ", ".join(str(u) for u in unknown)
        }
    wording = values.get("wording") or {}
    if not isinstance(wording, Mapping) or any(
        language not in Language.values
        or not isinstance(texts, Mapping)
        or any(key not in WORDING_KEYS or not isinstance(t, str) for key, t in texts.items())
        for language, texts in wording.items()
    ):
        problems["wording"] = _(
            "Wording is given per language (en, fi, sv, de, es) for the recommend and "
            "reason questions only."
        )
    return problems


def _check(program: Program) -> None:
    program.full_clean()
    problems = program_problems({name: getattr(program, name) for name in SETTINGS})
    if problems:
        raise ValidationError(problems)


def _clean_wording(wording: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """Blank texts dropped (they mean "use the default"), and languages left empty."""
    cleaned: dict[str, dict[str, str]] = {}
    for language, texts in wording.items():
        own = {key: text.strip() for key, text in texts.items() if str(text).strip()}
        if own:
            cleaned[language] = own
    return cleaned


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    if "wording" in fields and isinstance(fields["wording"], Mapping):
        fields["wording"] = _clean_wording(fields["wording"])
    for name in ("extra_questions", "event_types", "segments"):
        if name in fields:
            # Order kept, duplicates dropped.
            fields[name] = list(dict.fromkeys(fields[name] or []))
    return fields


@transaction.atomic
def program_create(
    *,
    actor: Employee | None,
    name: str,
    units: Iterable[Unit] = (),
    **settings: Any,
) -> Program:
    """A new program, active at once. `settings` are any of `SETTINGS`; the rest keep
    their defaults (the two standard questions, relationship, 1,000 a month)."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Unknown program settings: {sorted(unknown)}")
    program = Program(name=name, created_by=actor, **_normalise(dict(settings)))
    _check(program)
    program.save()
    program.units.set(list(units))
    log_action(
        "program.created",
        actor=actor,
        obj=program,
        data={"name": program.name, "kind": program.kind},
    )
    return program


@transaction.atomic
def program_update(
    *,
    actor: Employee | None,
    program: Program,
    units: Iterable[Unit] | None = None,
    **settings: Any,
) -> Program:
    """Change a program's settings (and, if given, its units). Writes and logs only
    what changed."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Unknown program settings: {sorted(unknown)}")
    program = Program.objects.select_for_update().get(pk=program.pk)
    changed = []
    for name, value in _normalise(dict(settings)).items():
        if getattr(program, name) != value:
            setattr(program, name, value)
            changed.append(name)
    _check(program)
    if changed:
        program.save(update_fields=[*changed, "updated_at"])
    if units is not None:
        new_units = {unit.pk for unit in units}
        if new_units != set(program.units.values_list("pk", flat=True)):
            program.units.set(sorted(new_units))
            changed.append("units")
    if changed:
        log_action("program.updated", actor=actor, obj=program, data={"changed": changed})
    return program


@transaction.atomic
def program_set_active(*, actor: Employee | None, program: Program, is_active: bool) -> Program:
    """Switch a program on or off. An inactive program draws nobody and answers no
    events; links already sent keep working until they expire."""
    updated = Program.objects.filter(pk=program.pk).exclude(is_active=is_active)
    if updated.update(is_active=is_active):
        log_action(
            "program.activated" if is_active else "program.deactivated",
            actor=actor,
            obj=program,
        )
    program.refresh_from_db()
    return program


# Reads. Programs are company-wide settings: whoever may manage them sees them all.


@dataclass
class ProgramRow:
    """A program in the list, with its sending and answering counts."""

    program: Program
    sent: int = 0
    responses: int = 0


def program_list_with_counts() -> list[ProgramRow]:
    """Every program with its invitations sent and responses: three queries in all."""
    programs = list(Program.objects.all())
    sent = dict(
        Program.objects.filter(invitations__sent_at__isnull=False)
        .annotate(n=Count("invitations"))
        .values_list("pk", "n")
    )
    answered = dict(
        Response.objects.order_by()
        .values("program")
        .annotate(n=Count("pk"))
        .values_list("program", "n")
    )
    return [
        ProgramRow(p, sent=sent.get(p.pk, 0), responses=answered.get(p.pk, 0)) for p in programs
    ]


def program_get(*, program_id: int) -> Program:
    return get_object_or_404(Program, pk=program_id)


@dataclass
class UnitAllocation:
    """One unit's line in a day's draw (see `scheduler.decide`)."""

    unit_id: int
    unit_name: str
    eligible: int
    share: int
    picked: int
    needed: int | None = None

    @property
    def short_of_target(self) -> bool:
        """With a target precision: the unit needs more invitations than it has eligible
        customers, so its NPS cannot reach the target margin this quarter."""
        return self.needed is not None and self.needed > self.eligible


@dataclass
class DrawView:
    draw: DailyDraw
    units: list[UnitAllocation] = field(default_factory=list)

    @property
    def short_units(self) -> list[UnitAllocation]:
        return [unit for unit in self.units if unit.short_of_target]


@dataclass
class ProgramStats:
    """How a program is doing: invitations by status, responses and response rate."""

    by_status: list[tuple[str, int]]
    sent: int
    responses: int
    invited_responses: int

    @property
    def response_rate(self) -> float | None:
        """Answered invitations as a share of those sent; None before any was sent."""
        return self.invited_responses / self.sent if self.sent else None

    @property
    def response_rate_percent(self) -> float | None:
        rate = self.response_rate
        return None if rate is None else round(100 * rate, 1)


def program_stats(program: Program) -> ProgramStats:
    counts = dict(
        program.invitations.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    responses = program.responses.aggregate(
        all=Count("pk"), invited=Count("pk", filter=Q(invitation__isnull=False))
    )
    return ProgramStats(
        by_status=[(str(label), counts.get(value, 0)) for value, label in InvitationStatus.choices],
        sent=program.invitations.filter(sent_at__isnull=False).count(),
        responses=responses["all"],
        invited_responses=responses["invited"],
    )


def program_recent_draws(program: Program, *, days: int = 14) -> list[DrawView]:
    """The program's latest daily draws, each unit of the allocation named: two queries."""
    draws = list(program.draws.order_by("-day")[:days])
    unit_ids = {int(key) for draw in draws for key in draw.allocation}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    views = []
    for draw in draws:
        units = [
            UnitAllocation(
                unit_id=int(key),
                unit_name=names.get(int(key), _("Removed unit %(id)s") % {"id": key}),
                eligible=int(entry.get("eligible", 0)),
                share=int(entry.get("share", 0)),
                picked=int(entry.get("picked", 0)),
                needed=int(entry["needed"]) if "needed" in entry else None,
            )
            for key, entry in draw.allocation.items()
        ]
        units.sort(key=lambda u: (u.unit_name, u.unit_id))
        views.append(DrawView(draw=draw, units=units))
    return views


@dataclass
class Eligibility:
    """Whether a relationship program could ask the customer on a day, and if not, why."""

    program: Program
    reasons: list[SkipReason]

    @property
    def eligible(self) -> bool:
        return not self.reasons


def customer_eligibility(*, customer: Customer, day: dt.date) -> list[Eligibility]:
    """ "Why was X not asked?" for every active relationship program."""
    programs = Program.objects.filter(is_active=True, kind=ProgramKind.RELATIONSHIP)
    return [
        Eligibility(program, why_not_asked(program=program, customer=customer, day=day))
        for program in programs
    ]


def segment_choices(current: Sequence[str] = ()) -> list[str]:
    """The customers' segments, plus any a program still names that no customer has."""
    existing = (
        Customer.objects.exclude(segment="")
        .order_by("segment")
        .values_list("segment", flat=True)
        .distinct()
    )
    return sorted(set(existing) | set(current))
