"""Charts as inline SVG, built on the server: no JavaScript, no CDN, works offline.

Every chart is drawn next to a <table> of the same numbers, which is what screen readers
and text browsers get; the SVG itself is `aria-hidden`. Pure Python: the builders take
plain numbers and return markup that is safe to insert (all text is escaped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 40
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28


@dataclass(frozen=True)
class TrendPoint:
    """One month on the trend line: the NPS (None when nobody answered) and its interval."""

    label: str
    value: float | None
    low: float
    high: float


def _y(value: float, top: float = 100.0, bottom: float = -100.0) -> float:
    span = HEIGHT - PAD_TOP - PAD_BOTTOM
    return PAD_TOP + (top - value) / (top - bottom) * span


def _x(index: int, count: int) -> float:
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    if count <= 1:
        return PAD_LEFT + span / 2
    return PAD_LEFT + index * span / (count - 1)


def _svg(body: list[str], title: str) -> SafeString:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-hidden="true" '
        f'focusable="false" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every value escaped


def nps_trend_svg(points: Sequence[TrendPoint], *, title: str = "") -> SafeString:
    """A line of monthly NPS with its 95 % interval as a band; months without answers are
    gaps. One <circle class="point"> per month that has a value."""
    count = len(points)
    body: list[str] = []
    for grid in (100, 50, 0, -50, -100):
        y = _y(grid)
        body.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{grid}</text>'
        )
    # Runs of consecutive months with data: one band and one line per run.
    runs: list[list[int]] = []
    for index, point in enumerate(points):
        if point.value is None:
            continue
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        upper = [f"{_x(i, count):.1f},{_y(points[i].high):.1f}" for i in run]
        lower = [f"{_x(i, count):.1f},{_y(points[i].low):.1f}" for i in reversed(run)]
        if len(run) > 1:
            body.append(f'<polygon class="band" points="{" ".join(upper + lower)}"/>')
            line = " ".join(f"{_x(i, count):.1f},{_y(points[i].value or 0):.1f}" for i in run)
            body.append(f'<polyline class="line" points="{line}"/>')
        else:
            i = run[0]
            body.append(
                f'<line class="whisker" x1="{_x(i, count):.1f}" x2="{_x(i, count):.1f}" '
                f'y1="{_y(points[i].high):.1f}" y2="{_y(points[i].low):.1f}"/>'
            )
    for index, point in enumerate(points):
        x = _x(index, count)
        body.append(
            f'<text class="axis" x="{x:.1f}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{escape(point.label)}</text>'
        )
        if point.value is not None:
            body.append(f'<circle class="point" cx="{x:.1f}" cy="{_y(point.value):.1f}" r="3.5"/>')
    return _svg(body, title)


def distribution_svg(counts: Sequence[int], *, title: str = "") -> SafeString:
    """Bars of how many answered each score 0–10, coloured by NPS group. One
    <rect class="bar …"> per score."""
    if len(counts) != 11:
        raise ValueError(f"a distribution has 11 scores (0–10), not {len(counts)}")
    tallest = max(counts) or 1
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    slot = span / 11
    bottom = HEIGHT - PAD_BOTTOM
    body: list[str] = [
        f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{bottom}" y2="{bottom}"/>'
    ]
    for score, count in enumerate(counts):
        group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        height = (bottom - PAD_TOP) * count / tallest
        x = PAD_LEFT + score * slot + slot * 0.15
        body.append(
            f'<rect class="bar {group}" x="{x:.1f}" y="{bottom - height:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{height:.1f}"/>'
            f'<text class="axis" x="{x + slot * 0.35:.1f}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{score}</text>'
        )
    return _svg(body, title)
