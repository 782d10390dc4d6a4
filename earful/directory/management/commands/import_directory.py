"""`earful import units|employees|customers FILE [--dry-run]`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from earful.directory.choices import ImportKind
from earful.directory.importing import (
    FileProblem,
    check_size,
    format_report,
    import_file,
)
from earful.directory.importing.report import plural


class Command(BaseCommand):
    help = (
        "Import units, employees or customers from a CSV or XLSX file, matching rows by "
        "external_id. Checks every row first; writes all of them or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            check_size(path.stat().st_size)  # before reading a byte of it
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror}.") from None
        except FileProblem as problem:
            raise CommandError(problem.reason) from None
        report = import_file(
            options["kind"],
            data=path.read_bytes(),
            filename=path.name,
            actor=None,
            dry_run=options["dry_run"],
        )
        self.stdout.write(format_report(report))
        if not report.ok:
            errors = plural(report.error_count, "error")
            raise CommandError(f"{errors} in {path.name}; nothing was imported.")
