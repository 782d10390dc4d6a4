"""Keeping the rollup cells exact: recount the cells an answer belongs to from the answers.

Three kinds of cell, all counted the same way (see `earful.metrics.models`):
`MonthlyCell` (unit, program, segment, month), `UnitMonthCell` (unit, month, with the
score distribution) and `DailyCell` (unit, day). A recount is a grouped aggregate over
the answers of the touched units and months (found by the `unit, submitted_at` index),
then one upsert per kind of cell, so an edit, a deletion or a replayed task can never make
a count drift, and rebuilding everything gives the same numbers by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import reduce
from itertools import islice
from operator import or_
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, DateField, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from earful.metrics.local_time import (
    LocalDateSQLite,
    site_zone,
    sqlite_local_date,
    year_spans,
    zone_spans,
)
from earful.metrics.models import (
    CaseMonthCell,
    DailyCell,
    InvitationMonthCell,
    MonthlyCell,
    UnitMonthCell,
)
from earful.metrics.nps import PASSIVE_MIN, PROMOTER_MIN
from earful.metrics.statements import Statement, run_statements
from earful.surveys.models import Response

SCORES = range(11)
SCORE_FIELDS = [f"score_{score}" for score in SCORES]
GROUP_FIELDS = ["promoters", "passives", "detractors"]

# Terms in one OR filter: SQLite parses a long OR chain as a deep expression tree, and
# refuses one deeper than 1000.
KEYS_PER_QUERY = 200


@dataclass(frozen=True)
class CellKey:
    """The cells one answer is counted in: its unit, program and segment in its month,
    and its unit on its day (`day` is None for a key that names a month only)."""

    unit_id: int
    program_id: int
    segment: str
    month: dt.date
    day: dt.date | None = None


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month `moment` falls in, in the site's time zone."""
    return timezone.localtime(moment).date().replace(day=1)


def day_bounds(first: dt.date, following: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments from the start of `first` up to the start of `following`."""
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(following, dt.time.min)),
    )


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return day_bounds(month, next_month(month))


def cell_key(response: Response) -> CellKey:
    segment = response.customer.segment if response.customer_id and response.customer else ""
    local = timezone.localtime(response.submitted_at).date()
    return CellKey(response.unit_id, response.program_id, segment, local.replace(day=1), day=local)


GROUPS = {
    "promoters": Count("pk", filter=Q(score__gte=PROMOTER_MIN)),
    "passives": Count("pk", filter=Q(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)),
    "detractors": Count("pk", filter=Q(score__lt=PASSIVE_MIN)),
}
SCORE_COUNTS = {f"score_{score}": Count("pk", filter=Q(score=score)) for score in SCORES}


def _group_of(score: int) -> str:
    if score >= PROMOTER_MIN:
        return "promoters"
    return "passives" if score >= PASSIVE_MIN else "detractors"


def chunks[T](items: Iterable[T], size: int = KEYS_PER_QUERY) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _any_of(filters: Iterable[Q]) -> Q:
    return reduce(or_, filters, Q(pk__in=[]))


def _segment_of_answer() -> Coalesce:
    return Coalesce("customer__segment", Value(""))


def _local_date(first: dt.date, last: dt.date, *, month: bool = False) -> Any:
    """The expression for an answer's local day (or month) between the dates `first` and
    `last`: SQLite's own date arithmetic there (see `local_time`), Django's elsewhere."""
    if connection.vendor != "sqlite":
        if month:
            return TruncMonth("submitted_at", output_field=DateField())
        return TruncDate("submitted_at")
    spans = year_spans(first.year - 1, last.year + 1, site_zone())
    return LocalDateSQLite("submitted_at", spans=spans, month=month)


# The incremental recount runs for every batch of answers, often of one: it is written
# in SQL (the same on SQLite and PostgreSQL) because building the equivalent ORM queries
# costs more than running them.


def local_date_sql(column: str, days: Iterable[dt.date], *, month: bool) -> tuple[str, list[Any]]:
    """SQL for the local day (or month) of the timestamp `column`, for answers on `days`."""
    if connection.vendor == "postgresql":
        zone = str(site_zone())
        if month:
            return f"(date_trunc('month', {column} AT TIME ZONE %s))::date", [zone]
        return f"({column} AT TIME ZONE %s)::date", [zone]
    years = [day.year for day in days]
    spans = year_spans(min(years) - 1, max(years) + 1, site_zone())
    return sqlite_local_date(column, [], spans, month=month)


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def rows_in(
    pairs: list[tuple[int, dt.date]],
    bounds: Callable[[dt.date], tuple[dt.datetime, dt.datetime]],
    *,
    stamp: str = "r.submitted_at",
) -> tuple[str, list[Any]]:
    """A WHERE clause for the rows of each (unit, period) in `pairs`: those of the unit
    whose timestamp `stamp` falls in the period (the table's alias is `stamp`'s)."""
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for unit_id, period in pairs:
        start, end = bounds(period)
        params += [unit_id, adapt(start), adapt(end)]
    alias = stamp.split(".")[0]
    term = f"({alias}.unit_id = %s AND {stamp} >= %s AND {stamp} < %s)"
    return " OR ".join([term] * len(pairs)), params


def _tables() -> tuple[str, str]:
    quote = connection.ops.quote_name
    customer = Response._meta.get_field("customer").related_model
    assert customer is not None and not isinstance(customer, str)
    return quote(Response._meta.db_table), quote(customer._meta.db_table)


Counted = dict[Any, dict[str, int]]


def _month_counts(pairs: set[tuple[int, dt.date]]) -> list[Statement]:
    """The queries that count every (unit, month) in `pairs`: one grouped query per chunk,
    by program, segment, local day and score (a unit's month holds a few dozen answers,
    even at 10 M), summed by `_sum_counts`."""
    answers, customers = _tables()
    statements: list[Statement] = []
    for chunk in chunks(sorted(pairs)):
        day_sql, day_params = local_date_sql("r.submitted_at", (m for _u, m in chunk), month=False)
        where, where_params = rows_in(chunk, month_bounds)
        statements.append(
            (
                f"SELECT r.unit_id, r.program_id, COALESCE(c.segment, ''), {day_sql}, r.score,"  # noqa: S608 (our names)
                f" COUNT(*) FROM {answers} r LEFT JOIN {customers} c ON c.id = r.customer_id"
                f" WHERE {where} GROUP BY 1, 2, 3, 4, 5",
                [*day_params, *where_params],
            )
        )
    return statements


def _sum_counts(rows: Iterable[tuple[Any, ...]]) -> tuple[Counted, Counted, Counted]:
    """The monthly, unit-month and daily cells of `_month_counts`' rows."""
    monthly: Counted = {}
    unit_month: Counted = {}
    daily: Counted = {}
    for unit_id, program_id, seg, raw_day, score, n in rows:
        day = as_date(raw_day)
        month = day.replace(day=1)
        group = _group_of(score)
        cell = monthly.setdefault((unit_id, program_id, seg, month), dict.fromkeys(GROUP_FIELDS, 0))
        cell[group] += n
        totals = unit_month.setdefault(
            (unit_id, month), dict.fromkeys(GROUP_FIELDS + SCORE_FIELDS, 0)
        )
        totals[group] += n
        totals[f"score_{score}"] += n
        daily.setdefault((unit_id, day), dict.fromkeys(GROUP_FIELDS, 0))[group] += n
    return monthly, unit_month, daily


# The kinds of cell a recount locks (`lock_statements`).
ANSWER_CELLS, INVITATION_CELLS, CASE_CELLS = 1, 2, 3


def lock_keys(kind: int, pairs: Iterable[tuple[int, dt.date]]) -> set[int]:
    """The advisory-lock key of each (unit, month) of cells of `kind`."""
    return {kind << 56 | unit << 16 | month.year * 12 + month.month for unit, month in pairs}


def lock_statements(keys: Iterable[int]) -> list[Statement]:
    """The statement that holds, until the transaction ends, a lock on each cell key
    (`lock_keys`) about to be recounted, so that two recounts of one cell run one
    after the other: the second counts (a new statement, a new snapshot) only once the
    first has committed, and sees its rows. Without it, a recount that counted before
    another transaction's rows were committed could write its count after that
    transaction's, and lose them.

    PostgreSQL: transaction-level advisory locks, taken in one statement in key order
    (so two recounts cannot deadlock). SQLite needs none: its transactions begin
    IMMEDIATE (see settings), one writer at a time."""
    ordered = sorted(set(keys))
    if connection.vendor != "postgresql" or not ordered:
        return []
    sql = "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k ORDER BY k"
    return [(sql, [ordered])]


Rows = list[list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Recount:
    """One kind of cell's recount: the cells' lock keys, the queries that count them,
    and what turns those queries' rows into the statements that write the cells."""

    keys: set[int]
    counts: list[Statement]
    writes: Callable[[Rows], list[Statement]]


@transaction.atomic(savepoint=False)  # the locks last until the caller's commit
def recounts_run(recounts: Iterable[Recount]) -> None:
    """Run recounts in two round trips, whatever their number: every lock (one statement,
    key order) and every count; then every write."""
    recounts = [r for r in recounts if r.counts]
    if not recounts:
        return
    locks = lock_statements(set().union(*(r.keys for r in recounts)))
    counted = run_statements([*locks, *(s for r in recounts for s in r.counts)])[len(locks) :]
    writes: list[Statement] = []
    for recount in recounts:
        mine, counted = counted[: len(recount.counts)], counted[len(recount.counts) :]
        writes += recount.writes(mine)
    run_statements(writes)


def _db_value(value: Any) -> Any:
    return connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


def cell_writes(
    model: type[models.Model],
    key_fields: list[str],
    counts: dict[Any, dict[str, int]],
    emptied: set[Any],
) -> list[Statement]:
    """The statements that upsert the counted cells (INSERT … ON CONFLICT DO UPDATE, one
    per chunk) and delete those in `emptied` left with nothing."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    keys = [quote(_column(model, name)) for name in key_fields]
    statements: list[Statement] = []
    if counts:
        value_fields = list(next(iter(counts.values())).keys())
        values = [quote(_column(model, name)) for name in value_fields]
        row = "(" + ", ".join(["%s"] * (len(keys) + len(values))) + ")"
        updates = ", ".join(f"{column} = excluded.{column}" for column in values)
        for chunk in chunks(counts.items(), 500):
            statements.append(
                (
                    f"INSERT INTO {table} ({', '.join(keys + values)})"  # noqa: S608 (our names)
                    f" VALUES {', '.join([row] * len(chunk))}"
                    f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
                    [
                        _db_value(value)
                        for key, cell in chunk
                        for value in (*key, *(cell[name] for name in value_fields))
                    ],
                )
            )
    match = "(" + " AND ".join(f"{column} = %s" for column in keys) + ")"
    for chunk in chunks(sorted(emptied - counts.keys())):
        statements.append(
            (
                f"DELETE FROM {table} WHERE {' OR '.join([match] * len(chunk))}",  # noqa: S608
                [_db_value(value) for key in chunk for value in key],
            )
        )
    return statements


def keys_counting(keys: Iterable[CellKey]) -> Recount:
    """The recount of every cell the keys name: their units' months (all programs and
    segments of each), and their days."""
    keys = set(keys)
    months = {(k.unit_id, k.month) for k in keys}
    days = {(k.unit_id, k.day) for k in keys if k.day is not None}

    def writes(counted: Rows) -> list[Statement]:
        monthly, unit_month, daily = _sum_counts(row for rows in counted for row in rows)
        return [
            *cell_writes(
                MonthlyCell,
                ["unit_id", "program_id", "segment", "month"],
                monthly,
                {(k.unit_id, k.program_id, k.segment, k.month) for k in keys},
            ),
            *cell_writes(UnitMonthCell, ["unit_id", "month"], unit_month, months),
            *cell_writes(
                DailyCell, ["unit_id", "day"], {d: daily[d] for d in days if d in daily}, days
            ),
        ]

    return Recount(lock_keys(ANSWER_CELLS, months), _month_counts(months), writes)


def keys_recount(keys: Iterable[CellKey]) -> None:
    """Recount every cell the keys name (see `keys_counting`), all or nothing."""
    recounts_run([keys_counting(keys)])


def cell_recount(key: CellKey) -> None:
    """Recount the cells of one key (a few queries); a cell with no answers left is
    deleted."""
    keys_recount([key])


def cells_counting(responses: Iterable[Response]) -> Recount:
    """The recount of every cell the given answers fall into, each distinct cell once,
    in a handful of queries for the whole batch. The answers need `customer` loaded (or
    select_related) for their segment; deleted answers work too (their cells are
    recounted without them)."""
    return keys_counting(cell_key(response) for response in responses)


def cells_recount(responses: Iterable[Response]) -> None:
    recounts_run([cells_counting(responses)])


def segments_changed_recount(previous: Mapping[int, str], *, chunk: int = 1000) -> None:
    """After customers' segments changed (`previous`: customer pk → segment before),
    recount their answers' cells under both segments, so the old segment's cells lose
    them and the new one's gain them."""
    ids = sorted(previous)
    for start in range(0, len(ids), chunk):
        answers = Response.objects.filter(customer_id__in=ids[start : start + chunk])
        keys: set[CellKey] = set()
        for response in answers.select_related("customer").iterator(chunk_size=2000):
            key = cell_key(response)
            assert response.customer_id is not None
            keys |= {key, replace(key, segment=previous[response.customer_id], day=None)}
        keys_recount(keys)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


def rebuild_cells(
    model: type[models.Model], grouped: QuerySet[Any], fields: list[str], order: list[str]
) -> None:
    """Replace every cell of `model` with the rows of `grouped` (which selects `fields`,
    by those names), in one INSERT … SELECT: the database does the whole recount, and no
    row travels through Python.

    The cells are written in `order` (the period first), so a period's
    cells lie together on disk (as the incremental path, which adds this month's and
    today's, keeps them): a company's year is then read from a few hundred pages instead
    of sixty thousand scattered rows, three times faster on SQLite."""
    model._default_manager.all().delete()
    sql, params = grouped.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    names = ", ".join(quote(name) for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns})"  # noqa: S608 (names are ours)
            f" SELECT {names} FROM ({sql}) grouped"
            f" ORDER BY {', '.join(quote(name) for name in order)}",
            params,
        )


def rollups_rebuild() -> int:
    """Recount every cell from scratch in one grouped query per kind of cell: what the
    incremental path would have produced. Returns the number of monthly cells."""
    answers = Response.objects.order_by()
    month: Any = TruncMonth("submitted_at", output_field=DateField())
    day: Any = TruncDate("submitted_at")
    if connection.vendor == "sqlite":  # see earful.metrics.local_time
        span = answers.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
        if span["first"] is not None:
            spans = zone_spans(span["first"], span["last"], site_zone())
            month = LocalDateSQLite("submitted_at", spans=spans, month=True)
            day = LocalDateSQLite("submitted_at", spans=spans)
    monthly = (
        answers.annotate(month=month, segment=_segment_of_answer())
        .values("unit_id", "program_id", "segment", "month")
        .annotate(**GROUPS)
    )
    unit_month = (
        answers.annotate(month=month).values("unit_id", "month").annotate(**GROUPS, **SCORE_COUNTS)
    )
    daily = answers.annotate(day=day).values("unit_id", "day").annotate(**GROUPS)
    with transaction.atomic():
        rebuild_cells(
            MonthlyCell,
            monthly,
            ["unit_id", "program_id", "segment", "month", *GROUP_FIELDS],
            ["month", "unit_id", "program_id", "segment"],
        )
        rebuild_cells(
            UnitMonthCell,
            unit_month,
            ["unit_id", "month", *GROUP_FIELDS, *SCORE_FIELDS],
            ["month", "unit_id"],
        )
        rebuild_cells(DailyCell, daily, ["unit_id", "day", *GROUP_FIELDS], ["day", "unit_id"])
        # Imported here: the rate cells' module builds on this one.
        from earful.metrics.rate_rollups import rate_cells_rebuild

        rate_cells_rebuild()
    return MonthlyCell.objects.count()


def rollups_totals() -> dict[str, int]:
    """How many cells of each kind there are (for the rebuild command's report)."""
    return {
        "monthly": MonthlyCell.objects.count(),
        "unit_month": UnitMonthCell.objects.count(),
        "daily": DailyCell.objects.count(),
        "invitation_month": InvitationMonthCell.objects.count(),
        "case_month": CaseMonthCell.objects.count(),
    }
