"""Keeping `MonthlyCell` exact: recount the cell an answer belongs to from the answers.

A recount is one aggregate over the cell's answers (found by the `unit, submitted_at`
index), then one upsert, so an edit, a deletion or a replayed task can never make a
count drift, and rebuilding everything gives the same numbers by construction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, DateField, Q, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from earful.metrics.models import MonthlyCell
from earful.metrics.nps import PASSIVE_MIN, PROMOTER_MIN
from earful.surveys.models import Response


@dataclass(frozen=True)
class CellKey:
    unit_id: int
    program_id: int
    segment: str
    month: dt.date


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month `moment` falls in, in the site's time zone."""
    return timezone.localtime(moment).date().replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, timezone.make_aware(dt.datetime.combine(following, dt.time.min))


def cell_key(response: Response) -> CellKey:
    segment = response.customer.segment if response.customer_id and response.customer else ""
    return CellKey(response.unit_id, response.program_id, segment, month_of(response.submitted_at))


GROUPS = {
    "promoters": Count("pk", filter=Q(score__gte=PROMOTER_MIN)),
    "passives": Count("pk", filter=Q(score__gte=PASSIVE_MIN, score__lt=PROMOTER_MIN)),
    "detractors": Count("pk", filter=Q(score__lt=PASSIVE_MIN)),
}


@transaction.atomic
def cell_recount(key: CellKey) -> None:
    """Recount one cell from its answers (an aggregate and an update, usually); delete it
    when none are left."""
    start, end = month_bounds(key.month)
    answers = Response.objects.filter(
        unit_id=key.unit_id,
        program_id=key.program_id,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    answers = (
        answers.filter(customer__segment=key.segment)
        if key.segment
        else answers.filter(Q(customer__isnull=True) | Q(customer__segment=""))
    )
    counts = answers.aggregate(**GROUPS)
    lookup: dict[str, Any] = {
        "unit_id": key.unit_id,
        "program_id": key.program_id,
        "segment": key.segment,
        "month": key.month,
    }
    if not any(counts.values()):
        MonthlyCell.objects.filter(**lookup).delete()
        return
    if MonthlyCell.objects.filter(**lookup).update(**counts) == 0:
        try:
            with transaction.atomic():
                MonthlyCell.objects.create(**lookup, **counts)
        except IntegrityError:  # another worker created it meanwhile: ours is as fresh
            MonthlyCell.objects.filter(**lookup).update(**counts)


def rollups_rebuild(*, batch_size: int = 5000) -> int:
    """Recount every cell from scratch in one grouped query: what the incremental path
    would have produced. Returns the number of cells."""
    grouped = (
        Response.objects.order_by()
        .annotate(
            month=TruncMonth("submitted_at", output_field=DateField()),
            seg=Coalesce("customer__segment", Value("")),
        )
        .values("unit_id", "program_id", "seg", "month")
        .annotate(
            promoters=GROUPS["promoters"],
            passives=GROUPS["passives"],
            detractors=GROUPS["detractors"],
        )
    )
    with transaction.atomic():
        MonthlyCell.objects.all().delete()
        cells = (
            MonthlyCell(
                unit_id=row["unit_id"],
                program_id=row["program_id"],
                segment=row["seg"],
                month=row["month"],
                promoters=row["promoters"],
                passives=row["passives"],
                detractors=row["detractors"],
            )
            for row in grouped.iterator(chunk_size=batch_size)
        )
        created = 0
        while batch := list(islice(cells, batch_size)):
            MonthlyCell.objects.bulk_create(batch)
            created += len(batch)
    return created
