"""`earful rebuild_rollups`: recount every rollup cell from the responses."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from earful.metrics.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recount the monthly rollups from the responses. Never needed in normal running "
        "(every answer recounts its own cell); gives the same numbers."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        cells = rollups_rebuild()
        self.stdout.write(f"{cells} cells recounted in {time.monotonic() - started:.1f} s.")
