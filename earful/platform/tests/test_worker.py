"""Background jobs on the database backend: queued rows that any worker can run later."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from earful.directory.choices import ImportStatus, Role
from earful.directory.importing.jobs import import_job_create
from earful.directory.models import ImportJob, Unit
from earful.directory.tests.factories import EmployeeFactory

UNITS_CSV = b"external_id,name,kind,parent\nHQ,Head office,company,\nN,North,region,HQ\n"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_job_waits_in_the_database_until_a_worker_runs_it(
    database_tasks, transactional_db
):
    lead = EmployeeFactory.create(role=Role.CX_LEAD)
    job = import_job_create(
        actor=lead, kind="units", filename="units.csv", content=UNITS_CSV, dry_run=False
    )
    # Nothing has run yet: the task is a row, so it survives a restart of every process.
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED

    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert set(Unit.objects.values_list("external_id", flat=True)) == {"HQ", "N"}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_running_the_same_job_twice_imports_once(database_tasks, transactional_db):
    from earful.directory.tasks import import_job_run

    lead = EmployeeFactory.create(role=Role.CX_LEAD)
    job = import_job_create(
        actor=lead, kind="units", filename="units.csv", content=UNITS_CSV, dry_run=False
    )
    import_job_run.call(job.pk)
    import_job_run.call(job.pk)  # a second worker got the same id: the claim stops it
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert Unit.objects.count() == 2
