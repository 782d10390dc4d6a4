from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from earful.directory.models import Customer, Unit
from earful.surveys.models import Program, Response
from earful.surveys.tests.factories import ProgramFactory


def make_response(
    *,
    customer: Customer | None,
    score: int,
    program: Program | None = None,
    unit: Unit | None = None,
    reason: str = "",
    **kwargs: Any,
) -> Response:
    """A response row written directly, without its follow-up (tests call that)."""
    now = timezone.now()
    assert unit is not None or customer is not None
    return Response.objects.create(
        program=program or ProgramFactory.create(),
        customer=customer,
        unit=unit or customer.unit,  # type: ignore[union-attr]
        score=score,
        reason=reason,
        submitted_at=now,
        editable_until=now + dt.timedelta(hours=24),
        **kwargs,
    )
