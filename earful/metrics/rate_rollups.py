"""Keeping the rate cells exact: invitations sent and answered, cases handled in time.

The response rate (answered / sent) and SLA compliance (met / (met + late)) are read
from `InvitationMonthCell` and `CaseMonthCell` (see `earful.metrics.models`), kept like
the answers' cells: each touched (unit, month) is recounted from its rows by one grouped
query, then upserted.

Every recount first locks its cells (`earful.metrics.rollups.lock_statements`) and only then
counts: an invitation is recounted in the transaction that sends it and a case in the one
that changes it, and without the lock two such transactions on one cell could each count
without the other's uncommitted row, the later write losing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection, models
from django.db.models import Count, DateField, F, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from earful.cases.models import Case
from earful.metrics.local_time import LocalDateSQLite, site_zone, zone_spans
from earful.metrics.models import CaseMonthCell, InvitationMonthCell
from earful.metrics.rollups import (
    CASE_CELLS,
    INVITATION_CELLS,
    Recount,
    Rows,
    as_date,
    cell_writes,
    chunks,
    local_date_sql,
    lock_keys,
    month_bounds,
    rebuild_cells,
    recounts_run,
    rows_in,
)
from earful.metrics.statements import Statement
from earful.surveys.models import Invitation, Response

UnitMonth = tuple[int, dt.date]


@dataclass(frozen=True)
class Tally:
    """How one kind of rate cell is counted: from which rows (`source`, aliased `t`),
    placed in a month by which timestamp, with which aggregates (cell field → SQL)."""

    cell: type[models.Model]
    source: str
    stamp: str
    aggregates: dict[str, str]
    lock: int  # its kind for `lock_cells`


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _invitations() -> Tally:
    return Tally(
        cell=InvitationMonthCell,
        source=(f"{_table(Invitation)} t LEFT JOIN {_table(Response)} r ON r.invitation_id = t.id"),
        stamp="sent_at",
        aggregates={"sent": "COUNT(*)", "answered": "COUNT(r.id)"},
        lock=INVITATION_CELLS,
    )


def _cases() -> Tally:
    done = "COALESCE(t.first_contact_at, t.closed_at)"
    return Tally(
        cell=CaseMonthCell,
        source=f"{_table(Case)} t",
        stamp="opened_at",
        aggregates={
            "met": f"SUM(CASE WHEN {done} <= t.due_at THEN 1 ELSE 0 END)",
            "late": f"SUM(CASE WHEN {done} > t.due_at THEN 1 ELSE 0 END)",
        },
        lock=CASE_CELLS,
    )


def local_month(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def tally_counting(tally: Tally, pairs: Iterable[UnitMonth]) -> Recount:
    """The recount of the cells of `tally` for each (unit, month) in `pairs`: count their
    rows, write the counts, delete the cells left with nothing to count."""
    pairs = set(pairs)
    stamp = f"t.{tally.stamp}"
    counting = []
    for chunk in chunks(sorted(pairs)):
        month_sql, month_params = local_date_sql(stamp, (m for _u, m in chunk), month=True)
        where, where_params = rows_in(chunk, month_bounds, stamp=stamp)
        counting.append(
            (
                f"SELECT t.unit_id, {month_sql}, {', '.join(tally.aggregates.values())}"  # noqa: S608 (our names)
                f" FROM {tally.source} WHERE {where} GROUP BY 1, 2",
                [*month_params, *where_params],
            )
        )
    names = list(tally.aggregates)

    def writes(counted: Rows) -> list[Statement]:
        counts: dict[Any, dict[str, int]] = {
            (unit_id, as_date(month)): dict(zip(names, values, strict=True))
            for rows in counted
            for unit_id, month, *values in rows
            if any(values)
        }
        return cell_writes(tally.cell, ["unit_id", "month"], counts, pairs)

    return Recount(lock_keys(tally.lock, pairs), counting, writes)


def invitations_counting(invitations: Iterable[Invitation]) -> Recount:
    """The recount of the cells of the months in which these invitations were sent
    (those not sent have none)."""
    return tally_counting(
        _invitations(),
        {(i.unit_id, local_month(i.sent_at)) for i in invitations if i.sent_at is not None},
    )


def invitations_recount(invitations: Iterable[Invitation]) -> None:
    recounts_run([invitations_counting(invitations)])


def answered_invitations_counting(responses: Iterable[Response]) -> Recount:
    """After answers were given, edited or deleted: the recount of the cells of the
    invitations they answer (those not loaded with their answers in one query)."""
    invitations: list[Invitation] = []
    ids = set()
    for response in responses:
        if response.invitation_id is None:
            continue
        if Response.invitation.is_cached(response):
            invitations.append(cast(Invitation, response.invitation))
        else:
            ids.add(response.invitation_id)
    if ids:
        invitations += Invitation.objects.filter(pk__in=ids).only("unit_id", "sent_at")
    return invitations_counting(invitations)


def answered_invitations_recount(responses: Iterable[Response]) -> None:
    recounts_run([answered_invitations_counting(responses)])


def cases_recount(cases: Iterable[Case]) -> None:
    """Recount the cells of the months these cases were opened in."""
    recounts_run([tally_counting(_cases(), {(c.unit_id, local_month(c.opened_at)) for c in cases})])


# Rebuilding -----------------------------------------------------------------------------


def _month_of(queryset: QuerySet[Any], column: str) -> Any:
    """The local month of `column`, as the incremental path computes it."""
    if connection.vendor != "sqlite":
        return TruncMonth(column, output_field=DateField())
    span = queryset.aggregate(first=Min(column), last=Max(column))
    if span["first"] is None:
        return TruncMonth(column, output_field=DateField())
    spans = zone_spans(span["first"], span["last"], site_zone())
    return LocalDateSQLite(column, spans=spans, month=True)


def rate_cells_rebuild() -> None:
    """Recount every invitation and case cell from scratch (in the caller's transaction),
    one INSERT … SELECT each."""
    sent = Invitation.objects.order_by().filter(sent_at__isnull=False)
    invitations = (
        sent.annotate(month=_month_of(sent, "sent_at"))
        .values("unit_id", "month")
        .annotate(sent=Count("pk"), answered=Count("response"))
    )
    rebuild_cells(
        InvitationMonthCell,
        invitations,
        ["unit_id", "month", "sent", "answered"],
        ["month", "unit_id"],
    )
    opened = Case.objects.order_by()
    done = Coalesce("first_contact_at", "closed_at")
    cases = (
        opened.annotate(month=_month_of(opened, "opened_at"), done=done)
        .values("unit_id", "month")
        .annotate(
            met=Count("pk", filter=Q(done__lte=F("due_at"))),
            late=Count("pk", filter=Q(done__gt=F("due_at"))),
        )
        .filter(Q(met__gt=0) | Q(late__gt=0))
    )
    rebuild_cells(CaseMonthCell, cases, ["unit_id", "month", "met", "late"], ["month", "unit_id"])
