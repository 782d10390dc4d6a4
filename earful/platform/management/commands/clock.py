"""`earful clock`: enqueue the periodic jobs (survey draws, the outbox, reminders)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earful.platform.clock import clock_tick, periodic_jobs, run_clock


class Command(BaseCommand):
    help = (
        "Enqueue periodic jobs for the workers, every minute. Safe to run on every machine: "
        "each job is enqueued once per slot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Tick once and exit (for cron or a test)."
        )
        parser.add_argument("--list", action="store_true", help="List the periodic jobs.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in periodic_jobs():
                minutes = int(job.every.total_seconds() // 60)
                self.stdout.write(f"{job.name:<28} every {minutes} min")
            return
        if options["once"]:
            for name in clock_tick():
                self.stdout.write(f"Enqueued {name}")
            return
        self.stdout.write("The clock is running (Ctrl+C stops).")
        run_clock()
