"""Importing customers: validation of every column, upsert by external id, atomicity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from earful.directory.importing import import_records
from earful.directory.importing.report import MAX_ERRORS
from earful.directory.models import Customer
from earful.directory.tests.import_files import reasons, snapshot
from earful.platform.models import AuditEntry


def row(external_id: str = "C1", **values: str) -> dict[str, str]:
    return {"external_id": external_id, "name": f"Customer {external_id}", "unit": "U-OUL"} | values


def import_customers(rows, **kwargs):
    return import_records("customers", rows, actor=None, **kwargs)


def many(n: int) -> list[dict[str, str]]:
    return [
        row(f"C{i:03d}", email=f"c{i}@example.org", owner="E-oulu_rep", segment="SME")
        for i in range(n)
    ]


def test_it_creates_customers_with_every_column(org):
    report = import_customers(
        [
            row(
                email="info@example.fi",
                phone="+358 40 123 4567",
                language="Suomi",
                segment="Industry",
                annual_revenue="12 500,50",
                lifecycle="At risk",
                churned_on="01.02.2025",
                owner="E-oulu_rep",
                survey_consent="no",
                marketing_consent="Y",
                opted_out="0",
            )
        ]
    )
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated, report.unchanged) == (1, 1, 0, 0)
    customer = Customer.objects.get(external_id="C1")
    assert customer.email == "info@example.fi"
    assert customer.language == "fi"
    assert customer.annual_revenue == Decimal("12500.50")
    assert customer.lifecycle == "at_risk"
    assert customer.churned_on == dt.date(2025, 2, 1)
    assert customer.owner == org.oulu_rep
    assert customer.unit == org.oulu
    assert (customer.survey_consent, customer.marketing_consent, customer.opted_out) == (
        False,
        True,
        False,
    )


def test_blank_optional_cells_take_the_model_defaults_on_create(org):
    import_customers([row(language="", lifecycle="", survey_consent="", annual_revenue="")])
    customer = Customer.objects.get(external_id="C1")
    assert (customer.language, customer.lifecycle, customer.survey_consent) == (
        "en",
        "active",
        True,
    )
    assert customer.annual_revenue is None


@pytest.mark.parametrize("owner", ["E-oulu_rep", "oulu_rep@example.com", "OULU_REP@example.COM"])
def test_owner_is_found_by_external_id_or_email(org, owner):
    assert import_customers([row(owner=owner)]).ok
    assert Customer.objects.get(external_id="C1").owner == org.oulu_rep


@pytest.mark.parametrize(
    ("text", "amount"),
    [("12500.50", "12500.50"), ("12 500,50", "12500.50"), ("12,500.50", "12500.50"),
     ("12.500,50", "12500.50"), ("7", "7.00"), ("0,5", "0.50")],
)  # fmt: skip
def test_annual_revenue_accepts_common_number_formats(org, text, amount):
    assert import_customers([row(annual_revenue=text)]).ok
    assert Customer.objects.get(external_id="C1").annual_revenue == Decimal(amount)


def test_importing_the_same_rows_twice_changes_nothing_the_second_time(org):
    rows = many(5)
    first = import_customers(rows)
    assert (first.created, first.updated, first.unchanged) == (5, 0, 0)
    before = snapshot()

    second = import_customers(rows)

    assert (second.rows, second.created, second.updated, second.unchanged) == (5, 0, 0, 5)
    after = snapshot()
    assert after[:3] == before[:3]  # updated_at included
    assert len(after[3]) == len(before[3]) + 1  # only the audit entry of the second run


def test_it_updates_only_the_rows_that_changed(org):
    import_customers(many(3))
    untouched = Customer.objects.get(external_id="C000").updated_at
    rows = many(3)
    rows[1]["name"] = "Renamed Oy"
    rows[2]["unit"] = "U-HEL"

    report = import_customers(rows)

    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Customer.objects.get(external_id="C001").name == "Renamed Oy"
    assert Customer.objects.get(external_id="C002").unit == org.helsinki
    assert Customer.objects.get(external_id="C000").updated_at == untouched
    assert Customer.objects.get(external_id="C001").updated_at > untouched


def test_columns_left_out_of_the_file_keep_their_values(org):
    import_customers([row(segment="Industry", lifecycle="at_risk")])
    report = import_customers([{"external_id": "C1", "name": "New name", "unit": "U-OUL"}])
    assert report.updated == 1
    customer = Customer.objects.get(external_id="C1")
    assert (customer.name, customer.segment, customer.lifecycle) == (
        "New name",
        "Industry",
        "at_risk",
    )


def test_consent_timestamps_are_set_on_create_only_when_consent_is_given(org):
    import_customers([row(survey_consent="yes", marketing_consent="no", opted_out="no")])
    customer = Customer.objects.get(external_id="C1")
    assert customer.survey_consent_at is not None
    assert customer.marketing_consent_at is None
    assert customer.opted_out_at is None


def test_consent_timestamps_move_only_when_the_consent_changes(org):
    import_customers([row(survey_consent="yes", marketing_consent="no")])
    consented_at = Customer.objects.get(external_id="C1").survey_consent_at
    started = timezone.now()

    import_customers([row(survey_consent="1", marketing_consent="yes", opted_out="")])

    customer = Customer.objects.get(external_id="C1")
    assert customer.survey_consent_at == consented_at
    assert customer.marketing_consent_at is not None
    assert customer.marketing_consent_at >= started
    assert customer.opted_out_at is None


def test_each_real_import_leaves_one_audit_entry(org):
    actor = org.cx_lead
    import_records("customers", many(2), actor=actor)
    entry = AuditEntry.objects.get(action="directory.imported")
    assert entry.actor == actor
    assert entry.data == {
        "kind": "customers",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }


def test_a_dry_run_reports_what_would_change_and_writes_nothing(org):
    before = snapshot()
    report = import_customers(many(3), dry_run=True)
    assert report.ok
    assert report.dry_run
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"unit": "NOWHERE"}, "unit", "No unit with this external id. Import the units first."),
        ({"unit": ""}, "unit", "Required; this cell is blank."),
        ({"owner": "nobody@nowhere"}, "owner", "No employee with this external id or email."),
        ({"email": "not-an-email"}, "email", "Not a valid email address."),
        ({"annual_revenue": "-5"}, "annual_revenue", "Cannot be negative."),
        ({"annual_revenue": "lots"}, "annual_revenue", "Not a number"),
        ({"churned_on": "2025-02-30"}, "churned_on", "Not a date"),
        ({"churned_on": "1/2/2025"}, "churned_on", "Not a date"),
        ({"lifecycle": "dormant"}, "lifecycle", "Not one of: prospect, onboarding, active"),
        ({"survey_consent": "maybe"}, "survey_consent", "Not a yes/no value"),
        ({"name": "x" * 201}, "name", "Longer than 200 characters."),
    ],
)
def test_bad_values_are_reported_with_row_column_value_and_reason(org, values, column, reason):
    before = snapshot()
    report = import_customers([row("C0"), row("C1", **values)])
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column) == (3, column)
    assert error.reason.startswith(reason)
    assert error.value == values[column] or error.value == values[column][:99] + "…"
    assert report.created == 0
    assert snapshot() == before


def test_duplicate_external_ids_in_the_file_are_an_error(org):
    before = snapshot()
    report = import_customers([row("C1"), row("C2"), row("C1")])
    assert reasons(report) == [(4, "external_id", "Duplicate: row 2 has the same external id.")]
    assert snapshot() == before


def test_one_bad_row_among_many_good_ones_writes_nothing(org):
    before = snapshot()
    rows = many(200)
    rows[150]["owner"] = "E-nobody-at-all"
    report = import_customers(rows)
    assert not report.ok
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (152, "owner", "E-nobody-at-all")
    ]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert snapshot() == before


def test_a_dry_run_reports_every_bad_row_not_just_the_first(org):
    rows = many(10)
    for i in (2, 5, 7):
        rows[i]["email"] = "broken@"
    rows[5]["unit"] = "NOWHERE"
    report = import_customers(rows, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "email"),
        (7, "unit"),
        (7, "email"),
        (9, "email"),
    ]


def test_huge_numbers_of_errors_are_counted_but_not_all_kept(org):
    rows = [row(f"C{i}", email="bad") for i in range(MAX_ERRORS + 5)]
    report = import_customers(rows, dry_run=True)
    assert len(report.errors) == MAX_ERRORS
    assert report.more_errors == 5
    assert report.error_count == MAX_ERRORS + 5


def test_header_names_ignore_case_spaces_and_hyphens(org):
    report = import_customers(
        [{"External ID": "C1", "NAME": "Oy", "Unit": "U-OUL", "annual-revenue": "5"}]
    )
    assert report.ok, report.errors
    assert Customer.objects.get(external_id="C1").annual_revenue == 5


def test_unknown_and_missing_columns_are_named(org):
    before = snapshot()
    report = import_customers([{"external_id": "C1", "nmae": "Oy", "unit": "U-OUL"}])
    assert [(e.row, e.column) for e in report.errors] == [(1, "nmae"), (1, "name")]
    assert report.errors[0].reason.startswith("Unknown column. Expected: external_id, name,")
    assert report.errors[1].reason == "Required column is missing from the header row."
    assert snapshot() == before
