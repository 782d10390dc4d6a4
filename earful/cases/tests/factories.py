from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from earful.cases.models import Case
from earful.cases.services import case_open_for_response
from earful.directory.models import Customer, Unit
from earful.surveys.models import Program, Response
from earful.surveys.tests.factories import ProgramFactory


def make_response(
    *,
    customer: Customer | None,
    score: int = 3,
    program: Program | None = None,
    unit: Unit | None = None,
    at: dt.datetime | None = None,
    **extra: Any,
) -> Response:
    """A response written directly (no follow-up task), for tests of what follows."""
    at = at or timezone.now()
    unit = unit or (customer.unit if customer is not None else None)
    assert unit is not None
    return Response.objects.create(
        program=program or ProgramFactory.create(),
        customer=customer,
        unit=unit,
        score=score,
        reason=extra.pop("reason", "Too slow."),
        submitted_at=at,
        editable_until=at + dt.timedelta(hours=24),
        **extra,
    )


def make_case(*, customer: Customer | None, **kwargs: Any) -> Case:
    case = case_open_for_response(response=make_response(customer=customer, **kwargs))
    assert case is not None
    return case
