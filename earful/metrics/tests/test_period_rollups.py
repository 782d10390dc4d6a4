"""Day, unit-month and month cells kept by batches (`cells_recount`, what the batch
receiver calls) and by deletions equal a rebuild from scratch, for any history of answers;
weeks are sums of days; a batch costs the same few queries whatever its size."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earful.directory.tests.factories import CustomerFactory
from earful.metrics.models import DailyCell, MonthlyCell, UnitMonthCell
from earful.metrics.nps import Counts, counts_from_scores
from earful.metrics.rollups import cells_recount, rollups_rebuild
from earful.metrics.selectors import (
    subtree_counts_by_day,
    subtree_counts_by_week,
    week_of,
)
from earful.surveys.models import Response
from earful.surveys.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

# Answers on either side of midnights, of a month's end and of the switch to summer time
# (29 March 2026, 01:00 UTC), in the site's time zone and in UTC, so a day or a month
# counted in the wrong zone or offset shows.
START = dt.datetime(2026, 3, 20, 18, tzinfo=dt.UTC)
answer = st.tuples(
    st.integers(0, 3),  # customer (each in its own unit and segment)
    st.integers(0, 1),  # program
    st.integers(0, 4 * 24 * 16),  # quarter hours after START
    st.integers(0, 10),  # score
)


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "monthly": sorted(
            MonthlyCell.objects.values_list(
                "unit_id", "program_id", "segment", "month", "promoters", "passives", "detractors"
            )
        ),
        "unit_month": sorted(
            UnitMonthCell.objects.values_list(
                "unit_id",
                "month",
                "promoters",
                "passives",
                "detractors",
                *[f"score_{s}" for s in range(11)],
            )
        ),
        "daily": sorted(
            DailyCell.objects.values_list("unit_id", "day", "promoters", "passives", "detractors")
        ),
    }


class Rollback(Exception):
    """Raised to undo one example's answers."""


@pytest.fixture
def world(org):
    customers = [
        CustomerFactory.create(unit=org.oulu, segment="key"),
        CustomerFactory.create(unit=org.oulu, segment=""),
        CustomerFactory.create(unit=org.tampere, segment="small"),
        CustomerFactory.create(unit=org.helsinki, segment="key"),
    ]
    return org, customers, [ProgramFactory.create(), ProgramFactory.create()]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    answers=st.lists(answer, min_size=1, max_size=30),
    batch=st.integers(1, 10),
    deleted=st.sets(st.integers(0, 29), max_size=8),
    edited=st.dictionaries(st.integers(0, 29), st.integers(0, 10), max_size=8),
)
def test_batches_edits_and_deletions_equal_a_rebuild(world, answers, batch, deleted, edited):
    org, customers, programs = world
    try:
        with transaction.atomic():
            given_ = []
            for customer, program, hours, score in answers:
                when = START + dt.timedelta(minutes=15 * hours)
                given_.append(
                    Response.objects.create(
                        program=programs[program],
                        customer=customers[customer],
                        unit=customers[customer].unit,
                        score=score,
                        submitted_at=when,
                        editable_until=when + dt.timedelta(days=1),
                    )
                )
            for i in range(0, len(given_), batch):  # as the worker's batches would
                cells_recount(given_[i : i + batch])
            for index, score in edited.items():
                if index < len(given_) and index not in deleted:
                    response = given_[index]
                    Response.objects.filter(pk=response.pk).update(score=score)
                    response.score = score
                    cells_recount([response])
            for index in deleted:
                if index < len(given_):
                    given_[index].delete()  # post_delete recounts its cells

            incremental = snapshot()
            rollups_rebuild()
            assert snapshot() == incremental

            raw = Counter(
                (r.unit_id, timezone.localtime(r.submitted_at).date())
                for r in Response.objects.all()
            )
            daily = {(row[0], row[1]): row[2:] for row in incremental["daily"]}
            assert {key: sum(int(str(n)) for n in c) for key, c in daily.items()} == raw
            raise Rollback
    except Rollback:
        pass


def test_a_region_by_day_and_by_week_sums_its_offices_answers(org):
    program = ProgramFactory.create()
    scores: dict[str, list[int]] = {}
    # A Sunday 23:30 and a Monday 00:30, Helsinki time: two days and two weeks.
    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")  # the test settings' TIME_ZONE
    sunday = dt.datetime(2026, 3, 8, 23, 30, tzinfo=helsinki)
    monday = sunday + dt.timedelta(hours=1)
    for when, customer, score in (
        (sunday, org.oulu_customer, 10),
        (sunday, org.tampere_customer, 3),
        (monday, org.oulu_customer, 8),
        (monday, org.helsinki_customer, 0),
    ):
        response = Response.objects.create(
            program=program,
            customer=customer,
            unit=customer.unit,
            score=score,
            submitted_at=when,
            editable_until=when,
        )
        cells_recount([response])
        scores.setdefault(customer.unit.name, []).append(score)

    by_day = subtree_counts_by_day(org.north)
    assert by_day == {
        dt.date(2026, 3, 8): counts_from_scores([10, 3]),
        dt.date(2026, 3, 9): counts_from_scores([8]),
    }
    by_week = subtree_counts_by_week(org.company)
    assert by_week == {
        dt.date(2026, 3, 2): Counts(promoters=1, detractors=1),
        dt.date(2026, 3, 9): Counts(passives=1, detractors=1),
    }
    assert week_of(dt.date(2026, 3, 8)) == dt.date(2026, 3, 2)


def test_a_batch_costs_the_same_few_queries_whatever_its_size(org, django_assert_max_num_queries):
    program = ProgramFactory.create()
    now = timezone.now()
    batch = [
        Response.objects.create(
            program=program,
            customer=customer,
            unit=customer.unit,
            score=i % 11,
            submitted_at=now - dt.timedelta(days=i * 3),
            editable_until=now,
        )
        for i, customer in enumerate(
            [org.oulu_customer, org.tampere_customer, org.helsinki_customer] * 20
        )
    ]
    batch = list(Response.objects.filter(pk__in=[r.pk for r in batch]).select_related("customer"))
    # A savepoint, two grouped reads (months, days), three upserts, the release.
    with django_assert_max_num_queries(7):
        cells_recount(batch)
    assert sum(c.responses for c in DailyCell.objects.all()) == 60
    assert sum(c.responses for c in UnitMonthCell.objects.all()) == 60


def test_sqlites_local_dates_follow_summer_time():
    from earful.metrics.local_time import zone_spans

    helsinki = zoneinfo.ZoneInfo("Europe/Helsinki")
    spans = zone_spans(
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 12, 31, tzinfo=dt.UTC), helsinki
    )
    # Naive UTC, as SQLite stores timestamps.
    assert [(str(s.until), s.shift) for s in spans] == [
        ("2026-03-29 01:00:00", 7200),
        ("2026-10-25 01:00:00", 10800),
        ("None", 7200),
    ]
