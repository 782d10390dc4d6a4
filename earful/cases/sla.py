"""Working-day deadlines: "call back within 2 working days" in the unit's own time.

`add_working_days` is pure (a start, a count, a set of days off) so it is easy to test
exhaustively; `working_deadline` loads the unit's time zone and holidays and calls it.
Weekends are Saturday and Sunday. A start outside working time (a weekend, a holiday,
or before 08:00) counts from the next working day's 08:00 local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from earful.directory.ancestry import Ancestry
from earful.directory.models import Unit

WORKDAY_STARTS = dt.time(8, 0)
SATURDAY = 5


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(
    *, start: dt.datetime, working_days: int, holidays: Collection[dt.date], tz: ZoneInfo
) -> dt.datetime:
    """`working_days` working days after `start`, at the same local time in `tz`.

    A start on a day off, or before the working day starts, moves to the next working
    day's start first. The result is aware, in `tz`, and never on a day off."""
    local = start.astimezone(tz)
    day, time = local.date(), local.timetz().replace(tzinfo=None)
    if not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
        while not is_working_day(day, holidays):
            day += dt.timedelta(days=1)
        time = WORKDAY_STARTS
    elif time < WORKDAY_STARTS:
        time = WORKDAY_STARTS
    remaining = working_days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    # Wall-clock time on the local day: across a DST change the UTC offset differs.
    return dt.datetime.combine(day, time, tzinfo=tz)


def _ancestors_and_self(unit: Unit) -> list[Unit]:
    """The unit and everything above it, nearest first (one query)."""
    chain = Unit.objects.filter(lft__lte=unit.lft, rght__gte=unit.rght).order_by("-depth")
    return list(chain) or [unit]


def unit_time_zone(unit: Unit) -> ZoneInfo:
    """The unit's time zone, else its nearest ancestor's, else settings.TIME_ZONE."""
    for node in _ancestors_and_self(unit):
        if node.time_zone:
            return ZoneInfo(node.time_zone)
    return ZoneInfo(settings.TIME_ZONE)


def holidays_for(unit: Unit, *, since: dt.date, until: dt.date) -> set[dt.date]:
    """Days off for the unit: its own, any ancestor's, and company-wide holidays."""
    from earful.cases.models import Holiday

    ancestors = Unit.objects.filter(lft__lte=unit.lft, rght__gte=unit.rght)
    return set(
        Holiday.objects.filter(day__gte=since, day__lte=until)
        .filter(Q(unit__isnull=True) | Q(unit__in=ancestors) | Q(unit=unit))
        .values_list("day", flat=True)
    )


def working_deadline(*, start: dt.datetime, working_days: int, unit: Unit) -> dt.datetime:
    """`working_days` working days after `start` in the unit's time zone and calendar."""
    calendar = calendar_for(Ancestry([unit]), [start], working_days)
    return calendar.deadline(start=start, working_days=working_days, unit=unit)


class Calendar:
    """Working-day deadlines for many units at once: the tree above them and their
    holidays over a window, loaded in a fixed number of queries (the follow-up of a
    batch of answers opens many cases in many units)."""

    def __init__(self, ancestry: Ancestry, *, since: dt.date, until: dt.date) -> None:
        from earful.cases.models import Holiday

        self.ancestry = ancestry
        self.since, self.until = since, until
        self._days = list(
            Holiday.objects.filter(day__gte=since, day__lte=until)
            .filter(Q(unit__isnull=True) | Q(unit__in=list(ancestry.units)))
            .values_list("unit_id", "day")
        )
        self._by_unit: dict[int, set[dt.date]] = {}

    def deadline(self, *, start: dt.datetime, working_days: int, unit: Unit) -> dt.datetime:
        tz = self.ancestry.time_zone(unit)
        assert self.since <= start.astimezone(tz).date() <= self.until
        if unit.pk not in self._by_unit:
            chain = {node.pk for node in self.ancestry.chain(unit)}
            self._by_unit[unit.pk] = {
                day for unit_id, day in self._days if unit_id is None or unit_id in chain
            }
        holidays = self._by_unit[unit.pk]
        return add_working_days(start=start, working_days=working_days, holidays=holidays, tz=tz)


def calendar_for(ancestry: Ancestry, starts: Collection[dt.datetime], max_days: int) -> Calendar:
    """A Calendar whose window holds every deadline of `max_days` working days from any
    of `starts` (N working days never span more than N weeks plus the holidays)."""
    first = min(starts).date() - dt.timedelta(days=1)
    last = max(starts).date() + dt.timedelta(days=7 * (max_days + 2) + 60)
    return Calendar(ancestry, since=first, until=last)
