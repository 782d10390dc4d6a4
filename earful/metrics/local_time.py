"""Local dates of UTC timestamps in SQLite without a Python call per row.

Django's SQLite backend turns a timestamp into a date in the site's time zone with a
Python function called once per row: fine for a cell's few answers, but a rebuild of
10 million answers would spend most of its time there. Over a known range of time a
zone is a handful of spans with one UTC offset each (summer time and back), so the local
date is SQLite's own `strftime(format, ts, '+10800 seconds')` with the offset chosen by a
CASE over those spans: exact, and all in C.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, Func
from django.db.models.expressions import Expression
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

# Time zones change their offset on the quarter hour at the finest.
STEP = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Span:
    """From the previous span's end (or the beginning of time) until `until` (UTC, naive,
    as SQLite stores it), local time is UTC shifted by `shift` seconds."""

    until: dt.datetime | None  # None: for ever after
    shift: int


def zone_spans(first: dt.datetime, last: dt.datetime, zone: dt.tzinfo) -> list[Span]:
    """The spans of one offset that cover [first, last] in `zone`."""
    start = first.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0) - STEP
    end = last.astimezone(dt.UTC) + STEP
    spans: list[Span] = []
    moment = start
    offset = moment.astimezone(zone).utcoffset()
    while moment <= end:
        moment += STEP
        now = moment.astimezone(zone).utcoffset()
        if now != offset:
            assert offset is not None
            spans.append(Span(moment.replace(tzinfo=None), int(offset.total_seconds())))
            offset = now
    assert offset is not None
    spans.append(Span(None, int(offset.total_seconds())))
    return spans


@functools.lru_cache(maxsize=16)
def year_spans(first_year: int, last_year: int, zone: dt.tzinfo) -> list[Span]:
    """The spans of whole years (cached: the incremental recount asks for them with every
    batch, and finding them takes a few tens of milliseconds)."""
    return zone_spans(
        dt.datetime(first_year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=1),
        dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=1),
        zone,
    )


class LocalDateSQLite(Func):
    """`strftime(format, timestamp, shift)` with the shift of the span the timestamp is
    in: its local date ("%Y-%m-%d") or the first of its month ("%Y-%m-01")."""

    output_field = DateField()

    def __init__(self, expression: Any, *, spans: list[Span], month: bool = False) -> None:
        super().__init__(expression)
        self.spans = spans
        self.format = "%Y-%m-01" if month else "%Y-%m-%d"

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        source: Expression = self.source_expressions[0]
        column, column_params = compiler.compile(source)
        sql, params = sqlite_local_date(
            column, list(column_params), self.spans, month=self.format == "%Y-%m-01"
        )
        return sql, tuple(params)


def sqlite_local_date(
    column: str, column_params: list[Any], spans: list[Span], *, month: bool
) -> tuple[str, list[Any]]:
    """SQL (and its parameters) for the local date, or first of the month, of the SQLite
    timestamp `column`: `strftime` shifted by the offset of the span it falls in."""
    whens: list[str] = []
    params: list[Any] = ["%Y-%m-01" if month else "%Y-%m-%d", *column_params]
    for span in spans[:-1]:
        assert span.until is not None
        whens.append(f"WHEN {column} < %s THEN %s")
        params += [*column_params, str(span.until), f"{span.shift:+d} seconds"]
    params.append(f"{spans[-1].shift:+d} seconds")
    case = f"CASE {' '.join(whens)} ELSE %s END" if whens else "%s"
    return f"strftime(%s, {column}, {case})", params


def site_zone() -> dt.tzinfo:
    """The zone dates are counted in (the cells' days and months)."""
    return timezone.get_current_timezone()
