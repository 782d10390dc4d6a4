"""Reads for the API. A token speaks for the whole organisation, so nothing is scoped."""

from __future__ import annotations

from earful.directory.models import Customer


def customer_by_external_id(external_id: str) -> Customer | None:
    """The customer another system knows by `external_id`, or None."""
    return Customer.objects.filter(external_id=external_id).first()
