"""The import pages: upload, dry-run report, apply; and who may see them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from earful.directory.choices import ImportStatus
from earful.directory.importing.jobs import import_job_create, import_job_process
from earful.directory.models import Customer, ImportJob
from earful.directory.tests.import_files import csv_bytes, snapshot, xlsx_bytes

ROWS = [
    ["External ID", "Name", "Unit", "Owner"],
    ["C1", "Oulu Oy", "U-OUL", "oulu_rep@example.com"],
    ["C2", "Turku Oy", "U-TKU", ""],
]
BAD_ROWS = [*ROWS, ["C3", "Nowhere Oy", "NOWHERE", ""]]


def upload(client, rows=ROWS, *, kind="customers", dry_run=True, name="customers.csv", data=None):
    form = {
        "kind": kind,
        "file": SimpleUploadedFile(name, csv_bytes(rows) if data is None else data),
    }
    if dry_run:
        form["dry_run"] = "on"
    return client.post(reverse("import_list"), form)


class CommittingClient:
    """A test client whose requests run their on-commit callbacks when they end, as the
    real commit would; the test settings' tasks backend then runs enqueued jobs at once."""

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture

    def get(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


@pytest.fixture
def lead_client(client, org, django_capture_on_commit_callbacks):
    """A CX lead's browser."""
    client.force_login(org.cx_lead)
    return CommittingClient(client, django_capture_on_commit_callbacks)


def test_the_upload_page_shows_the_form_and_recent_jobs(lead_client, org):
    import_job_create(
        actor=org.admin, kind="units", filename="units.csv", content=b"x", dry_run=True
    )
    response = lead_client.get(reverse("import_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="file"' in page
    assert '<input type="checkbox" name="dry_run" id="id_dry_run" checked>' in page
    assert "units.csv" in page  # a colleague's job: importers see all imports


def test_a_dry_run_upload_shows_the_report_then_apply_imports(lead_client, org):
    response = upload(lead_client)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_detail", args=[job.pk])
    assert (job.status, job.dry_run, job.rows, job.created_count) == (
        ImportStatus.VALID,
        True,
        2,
        2,
    )
    assert not Customer.objects.filter(external_id__in=["C1", "C2"]).exists()

    page = lead_client.get(response["Location"]).content.decode()
    assert "Valid (dry run)" in page
    assert reverse("import_apply", args=[job.pk]) in page
    assert 'http-equiv="refresh"' not in page

    response = lead_client.post(reverse("import_apply", args=[job.pk]))
    applied = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("import_detail", args=[applied.pk])
    assert (applied.status, applied.dry_run, applied.created_count) == (ImportStatus.DONE, False, 2)
    assert applied.created_by == org.cx_lead
    assert Customer.objects.get(external_id="C1").owner == org.oulu_rep
    assert Customer.objects.filter(external_id="C2").exists()


def test_a_real_upload_imports_at_once(lead_client, org):
    upload(lead_client, dry_run=False)
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert Customer.objects.filter(external_id__in=["C1", "C2"]).count() == 2


def test_an_xlsx_upload_is_imported(lead_client, org):
    upload(lead_client, dry_run=False, name="customers.xlsx", data=xlsx_bytes(ROWS))
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert Customer.objects.filter(external_id__in=["C1", "C2"]).count() == 2


def test_the_report_lists_each_problem_and_offers_no_apply(lead_client, org):
    before = snapshot()
    upload(lead_client, BAD_ROWS, dry_run=False)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.INVALID
    assert job.errors == [
        {
            "row": 4,
            "column": "unit",
            "value": "NOWHERE",
            "reason": "No unit with this external id. Import the units first.",
        }
    ]
    page = lead_client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "<caption>1 problem found" in page
    assert "<td>NOWHERE</td>" in page
    assert reverse("import_apply", args=[job.pk]) not in page
    assert snapshot()[:3] == before[:3]


def test_only_a_valid_dry_run_can_be_applied(lead_client, org):
    upload(lead_client, BAD_ROWS)
    job = ImportJob.objects.get()
    response = lead_client.post(reverse("import_apply", args=[job.pk]), follow=True)
    assert "Only a dry run that found no problems can be imported." in response.content.decode()
    assert ImportJob.objects.count() == 1


def test_a_queued_job_refreshes_its_page(client, org):
    job = import_job_create(
        actor=org.admin, kind="customers", filename="c.csv", content=b"", dry_run=True
    )  # on_commit never fires inside the test's transaction: the job stays queued
    client.force_login(org.admin)
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Queued" in page


def test_running_a_job_twice_runs_it_once(org):
    data = csv_bytes(ROWS)
    job = import_job_create(
        actor=org.admin, kind="customers", filename="c.csv", content=data, dry_run=False
    )
    import_job_process(job_id=job.pk)
    import_job_process(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert Customer.objects.filter(external_id="C1").count() == 1


def test_oversized_uploads_are_refused_with_a_form_error(lead_client, settings):
    settings.IMPORT_MAX_BYTES = 20
    response = upload(lead_client)
    assert response.status_code == 400
    assert "largest file that can be imported" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_uploads_that_are_not_csv_or_xlsx_are_refused_with_a_form_error(lead_client):
    response = upload(lead_client, name="customers.pdf")
    assert response.status_code == 400
    assert "Only CSV and Excel files can be imported" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_page_has_a_query_budget(lead_client, org, django_assert_max_num_queries):
    for n in range(10):
        import_job_create(
            actor=org.admin, kind="units", filename=f"{n}.csv", content=b"", dry_run=True
        )
    with django_assert_max_num_queries(4):
        lead_client.get(reverse("import_list"))


@pytest.mark.parametrize("persona", ["analyst", "north_manager", "oulu_rep", "nobody"])
def test_import_pages_do_not_exist_for_those_who_may_not_import(client, org, persona):
    job = import_job_create(
        actor=org.admin, kind="customers", filename="c.csv", content=csv_bytes(ROWS), dry_run=True
    )
    client.force_login(getattr(org, persona))
    assert client.get(reverse("import_list")).status_code == 404
    assert upload(client).status_code == 404
    assert client.get(reverse("import_detail", args=[job.pk])).status_code == 404
    assert client.post(reverse("import_apply", args=[job.pk])).status_code == 404
    assert ImportJob.objects.count() == 1


def test_import_pages_require_login(client, org):
    response = client.get(reverse("import_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_job_is_404(lead_client):
    assert lead_client.get(reverse("import_detail", args=[999])).status_code == 404
    assert lead_client.post(reverse("import_apply", args=[999])).status_code == 404


def test_apply_is_post_only(lead_client, org):
    job = import_job_create(
        actor=org.admin, kind="customers", filename="c.csv", content=b"", dry_run=True
    )
    assert lead_client.get(reverse("import_apply", args=[job.pk])).status_code == 405


def test_a_job_that_crashes_is_marked_failed(org, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("earful.directory.importing.jobs.import_file", crash)
    job = import_job_create(
        actor=org.admin, kind="customers", filename="c.csv", content=b"x", dry_run=False
    )
    import_job_process(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == "The import stopped with an unexpected error; nothing was written."
    assert job.finished_at is not None


def test_long_error_lists_are_paginated(lead_client, org):
    rows = [ROWS[0], *([f"C{i}", "Oy", "NOWHERE", ""] for i in range(150))]
    upload(lead_client, rows)
    job = ImportJob.objects.get()
    assert len(job.errors) == 150
    first = lead_client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "<caption>150 problems found" in first
    assert first.count("<td>NOWHERE</td>") == 100
    second = lead_client.get(reverse("import_detail", args=[job.pk]), {"page": 2})
    assert second.content.decode().count("<td>NOWHERE</td>") == 50
