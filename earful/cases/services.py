"""Writes of the follow-up loop: opening, call logs, resolving, reopening, escalating.

Every write is atomic, validated with `full_clean`, audited with a dotted action, and
tells other apps through `earful.cases.signals` only after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from earful.cases import signals
from earful.cases.choices import OPEN_STATUSES, CaseStatus, CloseReason
from earful.cases.models import CallLog, Case, RootCause
from earful.cases.sla import calendar_for, working_deadline
from earful.directory.ancestry import Ancestry
from earful.directory.choices import Role
from earful.directory.models import Employee, Unit
from earful.platform.audit import log_action, log_actions
from earful.surveys.models import Response


def managers_above(unit: Unit) -> list[Employee]:
    """Active managers of the unit and every unit above it, nearest first."""
    return list(
        Employee.objects.filter(
            is_active=True,
            role=Role.MANAGER,
            unit__lft__lte=unit.lft,
            unit__rght__gte=unit.rght,
        )
        .select_related("unit")
        .order_by("-unit__depth", "pk")
    )


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_transition")


@transaction.atomic
def cases_open_for_responses(
    responses: Sequence[Response], *, ancestry: Ancestry | None = None
) -> list[Case]:
    """Open a follow-up case for each detractor's answer (walk-ins too: then the unit's
    manager owns it) that has none yet, in a fixed number of queries for the whole
    batch; tell the other apps in one `cases_opened`. Returns the cases opened now, so
    running it twice opens each case once."""
    detractors = [r for r in responses if r.score <= r.program.detractor_threshold]
    if not detractors:
        return []
    have = set(Case.objects.filter(response__in=detractors).values_list("response_id", flat=True))
    detractors = [r for r in detractors if r.pk not in have]
    if not detractors:
        return []
    # A customer's case belongs to the customer's unit (a walk-in's to the answer's).
    customer_units = Unit.objects.in_bulk({r.customer.unit_id for r in detractors if r.customer})
    units = [
        customer_units[r.customer.unit_id] if r.customer is not None else r.unit for r in detractors
    ]
    ancestry = ancestry or Ancestry(units)
    calendar = calendar_for(
        ancestry,
        [r.submitted_at for r in detractors],
        max(r.program.case_sla_days for r in detractors),
    )
    owners = Employee.objects.select_related("unit", "notification_preference").in_bulk(
        {r.customer.owner_id for r in detractors if r.customer and r.customer.owner_id}
    )
    cases = []
    for response, unit in zip(detractors, units, strict=True):
        owner = owners.get(response.customer.owner_id) if response.customer is not None else None
        if owner is None or not owner.is_active:
            managers = ancestry.managers_above(unit)
            owner = managers[0] if managers else None
        case = Case(
            response=response,
            customer=response.customer,
            program=response.program,
            unit=unit,
            owner=owner,
            status=CaseStatus.NEW,
            opened_at=response.submitted_at,
            due_at=calendar.deadline(
                start=response.submitted_at,
                working_days=response.program.case_sla_days,
                unit=unit,
            ),
        )
        # The related rows were just read: checking each exists again would cost a query
        # apiece (the foreign keys stand behind them).
        case.full_clean(
            exclude=["response", "customer", "program", "unit", "owner"],
            validate_unique=False,
            validate_constraints=False,
        )
        cases.append(case)
    try:
        with transaction.atomic():
            Case.objects.bulk_create(cases)
    except IntegrityError:  # another worker opened some meanwhile: the rest one by one
        if len(detractors) == 1:
            return []
        return [
            case
            for response in detractors
            for case in cases_open_for_responses([response], ancestry=ancestry)
        ]
    if not connection.features.can_return_rows_from_bulk_insert:
        ids = dict(Case.objects.filter(response__in=detractors).values_list("response_id", "pk"))
        for case in cases:
            case.pk = ids[case.response_id]
    log_actions(
        "case.opened",
        actor=None,
        entries=[
            (
                case,
                {
                    "response": case.response_id,
                    "score": case.response.score,
                    "owner": case.owner_id,
                    "due_at": case.due_at.isoformat(),
                },
            )
            for case in cases
        ],
    )
    signals.cases_opened.send(sender=Case, cases=cases, ancestry=ancestry)
    return cases


def case_open_for_response(*, response: Response) -> Case | None:
    """`cases_open_for_responses` for one answer: its case if opened now, else None."""
    opened = cases_open_for_responses([response])
    return opened[0] if opened else None


@transaction.atomic
def case_log_call(
    *,
    actor: Employee | None,
    case: Case,
    reached: bool,
    learned: str,
    root_cause: RootCause | None,
    action_promised: str,
    action_due: dt.date | None,
    at: dt.datetime | None = None,
) -> CallLog:
    """Record one attempt to reach the customer. The first call that reaches them moves
    a new case to contacted."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise _refuse(_("This case is closed; reopen it before logging a call."))
    at = at or timezone.now()
    call = CallLog(
        case=case,
        by=actor,
        at=at,
        reached=reached,
        learned=learned,
        root_cause=root_cause,
        action_promised=action_promised,
        action_due=action_due,
    )
    call.full_clean()
    call.save()
    fields = []
    if reached and case.status == CaseStatus.NEW:
        case.status = CaseStatus.CONTACTED
        case.first_contact_at = at
        fields += ["status", "first_contact_at"]
    if root_cause is not None:
        case.root_cause = root_cause
        fields.append("root_cause")
    if fields:
        case.full_clean()
        case.save(update_fields=[*fields, "updated_at"])
    log_action(
        "case.call_logged",
        actor=actor,
        obj=case,
        data={"call": call.pk, "reached": reached, "root_cause": call.root_cause_id},
    )
    return call


@transaction.atomic
def case_resolve(
    *, actor: Employee | None, case: Case, resolution: str, root_cause: RootCause | None = None
) -> Case:
    """Close a contacted case with what was done about it."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.NEW:
        raise _refuse(_("Log a call that reached the customer before resolving the case."))
    if not case.is_open:
        raise _refuse(_("This case is already closed."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the case was resolved.")})
    case.status = CaseStatus.RESOLVED
    case.resolution = resolution
    case.closed_at = timezone.now()
    if root_cause is not None:
        case.root_cause = root_cause
    case.full_clean()
    case.save(update_fields=["status", "resolution", "closed_at", "root_cause", "updated_at"])
    log_action("case.resolved", actor=actor, obj=case, data={"root_cause": case.root_cause_id})
    transaction.on_commit(partial(signals.case_closed.send, sender=Case, case=case))
    return case


@transaction.atomic
def case_close_without_contact(
    *, actor: Employee | None, case: Case, reason: CloseReason, note: str = ""
) -> Case:
    """Close an open case without a conversation, for one of the CloseReason reasons."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise _refuse(_("This case is already closed."))
    if reason not in CloseReason.values:
        raise ValidationError({"close_reason": _("Choose why the case is closed.")})
    case.status = CaseStatus.CLOSED
    case.close_reason = reason
    case.resolution = note
    case.closed_at = timezone.now()
    case.full_clean()
    case.save(update_fields=["status", "close_reason", "resolution", "closed_at", "updated_at"])
    log_action("case.closed", actor=actor, obj=case, data={"reason": str(reason), "note": note})
    transaction.on_commit(partial(signals.case_closed.send, sender=Case, case=case))
    return case


@transaction.atomic
def case_reopen(*, actor: Employee | None, case: Case, why: str) -> Case:
    """Open a resolved or closed case again, with a fresh SLA from now."""
    case = Case.objects.select_for_update().select_related("program", "unit").get(pk=case.pk)
    if case.is_open:
        raise _refuse(_("This case is still open."))
    if not why.strip():
        raise ValidationError({"why": _("Say why the case is reopened.")})
    now = timezone.now()
    previous = case.status
    case.status = CaseStatus.CONTACTED if case.first_contact_at else CaseStatus.NEW
    case.closed_at = None
    case.close_reason = ""
    case.due_at = working_deadline(
        start=now, working_days=case.program.case_sla_days, unit=case.unit
    )
    case.escalation_level = 0
    case.escalated_to = None
    case.escalated_at = None
    case.reopened_count += 1
    case.full_clean()
    case.save()
    log_action(
        "case.reopened",
        actor=actor,
        obj=case,
        data={"why": why, "was": previous, "due_at": case.due_at.isoformat()},
    )
    return case


def _escalation_chain(case: Case) -> list[Employee]:
    """Managers above the case's unit, nearest first, leaving out its owner."""
    return [m for m in managers_above(case.unit) if m.pk != case.owner_id]


def _level_due(case: Case) -> dt.datetime:
    """When the case's current level runs out: its due time, and after an escalation
    another SLA period from the escalation."""
    if case.escalated_at is None:
        return case.due_at
    return working_deadline(
        start=case.escalated_at, working_days=case.program.case_sla_days, unit=case.unit
    )


def cases_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Escalate each overdue open case one level up the tree; returns how many moved.

    A case goes to the next manager above its unit (beyond the last one it went to).
    With nobody left it is marked exhausted (escalated_at set, escalated_to empty) and
    never tried again. Claimed with a conditional UPDATE, so concurrent runs escalate
    each case once per level."""
    now = now or timezone.now()
    candidates = (
        Case.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now)
        .exclude(escalated_at__isnull=False, escalated_to__isnull=True)
        .select_related("program", "unit", "owner")
        .order_by("due_at", "pk")
    )
    moved = 0
    for case in candidates:
        if _level_due(case) >= now:
            continue
        if _escalate_one(case, now=now):
            moved += 1
    return moved


@transaction.atomic
def _escalate_one(case: Case, *, now: dt.datetime) -> bool:
    chain = _escalation_chain(case)
    level = case.escalation_level
    manager = chain[level] if level < len(chain) else None
    claimed = Case.objects.filter(
        pk=case.pk, status__in=OPEN_STATUSES, escalation_level=level
    ).update(
        escalation_level=level + 1,
        escalated_to=manager,
        escalated_at=now,
        updated_at=now,
    )
    if claimed != 1:
        return False
    case.refresh_from_db()
    if manager is None:
        log_action("case.escalation_exhausted", actor=None, obj=case, data={"level": level})
        return False
    log_action(
        "case.escalated",
        actor=None,
        obj=case,
        data={"level": level + 1, "manager": manager.pk},
    )
    transaction.on_commit(
        partial(signals.case_escalated.send, sender=Case, case=case, manager=manager)
    )
    return True


def _check_parent(root_cause: RootCause) -> None:
    """A root cause cannot sit under itself or under one of its own children."""
    node = root_cause.parent
    while node is not None:
        if root_cause.pk is not None and node.pk == root_cause.pk:
            raise ValidationError({"parent": _("A root cause cannot sit under itself.")})
        node = node.parent


@transaction.atomic
def root_cause_create(
    *, actor: Employee | None, name: str, parent: RootCause | None = None, description: str = ""
) -> RootCause:
    """Add a root cause to the taxonomy (under `parent`, or at the top)."""
    root_cause = RootCause(name=name.strip(), parent=parent, description=description)
    root_cause.full_clean()
    root_cause.save()
    log_action(
        "root_cause.created",
        actor=actor,
        obj=root_cause,
        data={"name": root_cause.name, "parent": root_cause.parent_id},
    )
    return root_cause


@transaction.atomic
def root_cause_update(
    *,
    actor: Employee | None,
    root_cause: RootCause,
    name: str,
    parent: RootCause | None,
    description: str,
    is_active: bool,
) -> RootCause:
    """Rename, move, describe, or (de)activate a root cause. Deactivated causes stay on
    past calls and cases; they are only no longer offered."""
    before = {
        "name": root_cause.name,
        "parent": root_cause.parent_id,
        "active": root_cause.is_active,
    }
    root_cause.name = name.strip()
    root_cause.parent = parent
    root_cause.description = description
    root_cause.is_active = is_active
    _check_parent(root_cause)
    root_cause.full_clean()
    root_cause.save()
    after = {"name": root_cause.name, "parent": root_cause.parent_id, "active": is_active}
    log_action(
        "root_cause.updated", actor=actor, obj=root_cause, data={"before": before, "after": after}
    )
    return root_cause
