"""Every dashboard table and the drill-down list download as CSV and XLSX: the same rows
as the page, scoped as the page is."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from earful.metrics.dashboards import TREND_LENGTH
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def answer(customer, score, *, reason="", when=None):
    invitation = InvitationFactory.create(customer=customer)
    return response_submit(
        invitation=invitation, score=score, reason=reason, may_contact=False, now=when
    )


def content(response) -> bytes:
    # The test client closes the response once its content is read to the end.
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list[object]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(content(response)), read_only=True).active
    assert sheet is not None
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def export(client, table, fmt="csv", **params):
    return client.get(reverse("dashboard_export", args=[table, fmt]), params)


def test_the_units_table_downloads_with_the_pages_numbers(client, org):
    answer(org.oulu_customer, 10)
    answer(org.tampere_customer, 2)
    client.force_login(org.north_manager)
    rows = csv_rows(export(client, "units", unit=org.north.pk))
    assert rows[0][:3] == ["Unit", "External id", "Answers"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Oulu", "Tampere"}
    assert by_name["Oulu"][2:7] == ["1", "1", "0", "0", "100.0"]
    assert by_name["Tampere"][2:7] == ["1", "0", "0", "1", "-100.0"]
    assert [row[0] for row in rows[1:]] == ["Oulu", "Tampere"]  # best first, as on the page


def test_csv_and_xlsx_hold_the_same_rows(client, org):
    answer(org.oulu_customer, 9)
    answer(org.oulu_customer, 6)
    client.force_login(org.cx_lead)
    for table in ("trend", "distribution", "units", "people"):
        as_csv = csv_rows(export(client, table, unit=org.company.pk))
        as_xlsx = xlsx_rows(export(client, table, "xlsx", unit=org.company.pk))
        assert len(as_csv) == len(as_xlsx), table
        assert as_csv[0] == [str(v) for v in as_xlsx[0]], table
        for mine, theirs in zip(as_csv[1:], as_xlsx[1:], strict=True):
            assert mine[0] == str(theirs[0]) or mine[0] == f"{theirs[0]:%Y-%m-%d}", table


def test_a_manager_cannot_download_another_regions_tables(client, org):
    client.force_login(org.north_manager)
    for table in ("trend", "distribution", "units", "people"):
        assert export(client, table, unit=org.south.pk).status_code == 404
        assert export(client, table, "xlsx", unit=org.helsinki.pk).status_code == 404
    assert export(client, "responses", unit=org.south.pk).status_code == 404
    assert export(client, "nothing", unit=org.north.pk).status_code == 404
    assert export(client, "units", "pdf", unit=org.north.pk).status_code == 404
    assert export(client, "units").status_code == 404  # a dashboard table needs its unit


def test_an_anonymous_visitor_is_sent_to_log_in(client, org):
    response = export(client, "units", unit=org.company.pk)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_answers_download_is_the_drill_down_list(client, org):
    now = timezone.now()
    answer(org.oulu_customer, 10, reason="Loved it", when=now)
    answer(org.oulu_customer, 1, reason="=cmd|' /C calc'!A0", when=now)
    answer(org.tampere_customer, 8, reason="Fine", when=now - dt.timedelta(minutes=5))
    answer(org.helsinki_customer, 0, reason="South", when=now)
    client.force_login(org.north_manager)

    rows = csv_rows(export(client, "responses"))
    assert rows[0][:5] == ["Id", "Submitted", "Score", "Group", "Reason"]
    reasons = [row[4] for row in rows[1:]]
    assert set(reasons) == {"Loved it", "'=cmd|' /C calc'!A0", "Fine"}  # no South, no formula
    page = client.get(reverse("dashboard_responses")).context["page"]
    assert [int(row[0]) for row in rows[1:]] == [r.pk for r in page.object_list]

    detractors = csv_rows(export(client, "responses", unit=org.oulu.pk, group="detractor"))
    assert [(row[2], row[3], row[6]) for row in detractors[1:]] == [("1", "detractor", "Oulu")]
    as_xlsx = xlsx_rows(export(client, "responses", "xlsx", unit=org.oulu.pk))
    assert sorted(str(row[4]) for row in as_xlsx[1:]) == ["=cmd|' /C calc'!A0", "Loved it"]


def test_the_trend_downloads_by_the_period_shown(client, org):
    answer(org.oulu_customer, 10)
    client.force_login(org.oulu_rep)
    for period, length in TREND_LENGTH.items():
        rows = csv_rows(export(client, "trend", unit=org.oulu.pk, period=period))
        assert len(rows) == 1 + length, period
        assert rows[-1][2] == "1", period  # this period holds the answer


def test_the_people_table_lists_the_units_own_people(client, org):
    client.force_login(org.north_manager)
    rows = csv_rows(export(client, "people", unit=org.oulu.pk))
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [org.oulu_rep.get_full_name() or "oulu_rep", org.oulu_rep2.get_full_name() or "oulu_rep2"]
    )
    page = client.get(reverse("dashboard_unit", args=[org.oulu.pk])).content.decode()
    assert 'data-export="people-csv"' in page and 'data-export="units-csv"' not in page


def test_the_pages_link_every_table_to_its_downloads(client, org):
    answer(org.oulu_customer, 10)
    client.force_login(org.north_manager)
    page = client.get(reverse("dashboard")).content.decode()
    for table in ("trend", "distribution", "units"):
        assert f'data-export="{table}-csv"' in page and f'data-export="{table}-xlsx"' in page
    drill = client.get(reverse("dashboard_responses"), {"unit": org.oulu.pk}).content.decode()
    assert 'data-export="responses-xlsx"' in drill
