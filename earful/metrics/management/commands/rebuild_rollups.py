"""`earful rebuild_rollups`: recount every rollup cell from the responses."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from earful.metrics.rollups import rollups_rebuild, rollups_totals


class Command(BaseCommand):
    help = (
        "Recount the rollups (by month, by unit and month, by day) from the responses. "
        "Never needed in normal running (every answer recounts its own cells); gives the "
        "same numbers."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rollups_rebuild()
        totals = rollups_totals()
        self.stdout.write(
            f"{totals['monthly']} monthly, {totals['unit_month']} unit-month and"
            f" {totals['daily']} daily cells recounted in {time.monotonic() - started:.1f} s."
        )
