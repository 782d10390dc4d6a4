"""Import jobs: an uploaded file, checked or imported in the background, and its report."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from earful.directory.access import may_edit_directory
from earful.directory.choices import ImportStatus
from earful.directory.importing.services import import_file
from earful.directory.models import Employee, ImportJob

logger = logging.getLogger(__name__)

FILENAME_MAX = ImportJob._meta.get_field("filename").max_length or 255


def import_job_list_visible_to(*, user: Employee) -> QuerySet[ImportJob]:
    """Everyone who may import sees every import (there are few, and they share the
    directory); nobody else sees any."""
    if not may_edit_directory(user):
        return ImportJob.objects.none()
    return ImportJob.objects.defer("content").select_related("created_by")


def import_job_get_for_user(*, user: Employee, job_id: int) -> ImportJob:
    return get_object_or_404(import_job_list_visible_to(user=user), pk=job_id)


@transaction.atomic
def import_job_create(
    *, actor: Employee, kind: str, filename: str, content: bytes, dry_run: bool
) -> ImportJob:
    """Store the upload and queue it; the worker checks (and, unless a dry run, imports)."""
    job = ImportJob(
        kind=kind,
        filename=filename[-FILENAME_MAX:],
        content=content,
        dry_run=dry_run,
        created_by=actor,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def import_job_apply(*, actor: Employee, job: ImportJob) -> ImportJob:
    """Import for real the file of a dry run that found no problems, as a new job."""
    if not (job.dry_run and job.status == ImportStatus.VALID):
        raise ValidationError(_("Only a dry run that found no problems can be imported."))
    content = ImportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    return import_job_create(
        actor=actor, kind=job.kind, filename=job.filename, content=bytes(content), dry_run=False
    )


def import_job_process(*, job_id: int) -> None:
    """Run one queued job. It is claimed with a conditional UPDATE first, so a job that
    is delivered twice, or to two workers, runs once."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        report = import_file(
            job.kind,
            data=bytes(job.content),
            filename=job.filename,
            actor=job.created_by,
            dry_run=job.dry_run,
        )
    except Exception:
        logger.exception("Import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.message = _("The import stopped with an unexpected error; nothing was written.")
    else:
        if not report.ok:
            job.status = ImportStatus.INVALID
        else:
            job.status = ImportStatus.VALID if job.dry_run else ImportStatus.DONE
        job.rows = report.rows
        job.created_count = report.created
        job.updated_count = report.updated
        job.unchanged_count = report.unchanged
        job.errors = [error.as_dict() for error in report.errors]
        job.message = (
            ngettext(
                "%(count)d more error is not listed.",
                "%(count)d more errors are not listed.",
                report.more_errors,
            )
            % {"count": report.more_errors}
            if report.more_errors
            else ""
        )
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "errors",
            "message",
            "finished_at",
        ]
    )


def _enqueue(job_id: int) -> None:
    from earful.directory.tasks import import_job_run  # tasks import this module

    import_job_run.enqueue(job_id)
