"""The clock: enqueues periodic jobs such as the daily survey draw and the outbox.

Each app lists its periodic jobs in `<app>/tasks.py` as `PERIODIC`. A clock may run on
every machine: a job is enqueued once per time slot, by whichever clock records the slot
first (`ClockTick`'s unique constraint). The jobs themselves are idempotent, so a tick
that is missed only delays the work until the next slot.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from earful.platform.models import ClockTick

logger = logging.getLogger(__name__)

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
TICK_SECONDS = 60
KEEP_TICKS = dt.timedelta(days=7)


@dataclass(frozen=True)
class Periodic:
    """A task to enqueue once every `every` (slots start at whole multiples of it)."""

    name: str
    every: dt.timedelta
    task: Task[[], Any]


def periodic_jobs() -> list[Periodic]:
    """Every installed app's `PERIODIC` jobs, in app order."""
    jobs: list[Periodic] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("earful."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
            continue
        jobs.extend(getattr(module, "PERIODIC", []))
    return jobs


def slot_start(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The start of the slot that `now` falls in."""
    slots = (now - EPOCH) // every
    return EPOCH + slots * every


def clock_tick(
    *, now: dt.datetime | None = None, jobs: Iterable[Periodic] | None = None
) -> list[str]:
    """Enqueue every job whose current slot no clock has enqueued yet; their names."""
    now = now or timezone.now()
    enqueued: list[str] = []
    for job in periodic_jobs() if jobs is None else jobs:
        slot = slot_start(now, job.every)
        try:
            with transaction.atomic():
                ClockTick.objects.create(job=job.name, slot=slot)
                job.task.enqueue()
        except IntegrityError:
            continue  # another clock has it
        enqueued.append(job.name)
    ClockTick.objects.filter(slot__lt=now - KEEP_TICKS).delete()
    return enqueued


def run_clock(*, stop: threading.Event | None = None) -> None:
    """Tick at the start of every minute until `stop` is set (or forever)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            for name in clock_tick():
                logger.info("Enqueued %s", name)
        except Exception:
            logger.exception("The clock's tick failed; trying again next minute")
        now = timezone.now()
        stop.wait(TICK_SECONDS - now.second - now.microsecond / 1e6)


def start_clock(env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """The clock in its own process, as `earful clock` would run it."""
    return subprocess.Popen([sys.executable, "-m", "earful", "clock"], env=env)  # noqa: S603
