"""Writes to the directory. Views, commands, the importer and the demo all come here."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from earful.directory.choices import Role
from earful.directory.models import Customer, Employee, Unit
from earful.platform.audit import log_action


def unit_tree_renumber() -> None:
    """Recompute `lft`, `rght` and `depth` of every unit from the `parent` links.

    Runs after any change to the tree's shape; units number in the thousands, so a
    full pass is milliseconds. Rows whose numbers did not change are not written.
    """
    with transaction.atomic():
        units = list(
            Unit.objects.select_for_update().only("pk", "parent_id", "lft", "rght", "depth", "name")
        )
        children: dict[int | None, list[Unit]] = defaultdict(list)
        for unit in sorted(units, key=lambda u: (u.name, u.pk)):
            children[unit.parent_id].append(unit)
        counter = 0
        changed: dict[int, Unit] = {}
        # Iterative depth-first walk: (unit, depth, entering?)
        stack: list[tuple[Unit, int, bool]] = [(u, 0, True) for u in reversed(children[None])]
        while stack:
            unit, depth, entering = stack.pop()
            counter += 1
            if entering:
                new = {"lft": counter, "depth": depth}
                stack.append((unit, depth, False))
                stack.extend((c, depth + 1, True) for c in reversed(children[unit.pk]))
            else:
                new = {"rght": counter}
            if any(getattr(unit, k) != v for k, v in new.items()):
                for k, v in new.items():
                    setattr(unit, k, v)
                changed[unit.pk] = unit
        Unit.objects.bulk_update(list(changed.values()), ["lft", "rght", "depth"], batch_size=500)


@transaction.atomic
def unit_create(
    *,
    actor: Employee | None,
    external_id: str,
    name: str,
    parent: Unit | None = None,
    **fields: Any,
) -> Unit:
    unit = Unit(external_id=external_id, name=name, parent=parent, **fields)
    unit.full_clean()
    unit.save()
    unit_tree_renumber()
    unit.refresh_from_db()
    log_action("unit.created", actor=actor, obj=unit, data={"external_id": external_id})
    return unit


@transaction.atomic
def employee_create(
    *,
    actor: Employee | None,
    username: str,
    email: str,
    role: str = Role.FRONT_LINE,
    unit: Unit | None = None,
    password: str | None = None,
    **fields: Any,
) -> Employee:
    employee = Employee(username=username, email=email, role=role, unit=unit, **fields)
    if password:
        employee.set_password(password)
    else:
        employee.set_unusable_password()
    employee.full_clean()
    employee.save()
    log_action("employee.created", actor=actor, obj=employee, data={"role": role})
    return employee


@transaction.atomic
def customer_create(
    *, actor: Employee | None, external_id: str, name: str, unit: Unit, **fields: Any
) -> Customer:
    customer = Customer(external_id=external_id, name=name, unit=unit, **fields)
    customer.full_clean()
    customer.save()
    log_action("customer.created", actor=actor, obj=customer, data={"external_id": external_id})
    return customer


@transaction.atomic
def employees_set_demo_access(*, emails: list[str], password: str) -> int:
    """Give the demo's employees one known password, hashed once (hashing is slow on
    purpose). Demo use only."""
    from django.contrib.auth.hashers import make_password

    return Employee.objects.filter(email__in=emails).update(password=make_password(password))
