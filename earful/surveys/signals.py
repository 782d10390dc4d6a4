"""What other apps hear from surveys. Sent by the follow-up task in a worker, never in
the customer's request, so a slow or failing listener cannot slow or lose an answer."""

from __future__ import annotations

from django.dispatch import Signal

# A batch of responses was given or changed within their 24 hours. Keyword arguments:
# `responses` (a list of Response, with program, customer and unit selected) and
# `created` (a frozenset of the pks of those newly given; the others were edited).
# Listeners work on the whole batch at once (set-based: a few queries per batch, not per
# response) and must be idempotent: a worker that dies mid-batch runs it again.
responses_recorded = Signal()

# Invitations were sent, inside the transaction that marks them sent, so a listener's
# writes commit (or roll back) with it. Keyword argument: `invitations` (a list of
# Invitation with `unit_id` and `sent_at`).
invitations_sent = Signal()
