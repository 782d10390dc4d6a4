"""How long does one day's draw take over N customers, on SQLite and on PostgreSQL?

    .venv/bin/python bench/scheduler.py [--customers 1000000] [--units 5000] [--json]

Each database runs in its own process (Django settings are per process): SQLite in a
temporary data directory, PostgreSQL in a throwaway database `earful_bench` at
postgres://postgres@127.0.0.1:5432 (created and dropped; skipped, with
"postgres_seconds": null, when the server cannot be reached). The customers, spread
over the units, are bulk-inserted with raw SQL; a tenth of them were invited recently,
by this program or another, so the contact rules have work to do. Only `draw_day` is
timed. With --json the last line printed is one JSON object:
{"customers", "sqlite_seconds", "postgres_seconds"}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "earful_bench"
SEGMENTS = ["Key accounts", "Industry", "Construction", "Public sector", "SME"]
LANGUAGES = ["fi", "sv", "en", "de", "es"]
CHUNK = 50_000

CUSTOMER_COLUMNS = (
    "external_id, name, email, phone, language, segment, lifecycle, unit_id, survey_consent,"
    " marketing_consent, opted_out, bounced_email, created_at, updated_at"
)
INVITATION_COLUMNS = (
    "program_id, customer_id, token, language, status, send_after, sent_at, expires_at,"
    " attempts, last_error, event_key, created_at"
)


def _insert(table: str, columns: str, rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, chunked executemany on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("%s" for _ in columns.split(","))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (our constants)
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def populate(customers: int, units: int) -> tuple[int, dt.date]:
    """Units, customers, two programs and their recent invitations; the program to draw."""
    from django.db import connection, transaction
    from django.utils import timezone

    from earful.directory.models import Customer, Unit
    from earful.surveys.models import Program

    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    rng = random.Random(1)
    with transaction.atomic():
        # A flat tree: the company and its offices, numbered as nested sets.
        Unit.objects.create(external_id="ROOT", name="Bench company", kind="company")
        root = Unit.objects.get(external_id="ROOT")
        Unit.objects.filter(pk=root.pk).update(lft=1, rght=2 * units + 2)
        Unit.objects.bulk_create(
            [
                Unit(
                    external_id=f"U{n:05d}",
                    name=f"Office {n}",
                    parent=root,
                    lft=2 * n + 2,
                    rght=2 * n + 3,
                    depth=1,
                )
                for n in range(units)
            ],
            batch_size=1000,
        )
        unit_ids = list(Unit.objects.exclude(pk=root.pk).values_list("pk", flat=True))
        # Office sizes vary tenfold, so stratification has something to balance.
        weights = [rng.uniform(1, 10) for _ in unit_ids]
        homes = rng.choices(unit_ids, weights, k=customers)

        def customer_rows() -> Iterator[tuple[Any, ...]]:
            for n in range(customers):
                email = "" if n % 50 == 0 else f"contact{n}@bench.example"
                yield (
                    f"C{n:07d}",
                    f"Customer {n}",
                    email,
                    "",
                    LANGUAGES[n % len(LANGUAGES)],
                    SEGMENTS[n % len(SEGMENTS)],
                    "churned" if n % 40 == 1 else "active",
                    homes[n],
                    n % 20 != 2,
                    False,
                    n % 30 == 3,
                    email if n % 100 == 7 else "",  # a hard bounce on record
                    stamp,
                    stamp,
                )

        _insert(Customer._meta.db_table, CUSTOMER_COLUMNS, customer_rows())

        program = Program.objects.create(name="Relationship", monthly_quota=20_000, daily_cap=2000)
        other = Program.objects.create(name="Other", monthly_quota=1000)
        first = Customer.objects.order_by("pk").values_list("pk", flat=True).first() or 0

        def invitation_rows() -> Iterator[tuple[Any, ...]]:
            for n in range(0, customers, 10):  # a tenth of the customers
                ago = dt.timedelta(days=rng.randint(1, 400))
                created = connection.ops.adapt_datetimefield_value(now - ago)
                expires = connection.ops.adapt_datetimefield_value(now - ago + dt.timedelta(30))
                yield (
                    (program if n % 20 else other).pk,
                    first + n,
                    f"bench-{n}",
                    "en",
                    "sent",
                    created,
                    created,
                    expires,
                    1,
                    "",
                    "",
                    created,
                )

        _insert("surveys_invitation", INVITATION_COLUMNS, invitation_rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return program.pk, timezone.localdate()


def worker(customers: int, units: int) -> None:
    """One database: set up, populate, time the draw, print one JSON line."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db import connection

    from earful.surveys.models import Program
    from earful.surveys.scheduler import draw_day

    started = time.perf_counter()
    program_id, day = populate(customers, units)
    print(f"  {connection.vendor}: populated in {time.perf_counter() - started:.1f} s")
    program = Program.objects.get(pk=program_id)
    started = time.perf_counter()
    draw = draw_day(program=program, day=day)
    seconds = time.perf_counter() - started
    print(
        f"  {connection.vendor}: draw_day {seconds:.2f} s, {draw.eligible} eligible,"
        f" quota {draw.quota}, {draw.picked} picked over {len(draw.allocation)} units"
    )
    print(json.dumps({"seconds": round(seconds, 3)}))


def run_worker(customers: int, units: int, env: dict[str, str]) -> float:
    command = [sys.executable, __file__, "--worker", f"--customers={customers}", f"--units={units}"]
    done = subprocess.run(  # noqa: S603 (this very script)
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    lines = done.stdout.rstrip().splitlines()
    if done.returncode != 0 or not lines:
        sys.stdout.write(done.stdout)
        raise SystemExit(f"the worker failed:\n{done.stderr[-3000:]}")
    for line in lines[:-1]:
        print(line)
    return float(json.loads(lines[-1])["seconds"])


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 (any failure means: skip PostgreSQL)
        return False


def recreate_postgres_database(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "earful.settings"
    if args.worker:
        worker(args.customers, args.units)
        return

    print(f"{args.customers} customers over {args.units} units")
    with tempfile.TemporaryDirectory(prefix="earful-bench-") as tmp:
        env = {"EARFUL_DATA_DIR": tmp}
        env.pop("DATABASE_URL", None)
        os.environ.pop("DATABASE_URL", None)
        sqlite_seconds = run_worker(args.customers, args.units, env)

        postgres_seconds = None
        if args.no_postgres:
            print("  postgresql: skipped (--no-postgres)")
        elif not postgres_reachable():
            print(f"  postgresql: skipped ({POSTGRES_SERVER} unreachable)")
        else:
            recreate_postgres_database()
            try:
                url = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
                postgres_seconds = run_worker(
                    args.customers, args.units, {"EARFUL_DATA_DIR": tmp, "DATABASE_URL": url}
                )
            finally:
                recreate_postgres_database(drop_only=True)

    if args.json:
        print(
            json.dumps(
                {
                    "customers": args.customers,
                    "sqlite_seconds": sqlite_seconds,
                    "postgres_seconds": postgres_seconds,
                }
            )
        )


if __name__ == "__main__":
    main()
