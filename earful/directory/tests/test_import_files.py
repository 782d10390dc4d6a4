"""Reading files: formats, encodings, delimiters, sizes; each refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from earful.directory.importing import import_file
from earful.directory.models import Customer
from earful.directory.tests.import_files import csv_bytes, snapshot, xlsx_bytes

HEADER = ["external_id", "name", "unit"]
GOOD = [HEADER, ["C1", "Äänekosken Kahvila Oy", "U-OUL"], ["C2", "Ångström AB", "U-HEL"]]


def import_customers(data: bytes, filename: str = "customers.csv", **kwargs):
    return import_file("customers", data=data, filename=filename, actor=None, **kwargs)


def only_reason(report) -> str:
    assert len(report.errors) == 1, report.errors
    return str(report.errors[0].reason)


@pytest.fixture
def unchanged(org):
    """Asserts, after the test, that the directory is exactly as the `org` fixture left it."""
    before = snapshot()
    yield
    assert snapshot() == before


def test_it_imports_utf8_csv_with_a_byte_order_mark(org):
    report = import_customers(b"\xef\xbb\xbf" + csv_bytes(GOOD))
    assert report.ok, report.errors
    assert Customer.objects.get(external_id="C1").name == "Äänekosken Kahvila Oy"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_detects_the_delimiter_from_the_header(org, delimiter):
    report = import_customers(csv_bytes(GOOD, delimiter=delimiter))
    assert report.ok, report.errors
    assert report.created == 2


def test_it_reads_utf16_unicode_text_from_excel(org):
    report = import_customers(csv_bytes(GOOD, delimiter="\t", encoding="utf-16"), "c.txt")
    assert report.ok, report.errors
    assert Customer.objects.filter(name="Ångström AB").exists()


def test_it_refuses_a_file_that_is_not_utf8_and_says_where(unchanged):
    rows = [
        HEADER,
        ["C1", "Plain Oy", "U-OUL"],
        ["C2", "Plain Ab", "U-OUL"],
        ["C3", "Café", "U-OUL"],
    ]
    report = import_customers(csv_bytes(rows, encoding="cp1252"))
    reason = only_reason(report)
    assert "not UTF-8" in reason
    assert "line 4" in reason
    assert "CSV UTF-8" in reason
    assert report.errors[0].row == 4


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (b"external_id,name,unit\n", "The file has a header row but no data rows."),
        (b"external_id,name,unit\n,,\n", "The file has a header row but no data rows."),
    ],
)
def test_it_refuses_empty_files(unchanged, data, expected):
    report = import_customers(data)
    assert only_reason(report) == expected
    assert report.errors[0].row is None


def test_it_refuses_files_over_the_size_limit_before_reading_them(unchanged, settings):
    settings.IMPORT_MAX_BYTES = 100
    report = import_customers(b"\xff" * 101)  # not even UTF-8: it is never decoded
    assert "largest file that can be imported" in only_reason(report)


def test_it_refuses_files_with_too_many_rows(unchanged, settings):
    settings.IMPORT_MAX_ROWS = 1
    assert "more than 1 rows, the most that can be imported" in only_reason(
        import_customers(csv_bytes(GOOD))
    )


@pytest.mark.parametrize("filename", ["customers.pdf", "customers", "customers.json"])
def test_it_refuses_files_that_are_not_csv_or_xlsx(unchanged, filename):
    reason = only_reason(import_customers(csv_bytes(GOOD), filename))
    assert "Only CSV and Excel files can be imported" in reason


def test_it_explains_that_old_excel_files_must_be_saved_as_xlsx(unchanged):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert "old-style Excel (.xls)" in only_reason(import_customers(data, "customers.xls"))
    assert "old-style Excel (.xls)" in only_reason(import_customers(data, "customers.csv"))


def test_it_refuses_a_corrupt_xlsx(unchanged):
    truncated = xlsx_bytes(GOOD)[:300]
    assert "not a valid Excel workbook" in only_reason(import_customers(truncated, "c.xlsx"))


def test_it_refuses_an_xlsx_that_is_not_a_zip_at_all(unchanged):
    assert "not a valid Excel workbook" in only_reason(import_customers(b"hello", "c.xlsx"))


def test_it_reports_csv_that_the_csv_reader_cannot_parse(unchanged):
    data = b'external_id,name,unit\nC1,A,U-OUL\nC2,"' + b"x" * 200_000 + b'",U-OUL\n'
    report = import_customers(data)
    assert "could not be read as CSV near line 3" in only_reason(report)
    assert report.errors[0].row == 3


def test_it_refuses_nul_characters_in_text(unchanged):
    report = import_customers(b'external_id,name,unit\nC1,"Nul\0 Oy",U-OUL\n')
    assert [(e.row, e.column) for e in report.errors] == [(2, "name")]


def test_it_imports_the_first_sheet_of_an_xlsx_file(org):
    rows: list[list[object]] = [
        [*HEADER, "annual_revenue", "churned_on", "survey_consent"],
        # Spreadsheet cells hold naive datetimes.
        ["C1", "Oulu Oy", "U-OUL", 12500.5, dt.datetime(2025, 3, 1), True],  # noqa: DTZ001
        [1002, "Numbered Oy", "U-OUL", 3000.0, dt.date(2024, 12, 31), False],
        [None, None, None, None, None, None],
    ]
    report = import_customers(xlsx_bytes(rows), "customers.xlsx")
    assert report.ok, report.errors
    assert report.rows == 2
    first = Customer.objects.get(external_id="C1")
    assert first.annual_revenue == pytest.approx(12500.5)
    assert first.churned_on == dt.date(2025, 3, 1)
    numbered = Customer.objects.get(external_id="1002")  # a whole number, not "1002.0"
    assert numbered.churned_on == dt.date(2024, 12, 31)
    assert numbered.survey_consent is False


def test_it_reads_an_xlsx_file_named_csv_by_mistake(org):
    report = import_customers(xlsx_bytes(GOOD), "customers.csv")
    assert report.ok, report.errors


def test_it_numbers_rows_as_a_spreadsheet_does_counting_blank_lines(unchanged):
    data = b"external_id,name,unit\nC1,A,U-OUL\n\n\nC2,B,NOWHERE\n"
    report = import_customers(data)
    assert [(e.row, e.column) for e in report.errors] == [(5, "unit")]
