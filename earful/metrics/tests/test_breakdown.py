"""A subtree's twelve months by program and by customer segment: sums of the program-and-
segment cells, each row compared with the whole, each linking to its own answers; the
same rows as CSV; scoped like every dashboard page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from earful.directory.tests.factories import CustomerFactory
from earful.metrics.dashboards import unit_breakdown
from earful.metrics.nps import counts_from_scores, estimate
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def answer(customer, score, program):
    invitation = InvitationFactory.create(customer=customer, program=program)
    return response_submit(invitation=invitation, score=score, reason="", may_contact=False)


@pytest.fixture
def answered(org):
    relationship = ProgramFactory.create(name="Relationship")
    visits = ProgramFactory.create(name="Inspection visit", kind="touchpoint")
    key = CustomerFactory.create(unit=org.oulu, segment="Key accounts")
    small = CustomerFactory.create(unit=org.tampere, segment="")
    south = CustomerFactory.create(unit=org.helsinki, segment="Key accounts")
    scores = {
        (key, relationship): [10] * 30,
        (key, visits): [9, 8],
        (small, relationship): [2] * 30,
        (south, visits): [0, 0, 0],  # outside the North
    }
    for (customer, program), values in scores.items():
        for score in values:
            answer(customer, score, program)
    return relationship, visits


def test_a_region_by_program_and_by_segment_sums_its_offices_answers(org, answered):
    relationship, visits = answered
    board = unit_breakdown(unit=org.north)
    assert board.counts == counts_from_scores([10] * 30 + [9, 8] + [2] * 30)
    by_program = {row.label: row for row in board.by_program}
    assert by_program["Relationship"].counts == counts_from_scores([10] * 30 + [2] * 30)
    assert by_program["Inspection visit"].counts == counts_from_scores([9, 8])
    assert by_program["Inspection visit"].estimate == estimate(counts_from_scores([9, 8]))
    by_segment = {row.segment: row for row in board.by_segment}
    assert by_segment["Key accounts"].counts == counts_from_scores([10] * 30 + [9, 8])
    assert by_segment[""].label == "No segment"
    assert by_segment[""].counts == counts_from_scores([2] * 30)
    # Key accounts are far above the region's whole, those without a segment far below.
    above, below = by_segment["Key accounts"].versus_whole, by_segment[""].versus_whole
    assert above is not None and below is not None
    assert above.significant and above.difference > 0
    assert below.significant and below.difference < 0
    assert [row.label for row in board.by_segment] == ["Key accounts", "No segment"]


def test_the_page_links_each_row_to_its_answers(client, org, answered):
    relationship, _visits = answered
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard_breakdown", args=[org.north.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-slice="Inspection visit"' in html and 'data-slice="No segment"' in html

    for row, query in page.context["segment_rows"]:
        answers = client.get(f"{reverse('dashboard_responses')}?{query}").context["page"]
        assert answers.paginator.count == row.counts.n
        assert len(answers.object_list) == row.counts.n
    for row, query in page.context["program_rows"]:
        answers = client.get(f"{reverse('dashboard_responses')}?{query}").context["page"]
        assert {r.program_id for r in answers.object_list} == {row.program_id}
        assert answers.paginator.count == row.counts.n


def test_the_breakdown_is_scoped_and_exported(client, org, answered):
    client.force_login(org.north_manager)
    assert client.get(reverse("dashboard_breakdown", args=[org.south.pk])).status_code == 404
    url = reverse("dashboard_export", args=["segments", "csv"])
    assert client.get(url, {"unit": org.south.pk}).status_code == 404
    response = client.get(url, {"unit": org.north.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Segment", "Answers"]
    assert [row[:2] for row in rows[1:]] == [["Key accounts", "32"], ["No segment", "30"]]
    assert rows[1][-1] == "significantly better"
    programs = client.get(
        reverse("dashboard_export", args=["programs", "csv"]), {"unit": org.north.pk}
    )
    assert programs.status_code == 200


def test_the_dashboard_links_to_the_breakdown(client, org, answered):
    client.force_login(org.north_manager)
    html = client.get(reverse("dashboard")).content.decode()
    assert reverse("dashboard_breakdown", args=[org.north.pk]) in html
