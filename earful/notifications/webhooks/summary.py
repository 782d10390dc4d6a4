"""Human-readable lines shared by the chat formats (Slack, Teams)."""

from __future__ import annotations

from typing import Any


def headline(event: str, data: dict[str, Any]) -> str:
    if event == "case.escalated":
        return f"Case #{data.get('case_id')} is past its SLA and was escalated"
    return f"New response: {data.get('score')}/10 from {data.get('customer') or 'a walk-in'}"


def lines(data: dict[str, Any]) -> list[str]:
    out = []
    if data.get("reason"):
        out.append(f"“{data['reason']}”")
    for label, key in (("Unit", "unit"), ("Program", "program"), ("Escalated to", "manager")):
        if data.get(key):
            out.append(f"{label}: {data[key]}")
    return out
