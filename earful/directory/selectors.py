"""Reads of the directory, always scoped by `access`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from earful.directory.access import customer_scope, employee_scope, unit_scope
from earful.directory.models import Customer, Employee, ImportJob, Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def customer_list_visible_to(
    *,
    user: Employee,
    search: str = "",
    unit: Unit | None = None,
    segment: str = "",
    owner: Employee | None = None,
) -> QuerySet[Customer]:
    """Customers the user may see, optionally narrowed by search text and filters.

    `unit` includes the unit's whole subtree.
    """
    qs = Customer.objects.filter(customer_scope(user)).select_related("unit", "owner")
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(external_id__iexact=search)
            | Q(phone__icontains=search)
        )
    if unit is not None:
        qs = qs.filter(unit__lft__gte=unit.lft, unit__lft__lte=unit.rght)
    if segment:
        qs = qs.filter(segment=segment)
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs


def customer_get_for_user(*, user: Employee, customer_id: int) -> Customer:
    """The customer, or 404 if it does not exist or the user may not see it."""
    qs = Customer.objects.filter(customer_scope(user)).select_related("unit", "owner")
    return get_object_or_404(qs, pk=customer_id)


def unit_list_visible_to(*, user: Employee) -> QuerySet[Unit]:
    return Unit.objects.filter(unit_scope(user))


def unit_get_for_user(*, user: Employee, unit_id: int) -> Unit:
    return get_object_or_404(unit_list_visible_to(user=user), pk=unit_id)


def employee_list_visible_to(*, user: Employee) -> QuerySet[Employee]:
    return Employee.objects.filter(employee_scope(user), is_active=True).select_related("unit")


def segment_list_visible_to(*, user: Employee) -> list[str]:
    qs = Customer.objects.filter(customer_scope(user)).exclude(segment="")
    return list(qs.order_by("segment").values_list("segment", flat=True).distinct())


def unit_subtree(unit: Unit) -> QuerySet[Unit]:
    """The unit and everything under it, in one indexed range query."""
    return Unit.objects.filter(lft__gte=unit.lft, lft__lte=unit.rght)


def unit_ancestors(unit: Unit) -> QuerySet[Unit]:
    """The unit and every unit above it, root first."""
    return Unit.objects.filter(lft__lte=unit.lft, rght__gte=unit.rght)


class _Visible(TypedDict):
    visible: bool


def unit_path_for_user(*, user: Employee, unit: Unit) -> QuerySet[WithAnnotations[Unit, _Visible]]:
    """The unit's ancestors and itself, root first, each annotated `visible`: whether the
    user may open it (a front-line employee sees where their customer sits, but only
    their own unit is theirs to open)."""
    visible = unit_list_visible_to(user=user).filter(pk=OuterRef("pk"))
    return unit_ancestors(unit).annotate(visible=Exists(visible))


@dataclass
class UnitNode:
    unit: Unit
    customers: int = 0
    employees: int = 0
    children: list[UnitNode] = field(default_factory=list)


def unit_tree_visible_to(*, user: Employee) -> list[UnitNode]:
    """The units the user may see as a forest, each with customer and employee counts
    for its whole subtree (summed from one grouped count per table, not one per unit)."""
    units = list(unit_list_visible_to(user=user).order_by("lft"))
    customer_counts = dict(
        Customer.objects.filter(customer_scope(user))
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    employee_counts = dict(
        Employee.objects.filter(employee_scope(user), is_active=True, unit__isnull=False)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    nodes = {
        u.pk: UnitNode(u, customer_counts.get(u.pk, 0), employee_counts.get(u.pk, 0)) for u in units
    }
    roots: list[UnitNode] = []
    for unit in units:  # ordered by lft: parents come before children
        node = nodes[unit.pk]
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for unit in reversed(units):  # children before parents: add subtree totals upwards
        node = nodes[unit.pk]
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        if parent is not None:
            parent.customers += node.customers
            parent.employees += node.employees
    return roots


def import_job_list_for(*, user: Employee) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user).defer("content")
