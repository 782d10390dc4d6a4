"""`earful demo`: each app contributes a step that adds its part of the demo company.

A later capability adds its own `demo.build` to DEMO_STEPS; steps run in order and are
idempotent, so running the demo twice gives the same company.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command

from earful.themes import demo as themes_demo


@dataclass
class DemoResult:
    seconds: float = 0.0
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _directory(result: DemoResult, seed: int) -> None:
    from earful.directory import demo

    company, reports = demo.build(seed=seed)
    result.logins.extend(company.logins)
    for report in reports:
        result.notes.append(
            f"{report.kind}: {report.rows} rows, {report.created} created, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )


def _surveys(result: DemoResult, seed: int) -> None:
    from earful.surveys import demo

    result.notes.extend(demo.build(seed=seed).notes())


def _cases(result: DemoResult, seed: int) -> None:
    from earful.cases import demo

    result.notes.extend(demo.build(seed=seed).notes())


def _notifications(result: DemoResult, seed: int) -> None:
    from earful.notifications import demo

    result.notes.extend(demo.build(seed=seed).notes())


def _metrics(result: DemoResult, seed: int) -> None:
    from earful.metrics.rollups import rollups_rebuild

    # The demo's history is bulk-inserted, so its rollups are counted once at the end.
    result.notes.append(f"rollups: {rollups_rebuild()} monthly cells")


DEMO_STEPS: list[Callable[[DemoResult, int], None]] = [
    _directory,
    _surveys,
    _cases,
    _notifications,
    _metrics,
    themes_demo.build,
]


def demo_build(*, seed: int = 2026) -> DemoResult:
    """Migrate, then run every demo step. Deterministic for a given seed (and day)."""
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    result = DemoResult()
    for step in DEMO_STEPS:
        step(result, seed)
    result.seconds = time.monotonic() - started
    return result
