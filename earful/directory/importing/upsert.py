"""Matching clean rows to existing ones by external id, and writing only what changed.

One class per kind. Each loads what it needs from the database once, compares values
in Python, and writes new and changed rows in bulk (see `bulk`): no query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models
from django.utils import timezone

from earful.directory import services
from earful.directory.choices import ImportKind, Role
from earful.directory.importing import bulk
from earful.directory.importing.report import ErrorList
from earful.directory.importing.schemas import (
    CleanRow,
    Column,
    customer_columns,
    employee_columns,
    unit_columns,
)
from earful.directory.models import Customer, Employee, Unit
from earful.directory.signals import customer_segments_changed

# External ids per lookup query, within every backend's limit on query parameters.
LOOKUP_CHUNK = 10_000

Row = dict[str, Any]


@dataclass
class Plan:
    create: list[Row] = field(default_factory=list)
    # (the row as it is now, the values that change)
    update: list[tuple[Row, Row]] = field(default_factory=list)
    unchanged: int = 0


class Upsert:
    """Insert-or-update by external id for one model. Subclasses name the model and the
    columns, and override the hooks they need."""

    model: ClassVar[type[models.Model]]

    def __init__(self) -> None:
        self.now = timezone.now()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def existing(self, external_ids: list[str], fields: list[str]) -> dict[str, Row]:
        """The current `fields` (attnames) of the rows the file names, by external id."""
        found: dict[str, Row] = {}
        manager = self.model._default_manager
        size = min(LOOKUP_CHUNK, (connection.features.max_query_params or LOOKUP_CHUNK) - 1)
        for start in range(0, len(external_ids), size):
            chunk = external_ids[start : start + size]
            for row in manager.filter(external_id__in=chunk).values("pk", *fields):
                found[row["external_id"]] = row
        return found

    def check(self, rows: list[CleanRow], existing: dict[str, Row], errors: ErrorList) -> None:
        """Checks across rows or against the database, beyond single cells."""

    def creating(self, values: Row) -> Row:
        return values

    def changing(self, changes: Row) -> Row:
        return changes

    def to_db(self, values: Row) -> Row:
        """The row as the database stores it, e.g. references turned into keys."""
        return values

    def plan(self, rows: list[CleanRow], existing: dict[str, Row]) -> Plan:
        plan = Plan()
        for row in rows:
            current = existing.get(row.external_id)
            if current is None:
                plan.create.append(self.creating(row.values))
                continue
            changes = {k: v for k, v in row.values.items() if current[k] != v}
            if changes:
                plan.update.append((current, self.changing(changes)))
            else:
                plan.unchanged += 1
        return plan

    def write(self, plan: Plan) -> None:
        bulk.insert(self.model, [self.to_db(values) for values in plan.create])
        self.update(plan.update)

    def update(self, updates: list[tuple[Row, Row]]) -> None:
        """Write each changed row's changed fields (and updated_at), one prepared
        statement for each set of fields that change together."""
        stamp = any(f.name == "updated_at" for f in self.model._meta.concrete_fields)
        groups: dict[tuple[str, ...], list[Row]] = defaultdict(list)
        for current, changes in updates:
            row = self.to_db({**changes, "pk": current["pk"]})
            if stamp:  # bulk writes skip auto_now; only changed rows get a new one
                row["updated_at"] = self.now
            groups[tuple(sorted(row.keys() - {"pk"}))].append(row)
        for attnames, rows in groups.items():
            bulk.update(self.model, rows, attnames)


def _unit_ids() -> dict[str, int]:
    return dict(Unit.objects.values_list("external_id", "pk"))


def _employee_ids() -> dict[str, int]:
    """Employees by external id, and by lowercased email address."""
    ids: dict[str, int] = {}
    for pk, external_id, address in Employee.objects.values_list("pk", "external_id", "email"):
        if address:
            ids.setdefault(address.lower(), pk)
        if external_id:
            ids[external_id] = pk
    return ids


class UnitUpsert(Upsert):
    """Units: parents may come later in the file or exist already; no cycles."""

    model = Unit

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, int] = {}

    def columns(self) -> list[Column]:
        return unit_columns()

    def existing(self, external_ids: list[str], fields: list[str]) -> dict[str, Row]:
        # All of them, with every field: parents and cycles involve units the file does
        # not name.
        rows = Unit.objects.values_list("pk", "external_id", "name", "kind", "parent__external_id")
        return {
            external_id: {
                "pk": pk,
                "external_id": external_id,
                "name": name,
                "kind": kind,
                "parent": parent,
            }
            for pk, external_id, name, kind, parent in rows
        }

    def check(self, rows: list[CleanRow], existing: dict[str, Row], errors: ErrorList) -> None:
        parent_of = {external_id: row["parent"] for external_id, row in existing.items()}
        for row in rows:
            if "parent" in row.values:
                parent_of[row.external_id] = row.values["parent"]
            else:  # no parent column: keep the current parent
                parent_of.setdefault(row.external_id, None)
        for row in rows:
            parent = parent_of[row.external_id]
            if parent is None:
                continue
            if parent not in parent_of:
                errors.add(
                    row.row,
                    "parent",
                    parent,
                    "No unit with this external id, in the file or already imported.",
                )
            elif parent == row.external_id:
                errors.add(row.row, "parent", parent, "A unit cannot be its own parent.")
            elif cycle := _cycle(row.external_id, parent_of):
                errors.add(row.row, "parent", parent, f"Makes a cycle: {' → '.join(cycle)}.")

    def to_db(self, values: Row) -> Row:
        if "parent" not in values:
            return values
        values = dict(values)
        parent = values.pop("parent")
        return {**values, "parent_id": self.ids[parent] if parent else None}

    def write(self, plan: Plan) -> None:
        # Create without parents first, since a parent may itself be new, then link.
        bulk.insert(Unit, [self.to_db({**v, "parent": None}) for v in plan.create])
        self.ids = _unit_ids()
        links = [
            ({"pk": self.ids[v["external_id"]]}, {"parent": v["parent"]})
            for v in plan.create
            if v.get("parent")
        ]
        self.update(links + plan.update)
        services.unit_tree_renumber()


def _cycle(start: str, parent_of: Mapping[str, str | None]) -> list[str]:
    """The units from `start` up and back to `start`, if its ancestors loop back to it."""
    path = [start]
    parent = parent_of.get(start)
    while parent is not None and parent in parent_of:
        path.append(parent)
        if parent == start:
            return path
        if parent in path[:-1]:  # a loop above us, reported on its own rows
            return []
        parent = parent_of[parent]
    return []


class EmployeeUpsert(Upsert):
    """Employees log in with their email address; it must be theirs alone."""

    model = Employee

    def __init__(self) -> None:
        super().__init__()
        self.everyone: list[Row] = []

    def columns(self) -> list[Column]:
        return employee_columns(units=_unit_ids())

    def existing(self, external_ids: list[str], fields: list[str]) -> dict[str, Row]:
        # All of them: an email address must not clash with anyone's. The username is
        # compared too: it follows the email address.
        self.everyone = list(Employee.objects.values("pk", "username", *fields))
        return {row["external_id"]: row for row in self.everyone if row["external_id"]}

    def check(self, rows: list[CleanRow], existing: dict[str, Row], errors: ErrorList) -> None:
        holders: dict[str, Row] = {}
        for employee in self.everyone:
            for address in (employee["email"].lower(), employee["username"].lower()):
                if address:
                    holders.setdefault(address, employee)
        first_row: dict[str, int] = {}
        for row in rows:
            address = row.values["email"].lower()
            row.values["username"] = address
            holder = holders.get(address)
            mine = existing.get(row.external_id)
            if address in first_row:
                errors.add(
                    row.row,
                    "email",
                    row.values["email"],
                    f"Duplicate: row {first_row[address]} has the same email address.",
                )
            elif holder is not None and (mine is None or holder["pk"] != mine["pk"]):
                who = holder["external_id"] or holder["username"]
                errors.add(
                    row.row,
                    "email",
                    row.values["email"],
                    f"Another employee ({who}) already has this email address.",
                )
            first_row.setdefault(address, row.row)

    def creating(self, values: Row) -> Row:
        # New employees set their password through "forgot password".
        return {**values, **_admin_flags(values["role"]), "password": make_password(None)}

    def changing(self, changes: Row) -> Row:
        if "role" in changes:
            changes.update(_admin_flags(changes["role"]))
        return changes


def _admin_flags(role: str) -> Row:
    """Admins use the Django admin; the role is the only source of that right."""
    return {"is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN}


CONSENTS = ("survey_consent", "marketing_consent", "opted_out")


class CustomerUpsert(Upsert):
    """Customers; each consent's timestamp moves only when the consent changes."""

    model = Customer

    def columns(self) -> list[Column]:
        return customer_columns(units=_unit_ids(), employees=_employee_ids())

    def creating(self, values: Row) -> Row:
        for name in CONSENTS:
            if values.get(name, bulk.model_field(Customer, name).default):
                values[f"{name}_at"] = self.now
        return values

    def changing(self, changes: Row) -> Row:
        for name in CONSENTS:
            if name in changes:
                changes[f"{name}_at"] = self.now
        return changes

    def update(self, updates: list[tuple[Row, Row]]) -> None:
        super().update(updates)
        previous = {
            current["pk"]: current["segment"]
            for current, changes in updates
            if "segment" in changes
        }
        if previous:
            customer_segments_changed.send(sender=Customer, previous=previous)


UPSERTS: dict[str, type[Upsert]] = {
    ImportKind.UNITS: UnitUpsert,
    ImportKind.EMPLOYEES: EmployeeUpsert,
    ImportKind.CUSTOMERS: CustomerUpsert,
}
