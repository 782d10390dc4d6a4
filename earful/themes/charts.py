"""The priority matrix as inline SVG: how often a theme comes up (x) against what it
costs in NPS (y), each theme a point with its interval that links to its verbatims.
Pure Python like `earful.metrics.charts`; the page shows the same numbers in a table,
which is what screen readers and text browsers get."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 360
PAD_LEFT = 48
PAD_RIGHT = 16
PAD_TOP = 16
PAD_BOTTOM = 40


@dataclass(frozen=True)
class MatrixPoint:
    label: str
    frequency: float  # share of answers, 0..1
    impact: float  # NPS points
    low: float
    high: float
    href: str


def _nice(value: float) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ at or above `value` (axis ends)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover


def _kind(point: MatrixPoint) -> str:
    """ "harm" when the whole interval is below zero, "help" above, else "unclear"."""
    if point.high < 0:
        return "harm"
    return "help" if point.low > 0 else "unclear"


def _place_label(
    label: str, cx: float, cy: float, placed: list[tuple[float, float, float, float]]
) -> tuple[str, float, float]:
    """Beside the point, right or left (left near the right edge), moving down a line at
    a time until the label's box overlaps no other label. Returns anchor, x and y."""
    width = 7.0 * len(label)  # about 7 units a character at 12 px
    sides = ["end", "start"] if cx + 9 + width > WIDTH else ["start", "end"]
    for step in range(12):
        top = cy - 8 + 14 * step
        for side in sides:
            left = cx + 9 if side == "start" else cx - 9 - width
            box = (left, top, left + width, top + 12)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
            ):
                placed.append(box)
                return side, (cx + 9 if side == "start" else cx - 9), top + 10
    placed.append((cx + 9, cy - 8, cx + 9 + width, cy + 4))
    return "start", cx + 9, cy + 2


def priority_matrix_svg(points: Sequence[MatrixPoint], *, title: str = "") -> SafeString:
    """One <a><circle class="point …"/></a> per theme: x is the share of answers that
    raise it, y its NPS impact (0 in the middle; below it the theme costs points), with
    a whisker for the interval."""
    x_max = _nice(max((p.frequency for p in points), default=0.0) * 100 * 1.1)
    y_max = _nice(max((max(abs(p.low), abs(p.high)) for p in points), default=0.0) * 1.1)
    span_x = WIDTH - PAD_LEFT - PAD_RIGHT
    span_y = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(share: float) -> float:
        return PAD_LEFT + min(share * 100, x_max) / x_max * span_x

    def y(points_: float) -> float:
        clipped = max(-y_max, min(y_max, points_))
        return PAD_TOP + (y_max - clipped) / (2 * y_max) * span_y

    body: list[str] = []
    for grid in (y_max, y_max / 2, 0.0, -y_max / 2, -y_max):
        body.append(
            f'<line class="grid{" zero" if grid == 0 else ""}" x1="{PAD_LEFT}" '
            f'x2="{WIDTH - PAD_RIGHT}" y1="{y(grid):.1f}" y2="{y(grid):.1f}"/>'
            f'<text class="axis" x="{PAD_LEFT - 6}" y="{y(grid) + 4:.1f}" '
            f'text-anchor="end">{grid:+g}</text>'
        )
    for tick in (0.0, x_max / 2, x_max):
        body.append(
            f'<text class="axis" x="{x(tick / 100):.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
            f'text-anchor="middle">{tick:g} %</text>'
        )
    placed: list[tuple[float, float, float, float]] = []  # label boxes, so none overlap
    for point in points:
        cx, cy = x(point.frequency), y(point.impact)
        anchor, label_x, label_y = _place_label(point.label, cx, cy, placed)
        body.append(
            f'<a href="{escape(point.href)}" tabindex="-1">'
            f'<line class="whisker" x1="{cx:.1f}" x2="{cx:.1f}" '
            f'y1="{y(point.high):.1f}" y2="{y(point.low):.1f}"/>'
            f'<circle class="point {_kind(point)}" cx="{cx:.1f}" cy="{cy:.1f}" r="6"/>'
            f'<text class="label" x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}">'
            f"{escape(point.label)}</text></a>"
        )
    head = (
        f'<svg class="chart matrix" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-hidden="true" focusable="false" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every value escaped
