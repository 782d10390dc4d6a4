"""Importing employees: roles by value or label, one email address per person."""

from __future__ import annotations

import pytest

from earful.directory.importing import import_records
from earful.directory.models import Employee
from earful.directory.tests.import_files import reasons, snapshot


def employee(external_id: str = "E1", **values: str) -> dict[str, str]:
    return {
        "external_id": external_id,
        "email": f"{external_id.lower()}@example.fi",
        "first_name": "Aino",
        "last_name": "Aalto",
        "role": "front_line",
        "unit": "U-OUL",
    } | values


def import_employees(rows, **kwargs):
    return import_records("employees", rows, actor=None, **kwargs)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("cx_lead", "cx_lead"),
        ("CX lead", "cx_lead"),
        ("Front-line", "front_line"),
        ("front line", "front_line"),
        ("Administrator", "admin"),
        ("MANAGER", "manager"),
    ],
)
def test_roles_are_accepted_by_value_or_label(org, role, expected):
    report = import_employees([employee(role=role)])
    assert report.ok, report.errors
    assert Employee.objects.get(external_id="E1").role == expected


def test_new_employees_log_in_with_their_email_and_set_a_password_by_reset(org):
    import_employees([employee(email="Aino.Aalto@Example.fi", language="sv")])
    new = Employee.objects.get(external_id="E1")
    assert new.username == "aino.aalto@example.fi"
    assert new.email == "Aino.Aalto@Example.fi"
    assert new.language == "sv"
    assert new.is_active
    assert not new.has_usable_password()
    assert new.unit == org.oulu


def test_updating_an_employee_keeps_their_password(org):
    password = org.oulu_rep.password
    report = import_employees(
        [employee("E-oulu_rep", email="oulu_rep@example.com", role="manager")]
    )
    assert report.updated == 1
    org.oulu_rep.refresh_from_db()
    assert org.oulu_rep.role == "manager"
    assert org.oulu_rep.password == password
    assert org.oulu_rep.username == "oulu_rep@example.com"


def test_employees_can_be_deactivated(org):
    import_employees([employee(is_active="no")])
    assert not Employee.objects.get(external_id="E1").is_active


def test_reimporting_employees_changes_nothing(org):
    rows = [employee("E1"), employee("E2", role="Manager")]
    import_employees(rows)
    before = snapshot()
    report = import_employees(rows)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert snapshot()[:3] == before[:3]


def test_duplicate_emails_within_the_file_are_refused(org):
    before = snapshot()
    report = import_employees([employee("E1"), employee("E2", email="E1@example.fi")])
    assert reasons(report) == [(3, "email", "Duplicate: row 2 has the same email address.")]
    assert snapshot() == before


def test_an_email_of_another_existing_employee_is_refused(org):
    before = snapshot()
    report = import_employees([employee("E1", email="Helsinki_rep@example.com")])
    assert reasons(report) == [
        (2, "email", "Another employee (E-helsinki_rep) already has this email address.")
    ]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"role": "boss"}, "role", "Not one of: admin, cx_lead, manager, front_line, analyst."),
        ({"role": ""}, "role", "Required; this cell is blank."),
        ({"unit": "NOWHERE"}, "unit", "No unit with this external id. Import the units first."),
        ({"email": "aino@"}, "email", "Not a valid email address."),
        ({"language": "klingon"}, "language", "Not one of: en, fi, sv, de, es."),
    ],
)
def test_bad_employee_values_are_refused(org, values, column, reason):
    before = snapshot()
    report = import_employees([employee(**values)])
    assert reasons(report) == [(2, column, reason)]
    assert snapshot() == before


def test_an_email_too_long_to_be_a_username_is_refused(org):
    address = "a" * 140 + "@example.fi"
    report = import_employees([employee(email=address)])
    assert reasons(report) == [(2, "email", "Longer than 150 characters.")]


def test_admins_get_the_django_admin_and_lose_it_with_the_role(db):
    from earful.directory.importing import import_records
    from earful.directory.models import Employee

    row = {"external_id": "E1", "email": "ada@example.com", "role": "admin"}
    assert import_records("employees", [row], actor=None).ok
    ada = Employee.objects.get(external_id="E1")
    assert ada.is_staff and ada.is_superuser
    assert import_records("employees", [{**row, "role": "analyst"}], actor=None).ok
    ada.refresh_from_db()
    assert not ada.is_staff and not ada.is_superuser
