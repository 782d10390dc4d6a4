"""Background work of the directory. Tasks are adapters: ids in, one service call."""

from __future__ import annotations

from django.tasks import task

from earful.directory.importing.jobs import import_job_process


@task
def import_job_run(job_id: int) -> None:
    """Check, or import, one uploaded file. Safe to run twice: the job is claimed first."""
    import_job_process(job_id=job_id)
