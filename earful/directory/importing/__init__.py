"""The directory importer: units, employees and customers from CSV or XLSX files.

    report = import_file("customers", data=raw, filename="customers.csv", actor=user)

Every row is checked before anything is written; a real run writes all rows in one
transaction or none, and matches rows to existing ones by `external_id`, so importing
the same file twice changes nothing the second time.
"""

from __future__ import annotations

from earful.directory.importing.readers import (
    ACCEPTED_SUFFIXES,
    FileProblem,
    check_name,
    check_size,
)
from earful.directory.importing.report import ImportReport, RowError, format_report
from earful.directory.importing.services import import_file, import_records

__all__ = [
    "ACCEPTED_SUFFIXES",
    "FileProblem",
    "ImportReport",
    "RowError",
    "check_name",
    "check_size",
    "format_report",
    "import_file",
    "import_records",
]
