"""What other apps hear from the directory."""

from __future__ import annotations

from django.dispatch import Signal

# Customers' segments changed (by an import or in the admin), inside the transaction
# that changed them. Keyword arguments: `previous` (a dict of customer pk to the segment
# before). Rollups split by segment recount the cells of those customers' answers.
customer_segments_changed = Signal()
