"""How long does importing N customers take? A real run, then the idempotent re-run.

    .venv/bin/python bench/import_customers.py [--rows 100000] [--no-reimport] [--json]

Uses a fresh SQLite database in a temporary directory unless DATABASE_URL is set (then
that database, which should be a throwaway one). With --json the last line printed is
one JSON object: {"rows", "seconds", "rows_per_second", "reimport_seconds"}.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

UNITS = 20
OWNERS = 50
SEGMENTS = ["Key accounts", "Industry", "Construction", "Public sector", "SME"]
LANGUAGES = ["fi", "sv", "en", "de", "es"]
LIFECYCLES = ["active", "active", "active", "at_risk", "onboarding", "prospect"]


def customer_csv(rows: int, seed: int = 1) -> bytes:
    """`rows` customers in the importer's columns, spread over the units and owners."""
    from earful.directory.importing.schemas import customer_columns

    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, [c.name for c in customer_columns(units={}, employees={})])
    writer.writeheader()
    for n in range(1, rows + 1):
        churned = rng.random() < 0.05
        writer.writerow(
            {
                "external_id": f"C{n:07d}",
                "name": f"Customer {n} Oy",
                "email": f"contact{n}@customer{n % 997}.example",
                "phone": f"+358 40 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "language": rng.choice(LANGUAGES),
                "segment": rng.choice(SEGMENTS),
                "annual_revenue": f"{rng.randint(0, 500_000)}.{rng.randint(0, 99):02d}",
                "lifecycle": "churned" if churned else rng.choice(LIFECYCLES),
                "churned_on": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if churned
                else "",
                # Half by external id, half by email: both lookups are exercised.
                "owner": f"E{n % OWNERS:03d}" if n % 2 else f"owner{n % OWNERS}@bench.example",
                "unit": f"U{n % UNITS:03d}",
                "survey_consent": rng.choice(["yes", "yes", "no"]),
                "marketing_consent": rng.choice(["1", "0"]),
                "opted_out": "n",
            }
        )
    return out.getvalue().encode()


def setup_database() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from earful.directory.importing import import_records

    units = [{"external_id": "ROOT", "name": "Bench company", "kind": "company", "parent": ""}]
    units += [
        {"external_id": f"U{n:03d}", "name": f"Office {n}", "parent": "ROOT"} for n in range(UNITS)
    ]
    employees = [
        {
            "external_id": f"E{n:03d}",
            "email": f"owner{n}@bench.example",
            "role": "front_line",
            "unit": f"U{n % UNITS:03d}",
        }
        for n in range(OWNERS)
    ]
    for kind, records in (("units", units), ("employees", employees)):
        report = import_records(kind, records, actor=None)
        if not report.ok:
            raise SystemExit(f"setting up {kind} failed: {report.errors[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-reimport", action="store_true", help="skip the second run")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "earful.settings"
    with tempfile.TemporaryDirectory(prefix="earful-bench-") as tmp:
        if "DATABASE_URL" not in os.environ:
            os.environ["EARFUL_DATA_DIR"] = tmp
        os.environ.setdefault("IMPORT_MAX_ROWS", str(max(args.rows, 1_000_000)))
        setup_database()
        from earful.directory.importing import format_report, import_file
        from earful.directory.models import Customer

        data = customer_csv(args.rows)
        path = Path(tmp) / "customers.csv"
        path.write_bytes(data)
        print(f"{args.rows} customer rows, {len(data) / 1e6:.1f} MB CSV at {path}")

        started = time.perf_counter()
        report = import_file("customers", data=path.read_bytes(), filename=path.name, actor=None)
        seconds = time.perf_counter() - started
        print(f"import:   {seconds:.2f} s ({args.rows / seconds:,.0f} rows/s)")
        print(f"          {format_report(report)}")
        if not report.ok or Customer.objects.count() != args.rows:
            raise SystemExit("the import did not create every row")

        reimport_seconds = None
        if not args.no_reimport:
            started = time.perf_counter()
            again = import_file("customers", data=path.read_bytes(), filename=path.name, actor=None)
            reimport_seconds = time.perf_counter() - started
            print(f"re-import: {reimport_seconds:.2f} s")
            print(f"          {format_report(again)}")
            if again.created or again.updated:
                raise SystemExit("the re-import changed rows")

    if args.json:
        result = {
            "rows": args.rows,
            "seconds": round(seconds, 3),
            "rows_per_second": round(args.rows / seconds),
            "reimport_seconds": None if reimport_seconds is None else round(reimport_seconds, 3),
        }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
