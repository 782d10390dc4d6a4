"""`earful rebuild_rollups`: recount every rollup cell from the responses."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from earful.metrics.rollups import rollups_rebuild, rollups_totals


class Command(BaseCommand):
    help = (
        "Recount the rollups (answers by month, by unit and month, by day; invitations "
        "sent and answered, cases handled in time, by unit and month) from their rows. "
        "Never needed in normal running (every change recounts its own cells); gives the "
        "same numbers."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rollups_rebuild()
        totals = rollups_totals()
        self.stdout.write(
            f"{totals['monthly']} monthly, {totals['unit_month']} unit-month,"
            f" {totals['daily']} daily, {totals['invitation_month']} invitation and"
            f" {totals['case_month']} case cells recounted"
            f" in {time.monotonic() - started:.1f} s."
        )
