"""`earful import KIND FILE [--dry-run]`"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from earful.directory.models import Customer
from earful.directory.tests.import_files import csv_bytes, snapshot

ROWS = [["external_id", "name", "unit"], ["C1", "Oulu Oy", "U-OUL"], ["C2", "Turku Oy", "U-TKU"]]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_directory", *args, stdout=out)
    return out.getvalue()


def test_it_imports_a_file_and_prints_a_summary(org, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(ROWS))
    assert run("customers", str(path)) == "2 rows: 2 created, 0 updated, 0 unchanged\n"
    assert run("customers", str(path)) == "2 rows: 0 created, 0 updated, 2 unchanged\n"
    assert Customer.objects.filter(external_id__in=["C1", "C2"]).count() == 2


def test_a_dry_run_writes_nothing(org, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(ROWS))
    before = snapshot()
    assert run("customers", str(path), "--dry-run").startswith("Dry run, nothing written.")
    assert snapshot() == before


def test_errors_are_printed_as_a_table_and_the_command_fails(org, tmp_path, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([*ROWS, ["C3", "Nowhere Oy", "NOWHERE"], ["C4", "", "U-OUL"]]))
    before = snapshot()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 errors in customers.csv; nothing was imported"):
        call_command("import_directory", "customers", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Nothing was imported: 4 rows, 2 errors."
    assert lines[1].split() == ["Row", "Column", "Value", "Reason"]
    assert lines[2].split()[:3] == ["4", "unit", "NOWHERE"]
    assert lines[3].split()[:3] == ["5", "name", "Required;"]
    assert snapshot() == before


def test_a_bad_file_fails_the_command(org, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes("external_id,name,unit\nC1,Café,U-OUL\n".encode("latin-1"))
    with pytest.raises(CommandError, match="1 error in customers.csv"):
        run("customers", str(path))


def test_it_checks_the_size_before_reading_the_file(org, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 10
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="largest file that can be imported"):
        run("customers", str(path))


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing.csv: No such file"):
        run("customers", str(tmp_path / "nothing.csv"))
