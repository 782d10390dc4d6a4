from __future__ import annotations

import pytest

from earful import cli


def test_import_is_an_alias_for_the_directory_import_command(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main(["earful", "import", "customers", "file.csv", "--dry-run"])
    assert seen == [["earful", "import_directory", "customers", "file.csv", "--dry-run"]]


def test_worker_runs_the_database_tasks_worker(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main(["earful", "worker"])
    assert seen == [["earful", "db_worker"]]


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["earful", "demo", "--help"])
    assert "--no-serve" in capsys.readouterr().out
