"""Working-day deadlines: weekends, holidays up the tree, time zones and DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earful.cases.models import Holiday
from earful.cases.sla import add_working_days, is_working_day, unit_time_zone, working_deadline
from earful.directory.models import Unit

HEL = ZoneInfo("Europe/Helsinki")
NY = ZoneInfo("America/New_York")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0, tz: ZoneInfo = HEL) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


def test_two_working_days_from_monday_is_wednesday_same_time():
    deadline = add_working_days(start=at(2026, 11, 23), working_days=2, holidays=set(), tz=HEL)
    assert deadline == at(2026, 11, 25)


def test_it_skips_the_weekend():
    # Thursday 10:00 + 2 working days = Monday 10:00.
    deadline = add_working_days(start=at(2026, 11, 26), working_days=2, holidays=set(), tz=HEL)
    assert deadline == at(2026, 11, 30)


def test_a_saturday_answer_counts_from_monday_morning():
    deadline = add_working_days(
        start=at(2026, 11, 28, 22, 30), working_days=2, holidays=set(), tz=HEL
    )
    assert deadline == at(2026, 12, 2, 8, 0)


def test_an_early_morning_answer_counts_from_eight():
    deadline = add_working_days(start=at(2026, 11, 24, 5), working_days=1, holidays=set(), tz=HEL)
    assert deadline == at(2026, 11, 25, 8)


def test_it_skips_holidays():
    # Independence Day (Sun 6 Dec 2026 is a weekend anyway); use Thu 24 Dec and Fri 25 Dec.
    holidays = {dt.date(2026, 12, 24), dt.date(2026, 12, 25)}
    deadline = add_working_days(start=at(2026, 12, 23), working_days=1, holidays=holidays, tz=HEL)
    assert deadline == at(2026, 12, 28)


def test_the_same_local_time_across_a_dst_change():
    # Finland leaves summer time on Sunday 25 Oct 2026: UTC+3 on Friday, UTC+2 on Monday.
    start = at(2026, 10, 23, 14)
    deadline = add_working_days(start=start, working_days=1, holidays=set(), tz=HEL)
    assert deadline == at(2026, 10, 26, 14)
    assert deadline.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(days=3, hours=1)


def test_the_deadline_is_counted_in_the_given_time_zone():
    # Friday 23:30 in Helsinki is still Friday 16:30 in New York.
    start = at(2026, 11, 27, 23, 30)
    in_helsinki = add_working_days(start=start, working_days=1, holidays=set(), tz=HEL)
    in_new_york = add_working_days(start=start, working_days=1, holidays=set(), tz=NY)
    assert in_helsinki == at(2026, 11, 30, 23, 30)
    assert in_new_york == dt.datetime(2026, 11, 30, 16, 30, tzinfo=NY)


@given(
    start=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
        max_value=dt.datetime(2028, 12, 31),  # noqa: DTZ001
        timezones=st.just(HEL),
    ),
    working_days=st.integers(min_value=0, max_value=15),
    holidays=st.sets(st.dates(dt.date(2025, 1, 1), dt.date(2029, 3, 31)), max_size=40),
)
def test_the_deadline_is_never_a_day_off_and_skips_exactly_n_working_days(
    start, working_days, holidays
):
    deadline = add_working_days(start=start, working_days=working_days, holidays=holidays, tz=HEL)
    local_start = start.astimezone(HEL)
    assert deadline >= local_start
    assert is_working_day(deadline.date(), holidays)
    between = [
        local_start.date() + dt.timedelta(days=i)
        for i in range(1, (deadline.date() - local_start.date()).days + 1)
    ]
    counted = sum(is_working_day(day, holidays) for day in between)
    if is_working_day(local_start.date(), holidays):
        assert counted == working_days
    else:
        # Counting starts on the next working day, which itself is not counted.
        assert counted == working_days + 1
        assert deadline.time() == dt.time(8, 0)


@pytest.mark.django_db
def test_a_unit_inherits_its_time_zone_from_the_nearest_ancestor(org, settings):
    assert unit_time_zone(org.oulu) == ZoneInfo(settings.TIME_ZONE)
    Unit.objects.filter(pk=org.north.pk).update(time_zone="America/New_York")
    org.oulu.refresh_from_db()
    assert unit_time_zone(org.oulu) == NY
    assert unit_time_zone(org.helsinki) == ZoneInfo(settings.TIME_ZONE)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["oulu", "north", "company-wide"])
def test_holidays_of_the_unit_its_ancestors_and_the_company_count(org, where):
    unit = None if where == "company-wide" else getattr(org, where)
    Holiday.objects.create(day=dt.date(2026, 11, 24), name="Day off", unit=unit)
    deadline = working_deadline(start=at(2026, 11, 23), working_days=1, unit=org.oulu)
    assert deadline == at(2026, 11, 25)


@pytest.mark.django_db
def test_a_sibling_units_holiday_does_not_count(org):
    Holiday.objects.create(day=dt.date(2026, 11, 24), name="Tampere day", unit=org.tampere)
    Holiday.objects.create(day=dt.date(2026, 11, 24), name="South day", unit=org.south)
    deadline = working_deadline(start=at(2026, 11, 23), working_days=1, unit=org.oulu)
    assert deadline == at(2026, 11, 24)
