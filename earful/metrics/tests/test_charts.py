"""The server-side SVG charts draw one mark per number, and escape what they print."""

from __future__ import annotations

import pytest

from earful.metrics.charts import TrendPoint, distribution_svg, nps_trend_svg


def test_the_trend_has_one_point_per_month_with_answers_and_gaps_for_the_rest() -> None:
    points = [
        TrendPoint("01", 10.0, -5.0, 25.0),
        TrendPoint("02", 20.0, 5.0, 35.0),
        TrendPoint("03", None, -100.0, 100.0),
        TrendPoint("04", -30.0, -50.0, -10.0),
    ]
    svg = nps_trend_svg(points, title="NPS")
    assert svg.count('class="point"') == 3
    # Months 1–2 form a line with a band; month 4 stands alone with a whisker.
    assert svg.count('class="line"') == 1
    assert svg.count('class="band"') == 1
    assert svg.count('class="whisker"') == 1
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_the_trend_puts_higher_scores_higher_on_the_chart() -> None:
    svg = nps_trend_svg(
        [TrendPoint("a", 100.0, 90.0, 100.0), TrendPoint("b", -100.0, -100.0, -90.0)]
    )
    first, second = (float(part.split('"')[0]) for part in svg.split('cy="')[1:3])
    assert first < second


def test_the_distribution_has_eleven_bars_coloured_by_group() -> None:
    svg = distribution_svg([1, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6])
    assert svg.count('class="bar ') == 11
    assert svg.count('class="bar detractor"') == 7
    assert svg.count('class="bar passive"') == 2
    assert svg.count('class="bar promoter"') == 2


def test_the_tallest_bar_is_the_most_common_score() -> None:
    svg = distribution_svg([0] * 10 + [8])
    heights = [float(p.split('"')[0]) for p in svg.split('height="')[1:]]
    assert heights[-1] == max(heights) > 0
    assert heights[:-1] == [0.0] * 10


def test_a_distribution_needs_eleven_scores() -> None:
    with pytest.raises(ValueError):
        distribution_svg([1, 2, 3])


def test_chart_text_is_escaped() -> None:
    svg = nps_trend_svg([TrendPoint("<b>", 1.0, 0.0, 2.0)], title="<script>")
    assert "<script>" not in svg and "<b>" not in svg
