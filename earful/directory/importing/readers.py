"""Bytes to rows: a CSV or XLSX file becomes a header and a list of string cells.

Everything here is about the file, not its meaning: encoding, delimiter, format, size.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ACCEPTED_SUFFIXES = sorted(CSV_SUFFIXES | XLSX_SUFFIXES)
ZIP_MAGIC = b"PK\x03\x04"  # XLSX is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the legacy binary .xls format
DELIMITERS = (",", ";", "\t")
SAVE_AS_HINT = 'Save it from your spreadsheet as "CSV UTF-8" and try again.'
OLD_EXCEL = (
    'This is an old-style Excel (.xls) workbook. Save it as "Excel Workbook (.xlsx)" or '
    '"CSV UTF-8" and try again.'
)


class FileProblem(Exception):
    """The file as a whole cannot be read; `row` is set where we know where."""

    def __init__(self, reason: str, *, row: int | None = None, value: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.row = row
        self.value = value


@dataclass
class Table:
    """The header (row 1) and the data rows, each with its spreadsheet row number.
    Blank rows are left out but keep their numbers counted."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse files over IMPORT_MAX_BYTES, before anything reads them."""
    limit: int = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise FileProblem(
            f"The file is {_megabytes(size)}; the largest file that can be imported is "
            f"{_megabytes(limit)}. Split it into smaller files."
        )


def check_name(filename: str) -> str:
    """The file's lowercased suffix, if it is one we read."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls":
        raise FileProblem(OLD_EXCEL)
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise FileProblem(
            f"Only CSV and Excel files can be imported ({', '.join(ACCEPTED_SUFFIXES)}); "
            f"this file is {suffix or 'without a file name extension'}."
        )
    return suffix


def read_table(data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file, chosen by its name and confirmed by its first bytes."""
    check_size(len(data))
    suffix = check_name(filename)
    if data.startswith(OLE_MAGIC):
        raise FileProblem(OLD_EXCEL)
    if not data.strip():
        raise FileProblem("The file is empty.")
    if data.startswith(ZIP_MAGIC):  # also a workbook that was named .csv by mistake
        table = _read_xlsx(data)
    elif suffix in XLSX_SUFFIXES:
        raise FileProblem(
            "The file is not a valid Excel workbook: it may be damaged, or another kind of "
            "file renamed to .xlsx. Open it in your spreadsheet and save it again."
        )
    else:
        table = _read_csv(data)
    check_table(table)
    return table


def check_table(table: Table) -> None:
    if not any(cell.strip() for cell in table.header):
        if table.rows:
            raise FileProblem("Row 1 is blank; it must hold the column names.", row=1)
        raise FileProblem("The file is empty.")
    if not table.rows:
        raise FileProblem("The file has a header row but no data rows.")
    _check_rows(len(table.rows))


def _check_rows(count: int) -> None:
    limit: int = settings.IMPORT_MAX_ROWS
    if count > limit:
        raise FileProblem(
            f"The file has more than {limit} rows, the most that can be imported at once. "
            "Split it into smaller files."
        )


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table(reader)
    except csv.Error as e:
        raise FileProblem(
            f"The file could not be read as CSV near line {reader.line_num}: {e}. " + SAVE_AS_HINT,
            row=reader.line_num,
        ) from None


def _decode(data: bytes) -> str:
    # Excel's "Unicode Text" export is UTF-16 with a byte order mark: unambiguous, so take it.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: report it as below
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise FileProblem(
            f"The file is not UTF-8 text: the byte 0x{data[e.start]:02X} on line {line} "
            f"(byte {e.start + 1} of the file) is not valid UTF-8. {SAVE_AS_HINT}",
            row=line,
        ) from None


def _read_xlsx(data: bytes) -> Table:
    # openpyxl is imported here: it is slow to import and only XLSX uploads need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl's own errors all mean "damaged"
        raise FileProblem(
            "The file is not a valid Excel workbook: it may be damaged. Open it in your "
            "spreadsheet and save it again, or save it as CSV UTF-8."
        ) from None
    try:
        if not workbook.worksheets:
            raise FileProblem("The workbook has no sheets.")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return _table([_cell_text(v) for v in values] for values in rows)
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(
            "The workbook's first sheet could not be read: it may be damaged. Open it in "
            "your spreadsheet and save it again."
        ) from None
    finally:
        workbook.close()


def _table(rows: Iterable[list[str]]) -> Table:
    """Number the rows as a spreadsheet does and drop the blank ones."""
    table: Table | None = None
    for number, cells in enumerate(rows, start=1):
        while cells and not cells[-1]:
            cells.pop()
        if table is None:
            table = Table(header=cells)
        elif any(c.strip() for c in cells):
            table.rows.append((number, cells))
            if number % 10_000 == 0:  # stop early rather than fill memory
                _check_rows(len(table.rows))
    if table is None:
        raise FileProblem("The file is empty.")
    return table


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
