"""Kudos: praise in a response that names an employee, forwarded to them and their
managers, and the feed of a unit's kudos.

Matching is done by `kudos_matching` (pure Python); this module picks the candidates
(the active staff of the response's unit and its subtree, and the customer's owner),
records each mention once, and tells the people concerned.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from earful.directory.access import unit_scope
from earful.directory.choices import Role
from earful.directory.models import Employee, Unit
from earful.notifications.choices import NotificationKind
from earful.notifications.kudos_matching import Candidate, find_mentions
from earful.notifications.models import Kudos
from earful.notifications.services import notification_create
from earful.platform.audit import log_action
from earful.surveys.models import Response

# Kudos.mention's max_length: a longer "name" is no name.
MENTION_MAX = 200


def kudos_candidates(response: Response) -> dict[int, Employee]:
    """Who the praise may name: active staff of the response's unit and everything under
    it, and the customer's owner wherever they sit."""
    unit = response.unit
    query = Q(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    owner_id = response.customer.owner_id if response.customer is not None else None
    if owner_id is not None:
        query |= Q(pk=owner_id)
    staff = Employee.objects.filter(query, is_active=True).select_related("unit")
    return {employee.pk: employee for employee in staff}


def managers_above(employee: Employee) -> list[Employee]:
    """Active managers whose unit is the employee's or above it, nearest first."""
    if employee.unit is None:
        return []
    unit = employee.unit
    return list(
        Employee.objects.filter(
            is_active=True,
            role=Role.MANAGER,
            unit__lft__lte=unit.lft,
            unit__rght__gte=unit.rght,
        )
        .exclude(pk=employee.pk)
        .order_by("-unit__lft", "pk")
    )


@transaction.atomic
def kudos_record_for_response(*, response: Response) -> list[Kudos]:
    """Find the people the response's praise names, record each mention once and tell
    the employee and the managers above them. Safe to run twice: nothing is recorded
    or sent again. Returns the response's kudos."""
    if not response.reason.strip():
        return list(response.kudos.order_by("pk"))
    staff = kudos_candidates(response)
    owner_id = response.customer.owner_id if response.customer is not None else None
    candidates = [
        Candidate(
            key=e.pk,
            first_name=e.first_name,
            last_name=e.last_name,
            preferred=e.pk == owner_id,
        )
        for e in staff.values()
        if e.first_name or e.last_name
    ]
    mentions = find_mentions(response.reason, candidates, score=response.score)
    known = set(response.kudos.values_list("mention", flat=True))
    for mention in mentions:
        text = mention.text[:MENTION_MAX]
        if text in known:
            continue
        kudos = Kudos(
            response=response,
            unit=response.unit,
            employee=staff[mention.candidate.key] if mention.candidate else None,
            mention=text,
            confidence=mention.confidence,
        )
        kudos.full_clean(validate_constraints=False)
        try:
            # A second worker may have recorded it meanwhile: the constraint decides.
            with transaction.atomic():
                kudos.save()
        except IntegrityError:
            continue
        known.add(text)
        log_action(
            "kudos.recorded",
            actor=None,
            obj=kudos,
            data={"response": response.pk, "employee": kudos.employee_id, "mention": text},
        )
    recorded = list(response.kudos.select_related("employee__unit").order_by("pk"))
    for kudos in recorded:
        kudos_forward(kudos=kudos)
    return recorded


def kudos_forward(*, kudos: Kudos) -> int:
    """Tell the praised employee and the managers above them, once each. Returns how
    many were told this time."""
    employee = kudos.employee
    if employee is None or not employee.is_active:
        return 0
    subject_key = f"kudos:{kudos.pk}"
    told = 0
    recipients = [(employee, gettext("A customer praised you"))]
    recipients += [
        (manager, gettext("A customer praised someone in your team"))
        for manager in managers_above(employee)
    ]
    for recipient, reason in recipients:
        notification = notification_create(
            recipient=recipient,
            kind=NotificationKind.KUDOS,
            reason=reason,
            response=kudos.response,
            subject_key=subject_key,
        )
        told += notification is not None
    return told


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
