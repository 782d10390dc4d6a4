"""The generic JSON payload: the event itself, signed by `delivery.py`."""

from __future__ import annotations

from typing import Any


def build(*, event: str, data: dict[str, Any]) -> dict[str, Any]:
    """The event and its facts, as they are."""
    return {"event": event, **data}
