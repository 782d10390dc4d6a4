"""How fast does one worker fan 10,000 new responses out to the people who should hear?

    .venv/bin/python bench/fanout.py [--responses 10000] [--units 200] [--json]

Needs a PostgreSQL server at postgres://postgres@127.0.0.1:5432 (or --postgres URL).
The bench creates a throwaway database `earful_bench_fanout` (dropped at the end unless
--keep-database), migrates it and builds a realistic organisation: a company, regions
with a manager each, offices with two front-line owners each, a CX lead, customers
spread over the offices (a tenth of them "key accounts"), one program, two routing
rules and two webhooks. It then stores N responses (scores 0–10 spread evenly, so about
half are detractors and open cases) and queues their follow-ups exactly as answering
does (`followup_queue`: a follow-up row each, and a `process_followups` task on the
database task backend unless one is already waiting).

The measured part: ONE worker (`earful worker --batch`, i.e. django_tasks_db's
`db_worker`) runs in a subprocess until the queue is empty. Every receiver of
`responses_recorded` runs, as in production, on batches of follow-ups: notifications and
webhooks, cases (and their `cases_opened` notifications), acknowledgements, kudos,
rollups (and text analysis, where installed).

Afterwards it counts duplicates (notifications with the same recipient, kind, response
and subject: must be 0), responses that reached nobody, failed tasks, and runs the
fan-out a second time in-process to show it adds nothing.

With --json the last line is {"responses": N, "seconds": s, "duplicates": 0, ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "earful_bench_fanout"
REASONS = [
    "Delivery was late and nobody called back.",
    "Anna was very helpful, thank you!",
    "Prices went up again.",
    "Great service as always.",
    "",
    "The invoice was wrong twice.",
    "Mikko fixed it in minutes.",
    "OK.",
]


def recreate_database(server: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {name}")


def populate(*, responses: int, units: int) -> dict[str, int]:
    """The organisation, the responses and their queued follow-up tasks."""
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from earful.directory.choices import Role
    from earful.directory.models import Customer, Employee, Unit
    from earful.directory.services import unit_tree_renumber
    from earful.notifications.models import RoutingRule, Webhook
    from earful.surveys.followup import followup_queue
    from earful.surveys.models import Program, Response

    call_command("migrate", verbosity=0)
    regions = max(units // 20, 1)
    offices_per_region = max((units - 1 - regions) // regions, 1)
    now = timezone.now()
    with transaction.atomic():
        company = Unit.objects.create(external_id="CO", name="Company", kind="company")
        region_units = Unit.objects.bulk_create(
            [
                Unit(external_id=f"R{r}", name=f"Region {r}", kind="region", parent=company)
                for r in range(regions)
            ]
        )
        offices = Unit.objects.bulk_create(
            [
                Unit(external_id=f"O{r}-{o}", name=f"Office {r}-{o}", parent=region)
                for r, region in enumerate(region_units)
                for o in range(offices_per_region)
            ]
        )
        unit_tree_renumber()
        people = [
            Employee(username="cx", role=Role.CX_LEAD, unit=company, email="cx@bench.example"),
            Employee(username="sales", role=Role.ANALYST, unit=company, email="s@bench.example"),
        ]
        people += [
            Employee(
                username=f"manager{r}",
                role=Role.MANAGER,
                unit=region,
                email=f"manager{r}@bench.example",
            )
            for r, region in enumerate(region_units)
        ]
        people += [
            Employee(
                username=f"rep{office.pk}-{n}",
                first_name=("Anna", "Mikko")[n],
                role=Role.FRONT_LINE,
                unit=office,
                email=f"rep{office.pk}-{n}@bench.example",
            )
            for office in offices
            for n in range(2)
        ]
        Employee.objects.bulk_create(people)
        reps = list(Employee.objects.filter(role=Role.FRONT_LINE).order_by("pk"))
        customers = Customer.objects.bulk_create(
            [
                Customer(
                    external_id=f"C{n:06d}",
                    name=f"Customer {n}",
                    email=f"c{n}@bench.example",
                    unit=offices[(n % len(reps)) // 2],
                    owner=reps[n % len(reps)],
                    segment="key accounts" if n % 10 == 0 else "smb",
                )
                for n in range(max(responses // 5, 1))
            ],
            batch_size=5000,
        )
        program = Program.objects.create(name="Relationship")
        key_accounts = RoutingRule.objects.create(
            name="Key account detractors", max_score=6, segments=["key accounts"]
        )
        key_accounts.recipients.set(Employee.objects.filter(username="sales"))
        first_region = RoutingRule.objects.create(name="Region 0 everything")
        first_region.units.set([region_units[0]])
        first_region.recipients.set(Employee.objects.filter(username="cx"))
        Webhook.objects.create(
            name="Slack detractors", url="http://127.0.0.1:9/slack", format="slack", max_score=6
        )
        Webhook.objects.create(
            name="JSON all", url="http://127.0.0.1:9/json", format="json", secret="s"
        )
        rows = Response.objects.bulk_create(
            [
                Response(
                    program=program,
                    customer=customers[n % len(customers)],
                    unit_id=customers[n % len(customers)].unit_id,
                    score=n % 11,
                    reason=REASONS[n % len(REASONS)],
                    submitted_at=now,
                    editable_until=now + dt.timedelta(hours=24),
                )
                for n in range(responses)
            ],
            batch_size=5000,
        )
        for response in rows:
            followup_queue(response, created=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"units": Unit.objects.count(), "employees": Employee.objects.count()}


def run_worker(env: dict[str, str], log: Path) -> float:
    command = [sys.executable, "-m", "earful", "worker", "--batch", "--no-startup-delay"]
    started = time.perf_counter()
    with log.open("wb") as out:
        done = subprocess.run(  # noqa: S603 (our own command line)
            command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False
        )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the worker failed:\n{log.read_text()[-3000:]}")
    return seconds


def check() -> dict[str, Any]:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from earful.cases.models import Case
    from earful.notifications.models import Notification, WebhookDelivery
    from earful.notifications.services import notifications_for_responses
    from earful.surveys.models import Followup, Response

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n"
            " FROM notifications_notification"
            " GROUP BY recipient_id, kind, response_id, subject_key HAVING COUNT(*) > 1) d"
        )
        duplicates = int(cursor.fetchone()[0])
    notifications = Notification.objects.count()
    unreached = Response.objects.filter(notifications__isnull=True).count()
    failed_tasks = DBTaskResult.objects.failed().count()
    added = 0
    queryset = Response.objects.select_related("customer", "unit", "program").order_by("pk")
    batch: list[Response] = []
    for response in queryset.iterator(chunk_size=2000):
        batch.append(response)
        if len(batch) == 500:
            added += notifications_for_responses(batch)
            batch = []
    added += notifications_for_responses(batch)
    return {
        "duplicates": duplicates,
        "notifications": notifications,
        "webhook_deliveries": WebhookDelivery.objects.count(),
        "unreached": unreached,
        "cases": Case.objects.count(),
        "followups_left": Followup.objects.count(),
        "failed_tasks": failed_tasks,
        "second_run_added": added + (Notification.objects.count() - notifications),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--postgres", default=POSTGRES_SERVER)
    parser.add_argument("--database", default=DATABASE_NAME)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "earful.settings"
    os.environ["DATABASE_URL"] = f"{args.postgres}/{args.database}"
    os.environ["EMAIL_URL"] = "dummy:"
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    recreate_database(args.postgres, args.database)
    try:
        import django

        django.setup()
        started = time.perf_counter()
        shape = populate(responses=args.responses, units=args.units)
        print(
            f"{shape['units']} units, {shape['employees']} employees, {args.responses}"
            f" responses queued in {time.perf_counter() - started:.1f} s"
        )
        log = Path(tempfile.gettempdir()) / "earful_bench_fanout_worker.log"
        from django.db import connections

        connections.close_all()
        seconds = run_worker(dict(os.environ), log)
        print(f"one worker: {args.responses} follow-ups in {seconds:.1f} s")
        result = check()
        print(
            f"{result['notifications']} notifications, {result['webhook_deliveries']}"
            f" webhook deliveries, duplicates {result['duplicates']}, unreached"
            f" {result['unreached']}, failed tasks {result['failed_tasks']}, second run"
            f" added {result['second_run_added']}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            recreate_database(args.postgres, args.database, drop_only=True)
    if args.json:
        print(
            json.dumps(
                {
                    "units": shape["units"],
                    "employees": shape["employees"],
                    **{k: v for k, v in result.items() if k != "duplicates"},
                    "responses": args.responses,
                    "seconds": round(seconds, 2),
                    "duplicates": result["duplicates"],
                }
            )
        )


if __name__ == "__main__":
    main()
