"""Streamed CSV and XLSX downloads of any list or table, in bounded memory.

Rows come from an iterable (a generator, or `queryset_rows` over a queryset), so a
million-row export never holds more than a chunk of them at a time:

- CSV is written as the client reads it, in chunks of about 64 KB.
- XLSX must be a complete zip before its first byte can be sent, so openpyxl's
  write-only workbook writes it to a temporary file that stays in memory only while
  small, and the file is then sent in chunks.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Excel reads UTF-8 CSV correctly only when it starts with a byte-order mark.
BOM = "\ufeff"

# Bytes of CSV gathered before a chunk is handed to the server.
CSV_CHUNK_BYTES = 64 * 1024

# An XLSX file larger than this moves from memory to disk while it is written.
XLSX_SPOOL_BYTES = 8 * 1024 * 1024
XLSX_BLOCK_BYTES = 64 * 1024

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's
# "CSV injection"): a customer's name could then fetch a URL or run a command.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ...but a signed number or a phone number ("+358 40 123", "-12.5") cannot call a
# function, and quoting it would change data that is re-imported.
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,()/-]*\Z")


def csv_cell(value: object) -> str:
    """One value as CSV text: blank for None, ISO dates, and formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_STARTS) and not _SIGNED_NUMBER.match(text):
        return "'" + text
    return text


def _content_disposition(filename: str) -> str:
    # The name is ours (never user input), but keep the header well-formed regardless.
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return f'attachment; filename="{safe}"'


class _Buffer:
    """A file-like object for csv.writer that keeps what is written until taken."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, value: str) -> int:
        self.parts.append(value)
        self.size += len(value)
        return len(value)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        self.size = 0
        return data


def csv_chunks(
    *, header: Sequence[str], rows: Iterable[Sequence[object]], bom: bool = True
) -> Iterator[bytes]:
    """The CSV document as UTF-8 byte chunks of about CSV_CHUNK_BYTES each."""
    buffer = _Buffer()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        if buffer.size >= CSV_CHUNK_BYTES:
            yield buffer.take()
    yield buffer.take()


def stream_csv(
    *,
    filename: str,
    header: list[str],
    rows: Iterable[Sequence[object]],
    bom: bool = True,
) -> StreamingHttpResponse:
    """A CSV download written while it is sent; `rows` is read once, lazily.

    `bom=False` leaves out the byte-order mark, for files read by programs rather
    than by Excel.
    """
    response = StreamingHttpResponse(
        csv_chunks(header=header, rows=rows, bom=bom), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def _xlsx_value(value: object) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Excel has no time zones: show the time as the users' local time.
        return timezone.make_naive(timezone.localtime(value))
    if value is None or isinstance(value, int | float | Decimal | dt.date | dt.time):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def write_xlsx(target: Any, *, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write an XLSX workbook of one sheet to a binary file object."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()

    def cells(values: Iterable[object]) -> list[Cell]:
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if cell.data_type == "f":
                # Text that starts with "=" is stored as text, never as a formula.
                cell.data_type = "s"
            row.append(cell)
        return row

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    workbook.save(target)


def stream_xlsx(
    *, filename: str, header: list[str], rows: Iterable[Sequence[object]]
) -> FileResponse:
    """An XLSX download: built in a temporary file first, then sent in chunks."""
    spool = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)
    try:
        write_xlsx(spool, header=header, rows=rows)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    # FileResponse closes the file when the response is closed.
    response = FileResponse(spool, content_type=XLSX_CONTENT_TYPE)
    response.block_size = XLSX_BLOCK_BYTES
    response["Content-Disposition"] = _content_disposition(filename)
    return response


def queryset_rows(
    queryset: QuerySet[Any], fields: Sequence[str], chunk_size: int = 2000
) -> Iterator[tuple[Any, ...]]:
    """The fields (lookups such as "unit__name" allowed) of each row, fetched in chunks."""
    yield from queryset.values_list(*fields).iterator(chunk_size=chunk_size)
