"""Kudos: praise in a response that names an employee, forwarded to them and their
managers, and the feed of a unit's kudos.

Matching is done by `kudos_matching` (pure Python); this module picks the candidates
(the active staff of the response's unit and its subtree, and the customer's owner),
records each mention once, and tells the people concerned.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import reduce

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from earful.directory.access import unit_scope
from earful.directory.ancestry import Ancestry
from earful.directory.models import Employee, Unit
from earful.notifications.choices import NotificationKind
from earful.notifications.kudos_matching import Candidate, find_mentions
from earful.notifications.models import Kudos
from earful.notifications.services import Tell, Zones, notifications_write
from earful.platform.audit import log_actions
from earful.surveys.models import Response

# Kudos.mention's max_length: a longer "name" is no name.
MENTION_MAX = 200


def _staff_by_response(responses: Sequence[Response]) -> dict[int, dict[int, Employee]]:
    """Who each response's praise may name: active staff of its unit and everything
    under it, and the customer's owner wherever they sit. One query for the batch."""
    spans = {(r.unit.lft, r.unit.rght) for r in responses}
    owners = {r.customer.owner_id for r in responses if r.customer and r.customer.owner_id}
    wanted = reduce(
        operator.or_,
        (Q(unit__lft__gte=lft, unit__lft__lte=rght) for lft, rght in spans),
        Q(pk__in=owners),
    )
    staff = sorted(
        Employee.objects.filter(wanted, is_active=True).select_related("unit"),
        key=lambda e: e.unit.lft if e.unit is not None else -1,
    )
    lfts = [e.unit.lft if e.unit is not None else -1 for e in staff]
    by_pk = {e.pk: e for e in staff}
    found: dict[int, dict[int, Employee]] = {}
    for response in responses:
        unit = response.unit
        # Staff of the subtree: a slice of the list sorted by their unit's lft.
        subtree = staff[bisect_left(lfts, unit.lft) : bisect_right(lfts, unit.rght)]
        mine = {e.pk: e for e in subtree}
        owner_id = response.customer.owner_id if response.customer is not None else None
        if owner_id is not None and owner_id in by_pk:
            mine[owner_id] = by_pk[owner_id]
        found[response.pk] = mine
    return found


def kudos_candidates(response: Response) -> dict[int, Employee]:
    return _staff_by_response([response])[response.pk]


@transaction.atomic
def kudos_record_for_responses(responses: Sequence[Response]) -> list[Kudos]:
    """Find the people each response's praise names, record each mention once and tell
    the employee and the managers above them, in a few queries for the whole batch.
    Safe to run twice: nothing is recorded or sent again. Returns the batch's kudos."""
    responses = [r for r in responses if r.reason.strip()]
    if not responses:
        return []
    staff = _staff_by_response(responses)
    known = set(Kudos.objects.filter(response__in=responses).values_list("response_id", "mention"))
    fresh: list[Kudos] = []
    for response in responses:
        owner_id = response.customer.owner_id if response.customer is not None else None
        candidates = [
            Candidate(
                key=e.pk, first_name=e.first_name, last_name=e.last_name, preferred=e.pk == owner_id
            )
            for e in staff[response.pk].values()
            if e.first_name or e.last_name
        ]
        for mention in find_mentions(response.reason, candidates, score=response.score):
            text = mention.text[:MENTION_MAX]
            if (response.pk, text) in known:
                continue
            known.add((response.pk, text))
            kudos = Kudos(
                response=response,
                unit=response.unit,
                employee=staff[response.pk][mention.candidate.key] if mention.candidate else None,
                mention=text,
                confidence=mention.confidence,
            )
            # Its response, unit and employee were just read (the keys stand behind them).
            kudos.full_clean(
                exclude=["response", "unit", "employee"],
                validate_unique=False,
                validate_constraints=False,
            )
            fresh.append(kudos)
    # A second worker may have recorded some meanwhile: the constraint decides.
    Kudos.objects.bulk_create(fresh, ignore_conflicts=True)
    recorded = list(
        Kudos.objects.filter(response__in=responses)
        .select_related("employee__unit", "employee__notification_preference", "response")
        .order_by("pk")
    )
    new = {(k.response_id, k.mention) for k in fresh}
    log_actions(
        "kudos.recorded",
        actor=None,
        entries=[
            (k, {"response": k.response_id, "employee": k.employee_id, "mention": k.mention})
            for k in recorded
            if (k.response_id, k.mention) in new
        ],
    )
    kudos_forward_all(recorded)
    return recorded


def kudos_record_for_response(*, response: Response) -> list[Kudos]:
    """`kudos_record_for_responses` for one response: all of its kudos."""
    kudos_record_for_responses([response])
    return list(response.kudos.select_related("employee__unit").order_by("pk"))


def managers_above(employee: Employee) -> list[Employee]:
    """Active managers whose unit is the employee's or above it, nearest first."""
    if employee.unit is None:
        return []
    return [m for m in Ancestry([employee.unit]).managers_above(employee.unit) if m != employee]


def kudos_forward_all(kudos: Sequence[Kudos]) -> int:
    """Tell each praised employee and the managers above them, once each. Returns how
    many were told this time."""
    praised = [k for k in kudos if k.employee is not None and k.employee.is_active]
    units = [k.employee.unit for k in praised if k.employee and k.employee.unit]
    ancestry = Ancestry(units)
    tells = []
    for k in praised:
        employee = k.employee
        assert employee is not None
        subject_key = f"kudos:{k.pk}"
        tells.append(
            Tell(
                employee,
                NotificationKind.KUDOS,
                gettext("A customer praised you"),
                k.response,
                subject_key,
            )
        )
        above = ancestry.managers_above(employee.unit) if employee.unit is not None else []
        tells += [
            Tell(
                manager,
                NotificationKind.KUDOS,
                gettext("A customer praised someone in your team"),
                k.response,
                subject_key,
            )
            for manager in above
            if manager != employee
        ]
    return notifications_write(tells, zones=Zones(ancestry))


def kudos_forward(*, kudos: Kudos) -> int:
    return kudos_forward_all([kudos])


def kudos_units_visible_to(*, user: Employee) -> QuerySet[Unit]:
    """The units whose kudos the user may read, for the feed's filter."""
    return Unit.objects.filter(unit_scope(user)).order_by("lft")


def kudos_list_visible_to(*, user: Employee, unit: Unit | None = None) -> QuerySet[Kudos]:
    """Kudos in the units the user may see (and any about the user), newest first;
    with `unit`, only that unit and the units under it."""
    scope = unit_scope(user, "unit__")
    # An empty Q() is "everything": OR-ing anything onto it would narrow it.
    if scope and user.is_authenticated and user.is_active:
        scope |= Q(employee=user.pk)
    kudos = Kudos.objects.filter(scope)
    if unit is not None:
        kudos = kudos.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    return kudos.select_related("employee", "unit", "response").order_by("-created_at", "-pk")


def kudos_unit_get_for_user(*, user: Employee, unit_id: int) -> Unit:
    """A unit for the feed's filter; 404 outside the user's scope."""
    unit = kudos_units_visible_to(user=user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit
