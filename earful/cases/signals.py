"""What other apps hear from cases. Each but `cases_opened` is sent with
`transaction.on_commit`, so a listener only ever sees committed cases."""

from __future__ import annotations

from django.dispatch import Signal

# Follow-up cases were opened (sent inside the transaction that opened them, so their
# listeners' writes commit with them). Keyword arguments: `cases` (a list of Case, with
# owner, its unit and its preference selected) and `ancestry` (the
# earful.directory.ancestry.Ancestry of their units, already loaded).
cases_opened = Signal()
# An overdue case was escalated. Keyword arguments: `case`, `manager` (an Employee).
case_escalated = Signal()
# A case was resolved or closed without contact. Keyword arguments: `case`.
case_closed = Signal()
