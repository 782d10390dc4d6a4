"""The importer's entry points: validate every row, then write all of it or nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction

from earful.directory.importing.readers import FileProblem, Table, check_table, read_table
from earful.directory.importing.report import ErrorList, ImportReport
from earful.directory.importing.schemas import clean_rows
from earful.directory.importing.upsert import UPSERTS, Plan, Upsert
from earful.directory.models import Employee
from earful.platform.audit import log_action


def import_file(
    kind: str, *, data: bytes, filename: str, actor: Employee | None, dry_run: bool = False
) -> ImportReport:
    """Import a CSV or XLSX file of units, employees or customers (see `schemas`)."""
    try:
        table = read_table(data, filename)
    except FileProblem as problem:
        return _file_problem(kind, problem, dry_run=dry_run)
    return _import(kind, table, actor=actor, dry_run=dry_run)


def import_records(
    kind: str,
    records: Iterable[Mapping[str, str]],
    *,
    actor: Employee | None,
    dry_run: bool = False,
) -> ImportReport:
    """Import rows given as mappings of column name to cell text, as if read from a file
    whose header holds every key (so the first record is row 2)."""
    records = list(records)
    header = list(dict.fromkeys(key for record in records for key in record))
    rows = [
        (number, [record.get(key, "") for key in header])
        for number, record in enumerate(records, start=2)
    ]
    table = Table(header=header, rows=rows)
    try:
        check_table(table)
    except FileProblem as problem:
        return _file_problem(kind, problem, dry_run=dry_run)
    return _import(kind, table, actor=actor, dry_run=dry_run)


def _file_problem(kind: str, problem: FileProblem, *, dry_run: bool) -> ImportReport:
    errors = ErrorList()
    errors.add(problem.row, "", problem.value, problem.reason)
    return _report(kind, 0, Plan(), errors, dry_run=dry_run)


def _import(kind: str, table: Table, *, actor: Employee | None, dry_run: bool) -> ImportReport:
    try:
        upsert = UPSERTS[kind]()
    except KeyError:
        raise ValueError(f"Unknown import kind {kind!r}; expected one of {list(UPSERTS)}") from None
    errors = ErrorList()
    # A real run reads and writes in one transaction, so what was checked is what is
    # written. A dry run writes nothing and takes no write lock.
    try:
        with contextlib.nullcontext() if dry_run else transaction.atomic():
            plan = _validate(upsert, table, errors)
            if not dry_run and not errors:
                upsert.write(plan)
                report = _report(kind, len(table.rows), plan, errors, dry_run=False)
                log_action(
                    "directory.imported",
                    actor=actor,
                    data={
                        "kind": kind,
                        "rows": report.rows,
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    },
                )
                return report
    except IntegrityError as e:  # a concurrent change since the rows were checked
        errors.add(None, "", "", f"The database refused the import, so nothing was written: {e}")
        plan = Plan()
    if not dry_run:
        plan = Plan()  # nothing was written
    return _report(kind, len(table.rows), plan, errors, dry_run=dry_run)


def _validate(upsert: Upsert, table: Table, errors: ErrorList) -> Plan:
    """Every check, for the dry run and the real run alike; the plan of what to write."""
    columns = upsert.columns()
    rows = clean_rows(table, columns, errors)
    existing = upsert.existing([row.external_id for row in rows], [c.target for c in columns])
    upsert.check(rows, existing, errors)
    return upsert.plan(rows, existing)


def _report(kind: str, rows: int, plan: Plan, errors: ErrorList, *, dry_run: bool) -> ImportReport:
    return ImportReport(
        kind=kind,
        rows=rows,
        created=len(plan.create),
        updated=len(plan.update),
        unchanged=plan.unchanged,
        errors=errors.errors,
        dry_run=dry_run,
        more_errors=errors.more,
    )
