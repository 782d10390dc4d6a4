"""Every table on the dashboards as a header and rows, for the CSV and XLSX downloads.

The rows are built from the same `Dashboard` the page shows (so a download always matches
the page) or, for the answers behind a number, read lazily from the same queryset as the
drill-down list, a chunk at a time, so a million answers stream in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from earful.directory.models import Employee
from earful.metrics.dashboards import Breakdown, Dashboard
from earful.metrics.nps import Change, Counts, Estimate
from earful.surveys.models import Response

DASHBOARD_TABLES = ("trend", "distribution", "units", "people", "programs", "segments")
TABLES = (*DASHBOARD_TABLES, "responses")


@dataclass(frozen=True)
class Table:
    filename: str  # without the extension
    header: list[str]
    rows: Iterable[Sequence[object]]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _estimate_cells(est: Estimate) -> list[object]:
    """NPS, its interval and the small-sample flag: blank when nobody answered."""
    if est.value is None:
        return [None, None, None, None]
    return [_rounded(est.value), _rounded(est.low), _rounded(est.high), est.small_sample]


def _estimate_header() -> list[str]:
    return [_("NPS"), _("Low (95 %)"), _("High (95 %)"), _("Small sample")]


def trend_table(board: Dashboard) -> Table:
    rows = [
        [
            point.start,
            point.last,
            point.counts.n,
            point.counts.promoters,
            point.counts.passives,
            point.counts.detractors,
            *_estimate_cells(point.estimate),
        ]
        for point in board.trend
    ]
    header = [_("From"), _("To"), _("Answers"), _("Promoters"), _("Passives"), _("Detractors")]
    return Table(
        filename=f"nps-by-{board.period}-{board.unit.pk}",
        header=header + _estimate_header(),
        rows=rows,
    )


def distribution_table(board: Dashboard) -> Table:
    return Table(
        filename=f"answers-by-score-{board.unit.pk}",
        header=[_("Score"), _("Answers")],
        rows=[[score, count] for score, count in enumerate(board.distribution)],
    )


def _versus(change: Change | None) -> str:
    """A row's change against the whole, in the words of the page."""
    if change is None:
        return ""
    if not change.significant:
        return _("within the margin of error")
    return _("significantly better") if change.difference > 0 else _("significantly worse")


def _compared(counts: Counts, est: Estimate, change: Change | None) -> list[object]:
    """A row's answers, NPS and its change against the whole, as the page shows them."""
    return [
        counts.n,
        counts.promoters,
        counts.passives,
        counts.detractors,
        *_estimate_cells(est),
        _versus(change),
    ]


def _compared_header(whole: str) -> list[str]:
    return [
        _("Answers"),
        _("Promoters"),
        _("Passives"),
        _("Detractors"),
        *_estimate_header(),
        _("Against %(unit)s") % {"unit": whole},
    ]


def units_table(board: Dashboard) -> Table:
    """The units below, best first: the page's table, with its significance markers."""
    rows = [
        [
            row.unit.name,
            row.unit.external_id,
            *_compared(row.counts, row.estimate, row.versus_parent),
        ]
        for row in board.children
    ]
    header = [_("Unit"), _("External id"), *_compared_header(board.unit.name)]
    return Table(filename=f"units-below-{board.unit.pk}", header=header, rows=rows)


def slices_table(board: Breakdown, which: str) -> Table:
    """The unit's answers by program or by segment (`which`: "programs" or "segments")."""
    slices = board.by_program if which == "programs" else board.by_segment
    rows = [[row.label, *_compared(row.counts, row.estimate, row.versus_whole)] for row in slices]
    first = _("Program") if which == "programs" else _("Segment")
    header = [first, *_compared_header(board.unit.name)]
    return Table(filename=f"nps-by-{which[:-1]}-{board.unit.pk}", header=header, rows=rows)


def people_table(board: Dashboard, people: Iterable[Employee]) -> Table:
    rows = [
        [person.get_full_name() or person.username, person.get_role_display(), person.email]
        for person in people
    ]
    return Table(
        filename=f"people-{board.unit.pk}",
        header=[_("Name"), _("Role"), _("Email")],
        rows=rows,
    )


RESPONSE_FIELDS = (
    "pk",
    "submitted_at",
    "score",
    "reason",
    "customer__name",
    "respondent_name",
    "unit__name",
    "program__name",
    "channel",
)


def _group(score: int) -> str:
    if score >= 9:
        return _("promoter")
    return _("passive") if score >= 7 else _("detractor")


def _response_rows(responses: QuerySet[Response]) -> Iterator[list[object]]:
    for (
        pk,
        submitted,
        score,
        reason,
        customer,
        respondent,
        unit,
        program,
        channel,
    ) in responses.values_list(*RESPONSE_FIELDS).iterator(chunk_size=2000):
        who: Any = customer or respondent or ""
        yield [pk, submitted, score, _group(score), reason, who, unit, program, channel]


def responses_table(responses: QuerySet[Response], *, name: str) -> Table:
    """The drill-down's answers, newest first, read a chunk at a time."""
    header = [
        _("Id"),
        _("Submitted"),
        _("Score"),
        _("Group"),
        _("Reason"),
        _("Customer"),
        _("Unit"),
        _("Program"),
        _("Channel"),
    ]
    return Table(filename=f"answers-{name}", header=header, rows=_response_rows(responses))
