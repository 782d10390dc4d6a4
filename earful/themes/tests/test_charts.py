from __future__ import annotations

import re

from earful.themes.charts import MatrixPoint, priority_matrix_svg


def _point(label, frequency, impact, href="/themes/verbatims/?theme=1"):
    return MatrixPoint(label, frequency, impact, impact - 3, impact + 3, href)


def test_each_theme_is_a_linked_point_coloured_by_its_interval():
    svg = str(
        priority_matrix_svg(
            [_point("Waiting", 0.3, -12), _point("Inspector", 0.2, 8), _point("Price", 0.1, 1)]
        )
    )
    assert svg.count('<circle class="point') == 3
    assert svg.count('<a href="/themes/verbatims/?theme=1" tabindex="-1">') == 3
    assert 'class="point harm"' in svg and 'class="point help"' in svg
    assert 'class="point unclear"' in svg


def test_labels_and_links_are_escaped():
    svg = str(priority_matrix_svg([_point("<b>&", 0.1, -1, href='/x?a=1&b="2"')]))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    assert 'href="/x?a=1&amp;b=&quot;2&quot;"' in svg


def test_points_in_the_same_place_get_labels_that_do_not_overlap():
    points = [_point(name, 0.2, -5) for name in ("One", "Two", "Three")]
    svg = str(priority_matrix_svg(points))
    labels = re.findall(
        r'<text class="label" x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)">(\w+)<', svg
    )
    boxes = []
    for x, y, anchor, text in labels:
        width = 7 * len(text)
        left = float(x) if anchor == "start" else float(x) - width
        boxes.append((left, float(y) - 10, left + width, float(y) + 2))
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_higher_impact_is_drawn_higher_and_more_frequent_further_right():
    svg = str(priority_matrix_svg([_point("Low", 0.1, -10), _point("High", 0.4, 10)]))
    (x1, y1), (x2, y2) = [
        (float(a), float(b)) for a, b in re.findall(r'cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    assert x2 > x1 and y2 < y1
