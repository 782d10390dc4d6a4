"""The demo's follow-up history: every state, calls, breaches, escalations; idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from earful.cases import demo
from earful.cases.choices import CaseStatus
from earful.cases.models import CallLog, Case, Holiday, RootCause
from earful.cases.tests.factories import make_response
from earful.directory.choices import Role
from earful.directory.tests.factories import EmployeeFactory
from earful.surveys.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(org):
    EmployeeFactory.create(role=Role.MANAGER, unit=org.company)
    program = ProgramFactory.create()
    now = timezone.now()
    customers = [org.oulu_customer, org.tampere_customer, org.helsinki_customer]
    for i in range(240):
        make_response(
            customer=customers[i % 3],
            program=program,
            score=i % 11,
            at=now - dt.timedelta(hours=7 * i + 1),
        )


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Case.objects.order_by("response_id").values_list(
            "response_id",
            "status",
            "due_at",
            "first_contact_at",
            "closed_at",
            "escalation_level",
            "escalated_to",
            "reopened_count",
            "root_cause__name",
        )
    )


def test_the_demo_makes_cases_in_every_state_with_their_history(history):
    result = demo.build(seed=7)
    detractors = 240 * 7 // 11 + 1  # scores 0..6 of each run of 0..10
    assert result.created == Case.objects.count() >= detractors - 2
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert Case.objects.filter(escalation_level__gte=1, escalated_to__isnull=False).exists()
    assert Case.objects.filter(reopened_count__gt=0).exists()
    breached = [c for c in Case.objects.all() if c.met_sla is False]
    assert breached
    assert CallLog.objects.filter(reached=True, root_cause__parent__isnull=False).exists()
    assert CallLog.objects.filter(reached=False).exists()
    assert RootCause.objects.filter(name="Late delivery", parent__name="Report").exists()
    assert Holiday.objects.filter(name="Midsummer Eve", unit=None).exists()
    # Nothing in the future, and a reached call on every contacted case.
    now = timezone.now()
    assert not CallLog.objects.filter(at__gt=now).exists()
    assert not Case.objects.filter(closed_at__gt=now).exists()
    uncalled = (
        Case.objects.filter(first_contact_at__isnull=False).annotate(n=Count("calls")).filter(n=0)
    )
    assert not uncalled.exists()


def test_the_demo_is_idempotent_and_deterministic(history):
    demo.build(seed=7)
    first = snapshot()
    calls = CallLog.objects.count()
    again = demo.build(seed=7)
    assert again.created == 0
    assert snapshot() == first
    assert CallLog.objects.count() == calls
    assert RootCause.objects.count() == 11  # five groups, six causes
    Case.objects.all().delete()
    demo.build(seed=7)
    # The same plan again (times only differ where they are clamped to "now").
    assert [(r[1], r[7], r[8]) for r in snapshot()] == [(r[1], r[7], r[8]) for r in first]
