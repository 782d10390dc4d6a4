"""Background work of themes. Tasks are adapters: one service call, safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from earful.platform.clock import Periodic
from earful.themes.analysis import analyses_refresh_stale


@task
def reanalyse_stale() -> None:
    """Re-read what a taxonomy change or a correction made stale, batch by batch (also
    the periodic catch-up for answers whose follow-up never ran)."""
    analyses_refresh_stale()


@task
def discover_themes() -> None:
    """Cluster the answers that fit no theme into proposals for the CX lead."""
    from earful.themes.proposals import discovery_run

    discovery_run(actor=None)


PERIODIC = [
    Periodic("themes.reanalyse", dt.timedelta(minutes=10), reanalyse_stale),
    Periodic("themes.discover", dt.timedelta(days=1), discover_themes),
]
