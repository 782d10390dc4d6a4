"""Building import files in tests, and checking that a failed import wrote nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from earful.directory.models import Customer, Employee, Unit
from earful.platform.models import AuditEntry


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """The first row is the header."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def snapshot() -> tuple[list[Any], ...]:
    """Every directory row and audit entry, to compare before and after an import."""
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Employee.objects.order_by("pk").values()),
        list(Customer.objects.order_by("pk").values()),
        list(AuditEntry.objects.order_by("pk").values_list("pk", flat=True)),
    )


def reasons(report: Any) -> list[tuple[int | None, str, str]]:
    """(row, column, reason) of each error, for compact asserts."""
    return [(e.row, e.column, e.reason) for e in report.errors]
