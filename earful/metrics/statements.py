"""Running a few SQL statements in one round trip to the database where it allows it.

The rollup upkeep of one answer is a handful of small statements (a lock, a count,
three upserts), each a millisecond or less of work: on PostgreSQL most of each one's
cost is the round trip. Django's PostgreSQL backend binds parameters on the client side,
so one `execute` can carry several statements separated by semicolons; each still runs
on its own, with its own snapshot, in order (a lock taken by the first is held while the
next one counts). SQLite runs in the process, with no round trip to save: one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

Statement = tuple[str, list[Any]]


def _batched() -> bool:
    options = connection.settings_dict.get("OPTIONS", {})
    return connection.vendor == "postgresql" and not options.get("server_side_binding")


def run_statements(statements: Sequence[Statement]) -> list[list[tuple[Any, ...]]]:
    """Run `statements` in order; each one's rows ([] for one that returns none)."""
    if not statements:
        return []
    results: list[list[tuple[Any, ...]]] = []
    with connection.cursor() as cursor:
        if not _batched():
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(list(cursor.fetchall()) if cursor.description else [])
            return results
        cursor.execute(
            "; ".join(sql for sql, _params in statements),
            [value for _sql, params in statements for value in params],
        )
        raw = cursor.cursor  # psycopg's own cursor: one result per statement
        while True:
            results.append(list(raw.fetchall()) if raw.description else [])
            if not raw.nextset():
                break
    if len(results) != len(statements):
        raise RuntimeError(f"{len(statements)} statements gave {len(results)} results")
    return results
