"""The outbox pattern that invitations, notifications and webhook deliveries share.

A row is committed before anything leaves the machine. A sender claims it with a
conditional UPDATE (still pending, the attempt count it read, due), which pushes its due
time out by a lease: a second sender's claim then changes no row, and a sender killed
mid-send leaves the row to be claimed again once the lease runs out. Outcomes are
written only while the row is still the claimer's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F


@dataclass(frozen=True)
class Outbox:
    """How one model's rows are claimed and retried."""

    pending: str  # the status value of rows waiting to be sent
    due_field: str  # the datetime field that says when a row may be tried
    lease: dt.timedelta
    retry_base: dt.timedelta
    retry_cap: dt.timedelta
    status_field: str = "status"

    def retry_delay(self, attempts: int) -> dt.timedelta:
        """Exponential backoff after the `attempts`-th failure (1, 2, …), capped."""
        factor: int = 2 ** max(attempts - 1, 0)
        return min(self.retry_base * factor, self.retry_cap)

    def claim(self, row: Any, now: dt.datetime) -> bool:
        """Take the row for one attempt; False when another sender has it or it is done."""
        model: type[models.Model] = type(row)
        changed = model._default_manager.filter(
            pk=row.pk,
            attempts=row.attempts,
            **{self.status_field: self.pending, f"{self.due_field}__lte": now},
        ).update(attempts=F("attempts") + 1, **{self.due_field: now + self.lease})
        row.attempts += 1
        return changed == 1

    def finish(self, row: Any, **fields: Any) -> None:
        """Record an outcome, only if the row is still ours (pending, our attempt)."""
        model: type[models.Model] = type(row)
        model._default_manager.filter(
            pk=row.pk, attempts=row.attempts, **{self.status_field: self.pending}
        ).update(**fields)
