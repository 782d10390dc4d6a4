"""What other apps hear from surveys. Sent by the `response_followup` task in a worker,
never in the customer's request, so a slow or failing listener cannot slow or lose an
answer."""

from __future__ import annotations

from django.dispatch import Signal

# A response was given (`created=True`) or changed within its 24 hours. Keyword
# arguments: `response` (a Response), `created` (bool). Listeners must be idempotent:
# a worker that dies mid-task runs it again.
response_recorded = Signal()
