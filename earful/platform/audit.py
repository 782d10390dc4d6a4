"""The audit log's one entry point."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from earful.platform.models import AuditEntry


def log_action(
    action: str,
    *,
    actor: Any | None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` (dotted, e.g. "customer.imported") to `obj`."""
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )


def log_actions(
    action: str,
    *,
    actor: Any | None,
    entries: Iterable[tuple[models.Model, dict[str, Any]]],
) -> list[AuditEntry]:
    """`log_action` for many objects at once (one insert): the follow-up of a batch of
    answers records every case it opens this way."""
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=action,
                actor=actor if actor is not None and actor.pk else None,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                data=data,
            )
            for obj, data in entries
        ]
    )
