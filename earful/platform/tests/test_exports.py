from __future__ import annotations

import csv
import datetime as dt
import io
import tracemalloc
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, cast

import openpyxl
import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from earful.directory.importing import import_file
from earful.directory.models import Unit
from earful.directory.tests.factories import CustomerFactory, UnitFactory
from earful.platform import exports
from earful.platform.exports import (
    CSV_CHUNK_BYTES,
    csv_cell,
    queryset_rows,
    stream_csv,
    stream_xlsx,
)


def chunks(response: StreamingHttpResponse | FileResponse) -> Iterator[bytes]:
    return iter(cast(Iterable[bytes], response.streaming_content))


def body(response: StreamingHttpResponse | FileResponse) -> bytes:
    return b"".join(chunks(response))


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(data: bytes) -> list[tuple[object, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet: Any = workbook.active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def excel_time(*parts: int) -> dt.datetime:
    """A time as Excel stores it: with no time zone."""
    return dt.datetime(*parts)  # type: ignore[arg-type]  # noqa: DTZ001


def test_a_csv_export_starts_with_a_bom_and_names_the_file():
    response = stream_csv(filename="nps.csv", header=["a"], rows=[[1]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nps.csv"'
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbfa\r\n")
    assert data.count(b"\xef\xbb\xbf") == 1


def test_a_csv_export_can_leave_out_the_bom():
    assert body(stream_csv(filename="x.csv", header=["a"], rows=[], bom=False)) == b"a\r\n"


def test_a_csv_export_quotes_commas_quotes_and_line_breaks():
    rows = [['Quote "Me", Oy', "two\nlines", "Åbo ärende", 3]]
    data = body(stream_csv(filename="x.csv", header=["name", "note", "city", "n"], rows=rows))
    assert b'"Quote ""Me"", Oy","two\nlines"' in data
    assert read_csv(data) == [
        ["name", "note", "city", "n"],
        ['Quote "Me", Oy', "two\nlines", "Åbo ärende", "3"],
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("+358 40 123 4567", "+358 40 123 4567"),
        ("-12.5", "-12.5"),
        ("a=b", "a=b"),
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(value, written):
    assert csv_cell(value) == written
    data = body(stream_csv(filename="x.csv", header=["v"], rows=[[value]]))
    assert read_csv(data)[1] == [written]


def test_csv_cells_write_blanks_booleans_decimals_and_dates_plainly(settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    moment = dt.datetime(2026, 1, 2, 10, 0, tzinfo=dt.UTC)
    row = [None, True, False, Decimal("12.50"), dt.date(2026, 3, 4), moment, -3]
    assert [csv_cell(v) for v in row] == [
        "",
        "true",
        "false",
        "12.50",
        "2026-03-04",
        "2026-01-02 12:00:00+02:00",
        "-3",
    ]


def test_the_header_is_guarded_too():
    assert read_csv(body(stream_csv(filename="x.csv", header=["=1"], rows=[])))[0] == ["'=1"]


def test_a_csv_export_reads_its_rows_lazily_and_sends_them_in_bounded_chunks():
    taken = 0

    def rows() -> Iterator[list[object]]:
        nonlocal taken
        for n in range(20_000):
            taken += 1
            yield [n, "x" * 20]

    response = stream_csv(filename="x.csv", header=["n", "x"], rows=rows())
    assert taken == 0
    sent = chunks(response)
    first = next(sent)
    assert CSV_CHUNK_BYTES <= len(first) < CSV_CHUNK_BYTES + 1024
    assert taken < 20_000
    rest = b"".join(sent)
    assert len(read_csv(first + rest)) == 20_001


def test_an_xlsx_export_opens_in_openpyxl_with_every_row_and_type():
    rows = [
        ["Oulu", 9, Decimal("1.5"), dt.date(2026, 2, 1), None, True],
        ["=cmd|' /C calc'!A0", -1, 0.25, dt.date(2026, 2, 2), "ok\x07", False],
    ]
    response = stream_xlsx(
        filename="nps.xlsx", header=["unit", "n", "d", "day", "s", "b"], rows=rows
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="nps.xlsx"'
    data = body(response)
    assert int(response["Content-Length"]) == len(data)
    assert read_xlsx(data) == [
        ("unit", "n", "d", "day", "s", "b"),
        ("Oulu", 9, 1.5, excel_time(2026, 2, 1), None, True),
        # Stored as text, not as a formula; control characters Excel refuses are dropped.
        ("=cmd|' /C calc'!A0", -1, 0.25, excel_time(2026, 2, 2), "ok", False),
    ]
    sheet: Any = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].data_type == "s"


def test_an_xlsx_export_writes_aware_times_as_local_times(settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    moment = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
    data = body(stream_xlsx(filename="x.xlsx", header=["at"], rows=[[moment]]))
    assert read_xlsx(data)[1] == (excel_time(2026, 6, 1, 12, 30),)


@pytest.mark.django_db
def test_queryset_rows_yields_the_named_fields_of_every_row(django_assert_num_queries):
    parent = UnitFactory.create(name="North")
    UnitFactory.create(name="Oulu", parent=parent)
    with django_assert_num_queries(1):
        rows = list(
            queryset_rows(Unit.objects.order_by("name"), ["name", "parent__name"], chunk_size=1)
        )
    assert rows == [("North", None), ("Oulu", "North")]


def many_rows(count: int) -> Iterator[tuple[object, ...]]:
    for n in range(count):
        yield (n, f"Customer {n} Oy", n % 11, "Long enough verbatim to be realistic, really.")


def peak_mb(run) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_a_200_000_row_csv_export_streams_in_bounded_memory():
    header = ["n", "name", "score", "reason"]
    size = 0

    def run() -> None:
        nonlocal size
        response = stream_csv(filename="x.csv", header=header, rows=many_rows(200_000))
        for chunk in chunks(response):
            size += len(chunk)

    peak = peak_mb(run)
    assert size > 15_000_000  # the whole document went through...
    assert peak < 5  # ...but never more than a few chunks of it at once


def test_a_10_000_row_xlsx_export_is_built_in_bounded_memory(monkeypatch):
    # A small spool, so that this test's file moves to disk as a large one would.
    monkeypatch.setattr(exports, "XLSX_SPOOL_BYTES", 100_000)
    rolled = []
    header = ["n", "name", "score", "reason"]
    size = 0

    def run() -> None:
        nonlocal size
        response = stream_xlsx(filename="x.xlsx", header=header, rows=many_rows(10_000))
        rolled.append(response.file_to_stream._rolled)  # type: ignore[union-attr]
        for chunk in chunks(response):
            size += len(chunk)
        response.file_to_stream.close()  # type: ignore[union-attr]

    peak = peak_mb(run)
    assert size > 150_000
    assert rolled == [True]
    print(f"peak {peak:.1f} MB")
    assert peak < 5


# The customer list's XLSX export, the first user of stream_xlsx.

CUSTOMERS_SEEN = {
    "admin": {"Oulu Oy", "Oulu Ab", "Tampere Oy", "Helsinki Oy", "Turku Oy", "Far Away Oy"},
    "north_manager": {"Oulu Oy", "Oulu Ab", "Tampere Oy"},
    "oulu_rep": {"Oulu Oy", "Oulu Ab", "Far Away Oy"},
    "nobody": set(),
}


def xlsx_records(response: StreamingHttpResponse | FileResponse) -> list[dict[object, object]]:
    header, *rows = read_xlsx(body(response))
    return [dict(zip(header, row, strict=False)) for row in rows]


@pytest.mark.parametrize(("persona", "seen"), list(CUSTOMERS_SEEN.items()))
def test_the_customer_xlsx_export_holds_exactly_the_customers_in_scope(client, org, persona, seen):
    client.force_login(getattr(org, persona))
    response = client.get(reverse("customer_export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="customers.xlsx"'
    assert {row["name"] for row in xlsx_records(response)} == seen


def test_the_customer_xlsx_export_honours_the_filters_and_links_from_the_list(client, org):
    client.force_login(org.admin)
    response = client.get(reverse("customer_export_xlsx"), {"unit": org.south.pk, "q": "oy"})
    assert {row["name"] for row in xlsx_records(response)} == {
        "Helsinki Oy",
        "Turku Oy",
        "Far Away Oy",
    }
    html = client.get(reverse("customer_list"), {"segment": "X"}).content.decode()
    assert 'href="/customers/export.xlsx?segment=X"' in html
    assert client.get(reverse("customer_export_xlsx"), {"unit": "north"}).status_code == 400


def test_the_customer_xlsx_export_refuses_a_unit_outside_scope(client, org):
    client.force_login(org.north_manager)
    response = client.get(reverse("customer_export_xlsx"), {"unit": org.helsinki.pk})
    assert response.status_code == 404


def test_the_customer_xlsx_export_asks_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("customer_export_xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_customer_xlsx_export_imports_again_with_nothing_to_change(client, org):
    CustomerFactory.create(
        external_id="C-XL",
        name="=Quote, Oy",
        phone="+358 9 555",
        annual_revenue=Decimal("12500.50"),
        unit=org.helsinki,
        owner=org.helsinki_rep,
    )
    client.force_login(org.admin)
    data = body(client.get(reverse("customer_export_xlsx")))
    report = import_file("customers", data=data, filename="customers.xlsx", actor=org.admin)
    assert report.errors == []
    assert (report.rows, report.unchanged) == (7, 7)
