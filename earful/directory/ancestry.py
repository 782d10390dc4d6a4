"""The tree above a batch of units, loaded once: who manages them, which time zone and
which holidays apply. Work on many responses at once (the follow-up of a burst of
answers) asks these questions hundreds of times; each answer here is a dictionary
lookup instead of a query."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from earful.directory.choices import Role
from earful.directory.models import Employee, Unit


class Ancestry:
    """The given units and all their ancestors, with the active managers of each."""

    def __init__(self, units: Iterable[Unit]) -> None:
        distinct = {unit.pk: unit for unit in units}
        self.units: dict[int, Unit] = {}
        if distinct:
            # Distinct (lft, rght) pairs: a batch usually has far fewer units than answers.
            spans = {(u.lft, u.rght) for u in distinct.values()}
            above = reduce(operator.or_, (Q(lft__lte=lft, rght__gte=rght) for lft, rght in spans))
            self.units = {u.pk: u for u in Unit.objects.filter(above)}
        self.units.update({pk: u for pk, u in distinct.items() if pk not in self.units})
        self._chains: dict[int, list[Unit]] = {}
        self._managers: dict[int, list[Employee]] = {}
        for manager in (
            Employee.objects.filter(is_active=True, role=Role.MANAGER, unit_id__in=list(self.units))
            .select_related("unit", "notification_preference")
            .order_by("pk")
        ):
            assert manager.unit_id is not None
            self._managers.setdefault(manager.unit_id, []).append(manager)

    def chain(self, unit: Unit) -> list[Unit]:
        """The unit and everything above it, nearest first."""
        if unit.pk not in self._chains:
            known = self.units.get(unit.pk, unit)
            above = [u for u in self.units.values() if u.lft <= known.lft and u.rght >= known.rght]
            self._chains[unit.pk] = sorted(above, key=lambda u: -u.depth) or [known]
        return self._chains[unit.pk]

    def managers_above(self, unit: Unit) -> list[Employee]:
        """Active managers of the unit and every unit above it, nearest first."""
        return [m for node in self.chain(unit) for m in self._managers.get(node.pk, [])]

    def time_zone(self, unit: Unit) -> ZoneInfo:
        """The unit's time zone, else its nearest ancestor's, else the site's."""
        for node in self.chain(unit):
            if node.time_zone:
                return ZoneInfo(node.time_zone)
        return ZoneInfo(settings.TIME_ZONE)

    def time_zone_of_unit_id(self, unit_id: int | None) -> ZoneInfo:
        unit = self.units.get(unit_id) if unit_id is not None else None
        return self.time_zone(unit) if unit is not None else ZoneInfo(settings.TIME_ZONE)
