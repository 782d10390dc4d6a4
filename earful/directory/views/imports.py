"""Importing the directory from the browser: upload, watch the check, apply.

Only people who may edit the directory see these pages; to anyone else they do not
exist (404), like any page outside one's scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from earful.directory.access import may_edit_directory
from earful.directory.choices import ImportStatus
from earful.directory.forms import ImportUploadForm
from earful.directory.importing.jobs import (
    import_job_apply,
    import_job_create,
    import_job_get_for_user,
    import_job_list_visible_to,
)
from earful.directory.importing.schemas import column_reference
from earful.web.http import AuthenticatedRequest

RECENT_JOBS = 20
ERRORS_PER_PAGE = 100


def _require_editor(request: AuthenticatedRequest) -> None:
    if not may_edit_directory(request.user):
        raise Http404


@login_required
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_editor(request)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            job = import_job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("import_detail", job_id=job.pk)
    else:
        form = ImportUploadForm()
    ctx = {
        "nav": "imports",
        "form": form,
        "jobs": import_job_list_visible_to(user=request.user)[:RECENT_JOBS],
        "columns": column_reference(),
    }
    return render(request, "directory/import_list.html", ctx, status=400 if form.errors else 200)


@login_required
def import_detail(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    _require_editor(request)
    job = import_job_get_for_user(user=request.user, job_id=job_id)
    page = Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "nav": "imports",
        "job": job,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "in_progress": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
        "may_apply": job.dry_run and job.status == ImportStatus.VALID,
    }
    return render(request, "directory/import_detail.html", ctx)


@login_required
@require_POST
def import_apply(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    _require_editor(request)
    job = import_job_get_for_user(user=request.user, job_id=job_id)
    try:
        applied = import_job_apply(actor=request.user, job=job)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("import_detail", job_id=job.pk)
    return redirect("import_detail", job_id=applied.pk)
