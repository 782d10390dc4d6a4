"""What other apps hear from cases. Each is sent with `transaction.on_commit`, so a
listener only ever sees committed cases."""

from __future__ import annotations

from django.dispatch import Signal

# A follow-up case was opened. Keyword arguments: `case`.
case_opened = Signal()
# An overdue case was escalated. Keyword arguments: `case`, `manager` (an Employee).
case_escalated = Signal()
# A case was resolved or closed without contact. Keyword arguments: `case`.
case_closed = Signal()
