"""The clock enqueues each periodic job once per slot, however many clocks run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from earful.directory.tests.factories import CustomerFactory
from earful.platform.clock import Periodic, clock_tick, periodic_jobs, slot_start
from earful.platform.models import ClockTick
from earful.surveys.choices import InvitationStatus
from earful.surveys.models import DailyDraw, Invitation
from earful.surveys.tests.factories import ProgramFactory

NOON = dt.datetime(2026, 11, 25, 12, 0, 30, tzinfo=dt.UTC)
RUNS: list[str] = []


@task
def record_run() -> None:
    RUNS.append("ran")


EVERY_15 = [Periodic("test.job", dt.timedelta(minutes=15), record_run)]


@pytest.fixture(autouse=True)
def _clear_runs():
    RUNS.clear()


def test_slots_start_at_whole_multiples_of_the_period():
    every = dt.timedelta(minutes=15)
    assert slot_start(NOON, every) == dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    later = NOON + dt.timedelta(minutes=14)
    assert slot_start(later, every) == dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert slot_start(NOON + dt.timedelta(minutes=15), every) == dt.datetime(
        2026, 11, 25, 12, 15, tzinfo=dt.UTC
    )


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_slot_however_many_clocks_tick():
    assert clock_tick(now=NOON, jobs=EVERY_15) == ["test.job"]
    # A second clock on another machine, a few seconds later, in the same slot.
    assert clock_tick(now=NOON + dt.timedelta(seconds=50), jobs=EVERY_15) == []
    assert RUNS == ["ran"]

    assert clock_tick(now=NOON + dt.timedelta(minutes=15), jobs=EVERY_15) == ["test.job"]
    assert RUNS == ["ran", "ran"]
    assert ClockTick.objects.count() == 2


@pytest.mark.django_db
def test_old_ticks_are_pruned():
    clock_tick(now=NOON - dt.timedelta(days=8), jobs=EVERY_15)
    clock_tick(now=NOON, jobs=EVERY_15)
    assert list(ClockTick.objects.values_list("slot", flat=True)) == [
        dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    ]


def test_the_surveys_app_declares_its_periodic_jobs():
    names = {job.name: job.every for job in periodic_jobs()}
    assert names["surveys.draw"] == dt.timedelta(minutes=15)
    assert names["surveys.send"] == dt.timedelta(minutes=1)
    assert names["surveys.remind"] == dt.timedelta(minutes=15)


@pytest.mark.django_db
def test_a_tick_draws_todays_invitations_and_sends_them(org, mailoutbox):
    program = ProgramFactory.create(monthly_quota=10_000, daily_cap=5)
    for _ in range(8):
        CustomerFactory.create(unit=org.oulu)

    call_command("clock", "--once", verbosity=0)

    draw = DailyDraw.objects.get(program=program)
    assert draw.picked == 5
    # The draw and the send were enqueued in the same tick, in that order.
    assert Invitation.objects.filter(status=InvitationStatus.SENT).count() == 5
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_with_the_database_backend_a_tick_leaves_rows_for_the_workers(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("clock", "--once", verbosity=0)
    call_command("clock", "--once", verbosity=0)
    # Each job once, however many ticks fall in its slot.
    assert DBTaskResult.objects.filter(status="READY").count() == len(periodic_jobs())


def test_the_demo_writes_its_emails_to_files_unless_told_otherwise(monkeypatch, settings):
    from earful.platform.management.commands.demo import demo_environment

    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert demo_environment()["EMAIL_URL"] == f"file://{settings.DATA_DIR / 'demo-mail'}"
    monkeypatch.setenv("EMAIL_URL", "smtp://mail.example.com:25")
    assert demo_environment()["EMAIL_URL"] == "smtp://mail.example.com:25"
