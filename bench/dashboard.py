"""How fast are the dashboards at 10,000,000 responses, on SQLite and on PostgreSQL?

    .venv/bin/python bench/dashboard.py [--responses 10000000] [--databases sqlite,postgres]
        [--requests 50] [--sqlite-path PATH] [--postgres-database NAME] [--keep-database]
        [--reuse] [--json]

Each database runs in its own process (Django settings are per process): SQLite in a
throwaway file (`--sqlite-path`, default in a temporary directory; put it where there is
room: 10 M responses with their invitations and cases take about 10 GB), PostgreSQL in a
throwaway database (`--postgres-database`, default `earful_bench_dashboard`) at
postgres://postgres@127.0.0.1:5432 (created and dropped; `--keep-database` keeps both,
`--reuse` measures a kept one again without reloading).

1. A company → 10 regions → 100 areas → offices tree of `--units` (5000) units,
   numbered by `unit_tree_renumber`; 200,000 customers in 6 segments; 3 programs.
2. `--responses` answers over the offices and the last three years, in time order, with
   a per-office lean (so NPS differs between units), short reasons (40 % blank); each
   answers an invitation sent one hour to two days before, and each office's customers
   leave unanswered as many more as make its response rate 25–60 % (40 % overall: 25 M
   invitations at 10 M answers). Every detractor opens a case due in 48 hours: 85 %
   are reached in time, 10 % late, 5 % never (closed without contact); those of the
   last days are partly still open. COPY on PostgreSQL (foreign-key triggers off for
   the load: the rows are consistent by construction); executemany in big transactions
   with journal_mode=OFF and synchronous=OFF on SQLite (during the load only). Each
   table's secondary indexes are dropped during its load and rebuilt after it.
3. `earful rebuild_rollups` (timed): the answers', the invitations' and the cases' cells.
4. Warm pages through Django's test client, as a CX lead (the company) and as a
   regional manager (their region): the overview, a unit page (a region; an area) and
   the first page of a drill-down (the headline NPS's answers) and the breakdown by
   program and segment (the company; the region), `--requests` timed requests each
   after 5 of warm-up. p50 and p95 per page, user and database.
5. Rollup upkeep: 300 invitations sent, each followed by the recount its sending runs,
   then answered, each followed by what the follow-up's receiver runs for the answer
   (its answer cells and its invitation's cell), both timed; then the 300 answers'
   recount as one batch; then all removed again.

With --json the last line is one JSON object: `<database>_<page>_p95_ms` and `_p50_ms`
(page overview, unit, drilldown or breakdown; the slower of the two users), the same per user
(`<database>_<page>_<cx|manager>_p95_ms`), `<database>_ingest_extra_ms` (mean recount
per answer), `<database>_ingest_batch_ms` (a 300-answer batch's recount per answer),
`<database>_send_extra_ms` (mean recount per invitation sent),
`<database>_rebuild_s`, `<database>_load_s`, `sqlite_size_mb`, `postgres_size_mb` and
`responses`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# absolute(), not resolve(): run from a checkout, use that checkout's code.
ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "earful_bench_dashboard"
SEGMENTS = ["Key accounts", "Industry", "Construction", "Public sector", "SME", ""]
PROGRAMS = ["Relationship", "Service visit", "Onboarding"]
REASONS = [
    "Quick answer and a friendly technician.",
    "The invoice was wrong twice.",
    "Waited a week for a call back.",
    "Great service, as always.",
    "Hard to reach anyone by phone.",
    "They fixed it on the first visit.",
    "Prices went up again.",
    "Clear and honest communication.",
    "The app keeps logging me out.",
    "Nothing to add.",
    "Delivery was late but the team apologised.",
    "Excellent, would recommend to colleagues.",
]
SCORES = [2, 1, 1, 2, 2, 4, 6, 10, 16, 22, 24]  # answers per score, roughly
RESPONSE_RATES = (0.25, 0.6)  # each office's, drawn from this range: 40 % overall
LINK_VALID = dt.timedelta(days=14)
CASE_DUE = dt.timedelta(hours=48)
CUSTOMERS = 200_000
REGIONS = 10
AREAS_PER_REGION = 10
YEARS = 3
CHUNK = 50_000
WARMUP = 5
PAGES = ("overview", "unit", "drilldown", "breakdown")
INGEST = 300


# --- loading -------------------------------------------------------------------------


def _insert(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """COPY on PostgreSQL, executemany in chunks on SQLite; one transaction either way."""
    from django.db import connection, transaction

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are checked at commit (DEFERRABLE INITIALLY
            # DEFERRED): a queued check per row and key, 75 million for the invitations,
            # which the commit then runs one by one. The rows here are made consistent,
            # so the load skips those triggers (a superuser's setting, for this
            # transaction only), as a bulk restore does.
            cursor.execute("SET LOCAL session_replication_role = replica")
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join("%s" for _ in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 (constants)
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's non-unique indexes."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i"
                " JOIN pg_class c ON c.relname = i.indexname"
                " JOIN pg_index x ON x.indexrelid = c.oid"
                " WHERE i.tablename = %s AND NOT x.indisunique",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
                " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
        return [(name, sql) for name, sql in cursor.fetchall()]


def _execute(sql: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)


def build_tree(units: int) -> list[int]:
    """The company, regions, areas and offices; the offices' ids."""
    from earful.directory.models import Unit
    from earful.directory.services import unit_tree_renumber

    company = Unit.objects.create(external_id="CO", name="Bench company", kind="company")
    regions = Unit.objects.bulk_create(
        [
            Unit(external_id=f"R{r:02d}", name=f"Region {r:02d}", kind="region", parent=company)
            for r in range(REGIONS)
        ]
    )
    areas = Unit.objects.bulk_create(
        [
            Unit(
                external_id=f"A{r:02d}{a:02d}",
                name=f"Area {r:02d}-{a:02d}",
                kind="region",
                parent=region,
            )
            for r, region in enumerate(regions)
            for a in range(AREAS_PER_REGION)
        ]
    )
    offices = units - 1 - len(regions) - len(areas)
    Unit.objects.bulk_create(
        [
            Unit(
                external_id=f"O{n:05d}",
                name=f"Office {n:05d}",
                kind="office",
                parent=areas[n % len(areas)],
            )
            for n in range(offices)
        ],
        batch_size=1000,
    )
    unit_tree_renumber()
    return list(Unit.objects.filter(kind="office").values_list("pk", flat=True))


@dataclass(frozen=True)
class Answer:
    id: int
    program: int
    customer: int
    office: int
    score: int
    when: dt.datetime
    offset: int  # seconds into its day: picks the program, the reason and more


@dataclass
class History:
    """The bench's three years of answers, the same on every walk (seeded), so that
    the invitations they answer, the answers and their cases are written in three
    passes that agree. Each day is drawn at once with numpy: a pass over 10 M answers
    takes seconds, not the half hour of drawing them one by one."""

    responses: int
    offices: list[int]
    weights: list[float]  # offices differ in size
    lean: dict[int, float]  # each office leans one way: NPS between units differs
    by_office: dict[int, list[int]]
    fallback_customer: int
    programs: list[int]
    begin: dt.datetime

    def _customers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every office's customers in one array: (customers, first index, how many) per
        office, in the order of `offices`; an office without any gets the fallback."""
        flat: list[int] = []
        starts, sizes = [], []
        for office in self.offices:
            members = self.by_office.get(office) or [self.fallback_customer]
            starts.append(len(flat))
            sizes.append(len(members))
            flat += members
        return np.array(flat), np.array(starts), np.array(sizes)

    def _draw(
        self, rng: np.random.Generator, count: int, odds: np.ndarray
    ) -> tuple[list[int], list[int], list[int]]:
        """`count` (second of the day, office index, customer) of one day, in time order."""
        flat, starts, sizes = self._customers_cache
        offsets = np.sort(rng.integers(0, 86_400, count))
        chosen = rng.choice(len(self.offices), size=count, p=odds)
        customers = flat[starts[chosen] + (rng.random(count) * sizes[chosen]).astype(np.int64)]
        return offsets.tolist(), chosen.tolist(), customers.tolist()

    def __post_init__(self) -> None:
        self._customers_cache = self._customers()

    def answers(self) -> Iterator[Answer]:
        rng = np.random.default_rng(8)
        days = 365 * YEARS
        per_day = self.responses / days
        odds = np.array(self.weights) / sum(self.weights)
        lean = np.array([round(self.lean[office]) for office in self.offices])
        score_odds = np.array(SCORES) / sum(SCORES)
        made = 0
        for day in range(days):
            count = round(per_day * (day + 1)) - made if day < days - 1 else self.responses - made
            day_start = self.begin + dt.timedelta(days=day)
            offsets, chosen, customers = self._draw(rng, count, odds)
            scores = np.clip(rng.choice(11, size=count, p=score_odds) + lean[chosen], 0, 10)
            for offset, index, customer, score in zip(
                offsets, chosen, customers, scores.tolist(), strict=True
            ):
                made += 1
                yield Answer(
                    id=made,
                    program=self.programs[offset % 3],
                    customer=customer,
                    office=self.offices[index],
                    score=score,
                    when=day_start + dt.timedelta(seconds=offset),
                    offset=offset,
                )

    def unanswered(self, rates: dict[int, float]) -> Iterator[tuple[int, int, dt.datetime]]:
        """(office, customer, sent) of the invitations nobody answered: as many per office
        as make its answers `rates[office]` of what it sent."""
        rng = np.random.default_rng(9)
        misses = np.array(
            [w * (1 - rates[o]) / rates[o] for o, w in zip(self.offices, self.weights, strict=True)]
        )
        per_day = round(self.responses * misses.sum() / sum(self.weights) / (365 * YEARS))
        odds = misses / misses.sum()
        for day in range(365 * YEARS):
            day_start = self.begin + dt.timedelta(days=day)
            offsets, chosen, customers = self._draw(rng, per_day, odds)
            for offset, index, customer in zip(offsets, chosen, customers, strict=True):
                yield self.offices[index], customer, day_start + dt.timedelta(seconds=offset)


def _check_columns(model: Any, columns: list[str]) -> None:
    required = {
        str(f.column)
        for f in model._meta.concrete_fields
        if not f.null and not f.primary_key and f.column not in columns
    }
    if required:
        raise SystemExit(f"bench/dashboard.py does not fill {sorted(required)}: update it")


def _load_table(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> float:
    """Insert `rows` with the table's secondary indexes dropped, then rebuilt; seconds."""
    _check_columns(model, columns)
    started = time.perf_counter()
    table = model._meta.db_table
    indexes = _secondary_indexes(table)
    for name, _sql in indexes:
        _execute(f"DROP INDEX {name}")
    _insert(table, columns, rows)
    for _name, sql in indexes:
        _execute(sql)
    return time.perf_counter() - started


def load(responses: int, units: int) -> dict[str, float]:
    """Everything the dashboards read; the seconds each step took."""
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    from earful.cases.models import Case
    from earful.directory.models import Customer
    from earful.surveys.models import Invitation, Program, Response

    timings: dict[str, float] = {}
    rng = random.Random(7)
    started = time.perf_counter()
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        _execute("PRAGMA journal_mode=OFF")
        _execute("PRAGMA synchronous=OFF")
        _execute("PRAGMA cache_size=-1000000")  # 1 GB of page cache for the index builds
    offices = build_tree(units)
    programs = [Program.objects.create(name=name).pk for name in PROGRAMS]
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value

    def stamp(moment: dt.datetime | None) -> Any:
        return adapt(moment) if sqlite and moment is not None else moment

    homes = [rng.choice(offices) for _ in range(CUSTOMERS)]
    customer_columns = [
        "external_id", "name", "email", "phone", "language", "segment", "lifecycle",
        "unit_id", "survey_consent", "marketing_consent", "opted_out", "bounced_email",
        "created_at", "updated_at",
    ]  # fmt: skip
    _insert(
        Customer._meta.db_table,
        customer_columns,
        (
            (f"C{n:07d}", f"Customer {n}", f"c{n}@bench.example", "", "en",
             SEGMENTS[n % len(SEGMENTS)], "active", homes[n], True, False, False, "",
             stamp(now), stamp(now))
            for n in range(CUSTOMERS)
        ),
    )  # fmt: skip
    first_customer = Customer.objects.order_by("pk").values_list("pk", flat=True)[0]
    by_office: dict[int, list[int]] = {}
    for n, home in enumerate(homes):
        by_office.setdefault(home, []).append(first_customer + n)
    timings["tree_and_customers_s"] = time.perf_counter() - started

    end = now.replace(microsecond=0)
    history = History(
        responses=responses,
        offices=offices,
        weights=[rng.uniform(0.3, 3) for _ in offices],
        lean={office: rng.gauss(0, 1.5) for office in offices},
        by_office=by_office,
        fallback_customer=first_customer,
        programs=programs,
        begin=end - dt.timedelta(days=365 * YEARS),
    )
    rates = {office: rng.uniform(*RESPONSE_RATES) for office in offices}

    # 1. The invitations: those answered first (invitation i is answer i's), then the rest.
    invitation_columns = [
        "id", "program_id", "customer_id", "unit_id", "token", "language", "status",
        "send_after", "sent_at", "expires_at", "attempts", "last_error", "event_key",
        "created_at",
    ]  # fmt: skip

    def invitation(
        pk: int, program: int, customer: int, office: int, sent: dt.datetime
    ) -> tuple[Any, ...]:
        return (
            pk, program, customer, office, f"b{pk:x}", "en", "sent", stamp(sent),
            stamp(sent + dt.timedelta(minutes=2)), stamp(sent + LINK_VALID), 1, "", "",
            stamp(sent),
        )  # fmt: skip

    def invitations() -> Iterator[tuple[Any, ...]]:
        for a in history.answers():
            lag = dt.timedelta(seconds=3600 + a.offset * 2)  # one hour to two days before
            yield invitation(a.id, a.program, a.customer, a.office, a.when - lag)
        for n, (office, customer, sent) in enumerate(history.unanswered(rates)):
            yield invitation(responses + 1 + n, programs[n % 3], customer, office, sent)

    timings["invitations_s"] = _load_table(Invitation, invitation_columns, invitations())

    # 2. The answers.
    week = dt.timedelta(days=7)  # an answer is editable for a day; any later stamp will do
    response_columns = [
        "id", "invitation_id", "program_id", "customer_id", "unit_id", "score", "reason",
        "extra", "language", "may_contact", "channel", "respondent_name",
        "respondent_email", "submitted_at", "editable_until", "updated_at",
    ]  # fmt: skip
    answers = (
        (
            a.id,
            a.id,
            a.program,
            a.customer,
            a.office,
            a.score,
            REASONS[a.offset % len(REASONS)] if a.offset % 5 > 1 else "",
            "{}",
            "en",
            a.offset % 3 == 0,
            "email",
            "",
            "",
            stamp(a.when),
            stamp(a.when + week),
            stamp(a.when),
        )  # fmt: skip
        for a in history.answers()
    )
    timings["responses_s"] = _load_table(Response, response_columns, answers)

    # 3. A case for every detractor: most handled in time, some late, some never reached
    # (closed without contact); those opened in the last days partly still open.
    case_columns = [
        "response_id", "customer_id", "program_id", "unit_id", "status", "opened_at",
        "due_at", "first_contact_at", "closed_at", "close_reason", "resolution",
        "escalation_level", "reopened_count", "updated_at",
    ]  # fmt: skip

    def cases() -> Iterator[tuple[Any, ...]]:
        for a in history.answers():
            if a.score > 6:
                continue
            opened = a.when + dt.timedelta(minutes=2)
            due = opened + CASE_DUE
            kind = a.offset % 20
            if kind < 17:  # reached in time
                done = opened + dt.timedelta(seconds=3600 + a.offset * 1.5)
            elif kind < 19:  # reached late
                done = due + dt.timedelta(seconds=3600 + a.offset * 3)
            else:  # never reached: closed without contact, late
                done = due + dt.timedelta(days=3)
            contact: dt.datetime | None = done if kind < 19 else None
            closed: dt.datetime | None = done + dt.timedelta(hours=24) if kind < 19 else done
            if done > end:
                status, contact, closed, reason = "new", None, None, ""
            elif closed is not None and closed > end:
                status, closed, reason = "contacted", None, ""
            else:
                status, reason = ("resolved", "") if kind < 19 else ("closed", "unreachable")
            yield (
                a.id, a.customer, a.program, a.office, status, stamp(opened), stamp(due),
                stamp(contact), stamp(closed), reason, "", 0, 0, stamp(opened),
            )  # fmt: skip

    timings["cases_s"] = _load_table(Case, case_columns, cases())

    with connection.cursor() as cursor:  # the ids given above: the next ones follow them
        for sql in connection.ops.sequence_reset_sql(no_style(), [Invitation, Response]):
            cursor.execute(sql)
    if sqlite:
        _execute("PRAGMA journal_mode=WAL")
        _execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    _execute("ANALYZE")
    timings["analyze_s"] = time.perf_counter() - started
    return timings


# --- measuring -----------------------------------------------------------------------


def _users() -> dict[str, Any]:
    from earful.directory.choices import Role
    from earful.directory.models import Employee, Unit

    company = Unit.objects.get(external_id="CO")
    region = Unit.objects.get(external_id="R00")
    cx, _ = Employee.objects.get_or_create(
        username="bench_cx", defaults={"role": Role.CX_LEAD, "unit": company}
    )
    manager, _ = Employee.objects.get_or_create(
        username="bench_manager", defaults={"role": Role.MANAGER, "unit": region}
    )
    return {"cx": cx, "manager": manager}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_pages(requests: int) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from earful.directory.models import Unit
    from earful.metrics.dashboards import MONTHS, add_months

    this_month = timezone.localdate().replace(day=1)
    window: dict[str, str | int] = {
        "from": f"{add_months(this_month, -(MONTHS - 1)):%Y-%m}",
        "to": f"{this_month:%Y-%m}",
    }
    company = Unit.objects.get(external_id="CO")
    region = Unit.objects.get(external_id="R00")
    area = Unit.objects.get(external_id="A0000")
    pages: dict[str, dict[str, tuple[str, dict[str, str | int]]]] = {
        "cx": {
            "overview": (reverse("dashboard"), {}),
            "unit": (reverse("dashboard_unit", args=[region.pk]), {}),
            "drilldown": (reverse("dashboard_responses"), {"unit": company.pk, **window}),
            "breakdown": (reverse("dashboard_breakdown", args=[company.pk]), {}),
        },
        "manager": {
            "overview": (reverse("dashboard"), {}),
            "unit": (reverse("dashboard_unit", args=[area.pk]), {}),
            "drilldown": (reverse("dashboard_responses"), {"unit": region.pk, **window}),
            "breakdown": (reverse("dashboard_breakdown", args=[region.pk]), {}),
        },
    }
    results: dict[str, float] = {}
    for who, user in _users().items():
        client = Client()
        client.force_login(user)
        for page, (url, params) in pages[who].items():
            for _ in range(WARMUP):
                assert client.get(url, params).status_code == 200, (who, page)
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            results[f"{page}_{who}_p50_ms"] = round(statistics.median(times), 1)
            results[f"{page}_{who}_p95_ms"] = round(_percentile(times, 0.95), 1)
            print(
                f"    {page:9} as {who:7}: p50 {results[f'{page}_{who}_p50_ms']:7.1f} ms,"
                f" p95 {results[f'{page}_{who}_p95_ms']:7.1f} ms",
                flush=True,
            )
    for page in PAGES:
        for stat in ("p50", "p95"):
            results[f"{page}_{stat}_ms"] = max(
                results[f"{page}_cx_{stat}_ms"], results[f"{page}_manager_{stat}_ms"]
            )
    return results


def measure_ingest() -> dict[str, float]:
    """The rollup upkeep of an invitation sent and of the answer to it, on the full
    database: what the sender's `invitations_sent` and the follow-up's
    `responses_recorded` receivers run, each in its own transaction."""
    from django.db import transaction
    from django.utils import timezone

    from earful.directory.models import Customer
    from earful.metrics.rate_rollups import invitations_recount
    from earful.metrics.receivers import recount_on_answer
    from earful.surveys.invitations import invitation_build
    from earful.surveys.models import Invitation, Program, Response

    rng = random.Random(11)
    customers = list(Customer.objects.order_by("?").select_related("unit")[:INGEST])
    program = Program.objects.order_by("pk").first()
    assert program is not None
    now = timezone.now()
    added: list[Response] = []
    sends, answers = [], []
    for customer in customers:
        # The recounts run in the send's and the answer's own transactions, so their
        # commits are not the upkeep's cost.
        with transaction.atomic():
            invitation = invitation_build(program=program, customer=customer, send_after=now)
            invitation.status, invitation.sent_at = "sent", now
            invitation.save()
            started = time.perf_counter()
            invitations_recount([invitation])
            sends.append((time.perf_counter() - started) * 1000)
        with transaction.atomic():
            response = Response.objects.create(
                invitation=invitation,
                program=program,
                customer=customer,
                unit=customer.unit,
                score=rng.randint(0, 10),
                submitted_at=now,
                editable_until=now + dt.timedelta(days=1),
            )
            started = time.perf_counter()
            recount_on_answer(sender=None, responses=[response])
            answers.append((time.perf_counter() - started) * 1000)
        added.append(response)
    started = time.perf_counter()
    recount_on_answer(sender=None, responses=added)
    batch = (time.perf_counter() - started) * 1000 / len(added)
    invitations = [r.invitation_id for r in added if r.invitation_id is not None]
    Response.objects.filter(pk__in=[r.pk for r in added]).delete()  # recounts on delete
    Invitation.objects.filter(pk__in=invitations).delete()
    return {
        "ingest_extra_ms": round(statistics.fmean(answers), 2),
        "ingest_p95_ms": round(_percentile(answers, 0.95), 2),
        "ingest_batch_ms": round(batch, 3),
        "send_extra_ms": round(statistics.fmean(sends), 2),
    }


def database_size_mb() -> float:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            row = cursor.fetchone()
            return round(float(row[0]) / 2**20, 1)
    _execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return round(os.path.getsize(settings.DATABASES["default"]["NAME"]) / 2**20, 1)


def worker(responses: int, units: int, requests: int, reuse: bool) -> None:
    """One database: load (unless reused), rebuild, measure; one JSON line."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    from earful.surveys.models import Response

    call_command("migrate", verbosity=0)
    vendor = "postgres" if connection.vendor == "postgresql" else "sqlite"
    result: dict[str, Any] = {}
    if reuse and Response.objects.exists():
        print(f"  {vendor}: reusing the loaded database", flush=True)
    else:
        started = time.perf_counter()
        result.update(load(responses, units))
        result["load_s"] = round(time.perf_counter() - started, 1)
        print(f"  {vendor}: loaded in {result['load_s']} s ({result})", flush=True)
        started = time.perf_counter()
        call_command("rebuild_rollups")
        result["rebuild_s"] = round(time.perf_counter() - started, 1)
        if connection.vendor == "postgresql":
            _execute("VACUUM ANALYZE")
        else:
            _execute("ANALYZE")
    result["responses"] = Response.objects.count()
    result.update(measure_pages(requests))
    result.update(measure_ingest())
    print(
        f"  {vendor}: rollup upkeep {result['ingest_extra_ms']} ms per answer"
        f" (p95 {result['ingest_p95_ms']} ms; {result['ingest_batch_ms']} ms each in a batch),"
        f" {result['send_extra_ms']} ms per invitation sent",
        flush=True,
    )
    result["size_mb"] = database_size_mb()
    print(json.dumps(result))


def run_worker(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    command = [
        sys.executable, str(Path(__file__).absolute()), "--worker",
        f"--responses={args.responses}", f"--units={args.units}",
        f"--requests={args.requests}", *(["--reuse"] if args.reuse else []),
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603 (this very script)
        command, env={**os.environ, **env}, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if not line.startswith("{"):
            print(line, end="", flush=True)
    if process.wait() != 0 or not lines:
        raise SystemExit("the worker failed")
    return dict(json.loads(lines[-1]))


def recreate_postgres_database(name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000_000)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--sqlite-path", help="the SQLite file (default: a temporary one)")
    parser.add_argument("--postgres-database", default=POSTGRES_DATABASE)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "earful.settings"
    if args.worker:
        worker(args.responses, args.units, args.requests, args.reuse)
        return

    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    print(f"{args.responses} responses over {args.units} units and {YEARS} years", flush=True)
    summary: dict[str, Any] = {"responses": args.responses}
    with tempfile.TemporaryDirectory(prefix="earful-bench-") as tmp:
        common = {
            "EARFUL_DATA_DIR": tmp,
            "DATABASE_CONN_MAX_AGE": "600",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
        }
        for database in databases:
            if database == "sqlite":
                path = Path(args.sqlite_path or Path(tmp) / "dashboard.sqlite3").absolute()
                if path.exists() and not args.reuse:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
                env = {**common, "DATABASE_URL": f"sqlite:///{path}"}
                try:
                    result = run_worker(args, env)
                finally:
                    if not args.keep_database and args.sqlite_path:
                        for suffix in ("", "-wal", "-shm"):
                            Path(f"{path}{suffix}").unlink(missing_ok=True)
            elif database == "postgres":
                if not args.reuse:
                    recreate_postgres_database(args.postgres_database)
                url = f"{POSTGRES_SERVER}/{args.postgres_database}"
                try:
                    result = run_worker(args, {**common, "DATABASE_URL": url})
                finally:
                    if not args.keep_database:
                        recreate_postgres_database(args.postgres_database, drop_only=True)
            else:
                raise SystemExit(f"unknown database {database!r}: sqlite or postgres")
            summary["responses"] = result.pop("responses")
            summary[f"{database}_size_mb"] = result.pop("size_mb")
            summary.update({f"{database}_{key}": value for key, value in result.items()})
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
