"""What an import found and did: counts, and every problem with its row and column."""

from __future__ import annotations

from dataclasses import dataclass, field

# A file of 100,000 bad rows would otherwise make a report nobody reads and a job row
# of many megabytes. The rest are counted, not kept.
MAX_ERRORS = 1000
MAX_VALUE_CHARS = 100


@dataclass
class RowError:
    """One problem. `row` is the row a spreadsheet shows (the header is row 1); None for
    problems with the file as a whole."""

    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportReport:
    """The outcome of one import. A dry run's counts say what a real run would do."""

    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[RowError]
    dry_run: bool
    # Errors found beyond the first MAX_ERRORS, counted but not listed.
    more_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_errors

    def summary(self) -> str:
        """One line, e.g. "12000 rows: 3 created, 10 updated, 11987 unchanged"."""
        if not self.ok:
            what = "Dry run" if self.dry_run else "Nothing was imported"
            return f"{what}: {plural(self.rows, 'row')}, {plural(self.error_count, 'error')}."
        line = (
            f"{plural(self.rows, 'row')}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        return f"Dry run, nothing written. {line}" if self.dry_run else line


@dataclass
class ErrorList:
    """Collects errors up to MAX_ERRORS and counts the rest."""

    errors: list[RowError] = field(default_factory=list)
    more: int = 0

    def add(self, row: int | None, column: str, value: object, reason: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.more += 1
            return
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            text = text[: MAX_VALUE_CHARS - 1] + "…"
        self.errors.append(RowError(row=row, column=column, value=text, reason=reason))

    @property
    def count(self) -> int:
        return len(self.errors) + self.more

    def __bool__(self) -> bool:
        return bool(self.errors)


def format_report(report: ImportReport) -> str:
    """The report as plain text: the summary, then a table of errors if there are any."""
    lines = [report.summary()]
    if report.errors:
        rows = [("Row", "Column", "Value", "Reason")] + [
            ("" if e.row is None else str(e.row), e.column, e.value, e.reason)
            for e in report.errors
        ]
        widths = [min(max(len(r[i]) for r in rows), 40) for i in range(3)]
        for r in rows:
            cells = [r[i].ljust(widths[i]) for i in range(3)]
            lines.append("  ".join([*cells, r[3]]).rstrip())
        if report.more_errors:
            lines.append(f"… and {plural(report.more_errors, 'more error')} not shown.")
    return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    """For the command line's English: "1 row", "2 rows"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
