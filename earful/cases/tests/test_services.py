"""Opening, working and closing cases; escalation up the tree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from earful.cases import signals
from earful.cases.choices import CaseStatus, CloseReason
from earful.cases.models import Case, RootCause
from earful.cases.services import (
    case_close_without_contact,
    case_log_call,
    case_open_for_response,
    case_reopen,
    case_resolve,
    cases_escalate_overdue,
    cases_open_for_responses,
)
from earful.cases.tests.factories import make_case, make_response
from earful.directory.choices import Role
from earful.directory.tests.factories import EmployeeFactory
from earful.platform.models import AuditEntry
from earful.surveys.models import Response
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def call(case: Case, *, reached: bool = True, actor=None, root_cause=None):
    return case_log_call(
        actor=actor or case.owner,
        case=case,
        reached=reached,
        learned="The report came a week late.",
        root_cause=root_cause,
        action_promised="Send the report today.",
        action_due=None,
    )


@pytest.mark.parametrize(("score", "opens"), [(0, True), (6, True), (7, False), (10, False)])
def test_a_case_opens_at_or_below_the_detractor_threshold(org, score, opens):
    response = make_response(customer=org.oulu_customer, score=score)
    assert (case_open_for_response(response=response) is not None) is opens


def test_the_threshold_is_the_programs(org):
    program = ProgramFactory.create(detractor_threshold=4)
    assert (
        case_open_for_response(
            response=make_response(customer=org.oulu_customer, score=5, program=program)
        )
        is None
    )
    assert case_open_for_response(
        response=make_response(customer=org.oulu_customer, score=4, program=program)
    )


def test_opening_twice_makes_one_case(org):
    response = make_response(customer=org.oulu_customer)
    assert case_open_for_response(response=response) is not None
    assert case_open_for_response(response=response) is None
    assert Case.objects.count() == 1


def test_a_new_case_is_the_customers_owners_and_due_in_working_days(org):
    monday = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    program = ProgramFactory.create(case_sla_days=2)
    case = make_case(customer=org.oulu_customer, program=program, at=monday)
    assert case.owner == org.oulu_rep
    assert case.unit == org.oulu
    assert case.status == CaseStatus.NEW
    assert case.opened_at == monday
    assert case.due_at == monday + dt.timedelta(days=2)
    assert AuditEntry.objects.filter(action="case.opened", object_id=str(case.pk)).exists()


def test_without_an_active_owner_the_nearest_manager_above_owns_it(org):
    assert make_case(customer=org.tampere_customer).owner == org.north_manager
    org.oulu_rep.is_active = False
    org.oulu_rep.save()
    assert make_case(customer=org.oulu_customer).owner == org.north_manager


def test_a_nearer_manager_is_preferred(org):
    oulu_manager = EmployeeFactory.create(role=Role.MANAGER, unit=org.oulu)
    assert make_case(customer=org.tampere_customer).owner == org.north_manager
    org.oulu_customer.owner = None
    org.oulu_customer.save()
    assert make_case(customer=org.oulu_customer).owner == oulu_manager


def test_a_case_without_anyone_above_has_no_owner(org):
    assert (
        make_case(
            customer=org.turku_customer.__class__.objects.create(
                external_id="X1", name="Lone", unit=org.turku
            )
        ).owner
        is None
    )


def test_a_walk_in_detractor_opens_a_case_for_the_units_manager(org):
    case = make_case(customer=None, unit=org.oulu)
    assert case.customer is None
    assert case.owner == org.north_manager


def test_a_detractors_answer_opens_a_case_through_the_follow_up(org):
    invitation = InvitationFactory.create(customer=org.oulu_customer)
    response = response_submit(invitation=invitation, score=2, reason="Late", may_contact=True)
    assert Case.objects.get().response == response


def test_opened_cases_are_announced_together_inside_their_transaction(org):
    heard = []
    signals.cases_opened.connect(
        lambda sender, cases, **kw: heard.append(list(cases)), weak=False, dispatch_uid="t"
    )
    responses = [make_response(customer=org.oulu_customer, score=s) for s in (1, 2, 9)]
    try:
        opened = cases_open_for_responses(responses)
        again = cases_open_for_responses(responses)
    finally:
        signals.cases_opened.disconnect(dispatch_uid="t")
    assert [c.response for c in opened] == responses[:2]  # the promoter opens none
    assert again == []
    assert heard == [opened]
    assert AuditEntry.objects.filter(action="case.opened").count() == 2


def test_a_batch_of_cases_takes_a_fixed_number_of_queries(org):
    def batch(n: int) -> list[Response]:
        return [
            type(r).objects.select_related("program", "customer", "unit").get(pk=r.pk)
            for r in [make_response(customer=org.oulu_customer, score=0) for _ in range(n)]
        ]

    one, ten = batch(1), batch(10)
    with CaptureQueriesContext(connection) as small:
        cases_open_for_responses(one)
    with CaptureQueriesContext(connection) as large:
        cases_open_for_responses(ten)
    assert len(large) == len(small)


def test_a_call_that_reaches_the_customer_moves_the_case_to_contacted(org):
    case = make_case(customer=org.oulu_customer)
    cause = RootCause.objects.create(name="Late delivery")
    missed = call(case, reached=False)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and case.first_contact_at is None
    reached = call(case, root_cause=cause)
    case.refresh_from_db()
    assert case.status == CaseStatus.CONTACTED
    assert case.first_contact_at == reached.at
    assert case.root_cause == cause
    assert list(case.calls.all()) == [reached, missed]
    assert AuditEntry.objects.filter(action="case.call_logged").count() == 2


def test_a_new_case_cannot_be_resolved_without_contact(org):
    case = make_case(customer=org.oulu_customer)
    with pytest.raises(ValidationError, match="reached the customer before resolving"):
        case_resolve(actor=org.oulu_rep, case=case, resolution="Done")


def test_a_contacted_case_resolves_with_a_resolution(org):
    case = make_case(customer=org.oulu_customer)
    call(case)
    with pytest.raises(ValidationError):
        case_resolve(actor=org.oulu_rep, case=case, resolution="  ")
    case = case_resolve(actor=org.oulu_rep, case=case, resolution="Report sent, discount given.")
    assert case.status == CaseStatus.RESOLVED and case.closed_at is not None
    assert case.met_sla is True
    with pytest.raises(ValidationError, match="already closed"):
        case_resolve(actor=org.oulu_rep, case=case, resolution="Again")
    with pytest.raises(ValidationError, match="reopen it"):
        call(case)


def test_a_case_closes_without_contact_with_a_reason(org):
    case = make_case(customer=org.oulu_customer)
    case = case_close_without_contact(
        actor=org.oulu_rep, case=case, reason=CloseReason.UNREACHABLE, note="Three tries."
    )
    assert case.status == CaseStatus.CLOSED
    assert case.close_reason == CloseReason.UNREACHABLE
    with pytest.raises(ValidationError, match="already closed"):
        case_close_without_contact(actor=org.oulu_rep, case=case, reason=CloseReason.DECLINED)


def test_reopening_is_recorded_and_restarts_the_clock(org):
    case = make_case(customer=org.oulu_customer)
    call(case)
    case = case_resolve(actor=org.oulu_rep, case=case, resolution="Fixed")
    with pytest.raises(ValidationError):
        case_reopen(actor=org.oulu_rep, case=case, why="")
    case = case_reopen(actor=org.north_manager, case=case, why="Customer called again.")
    assert case.status == CaseStatus.CONTACTED
    assert case.reopened_count == 1 and case.closed_at is None
    assert case.due_at > timezone.now()
    entry = AuditEntry.objects.get(action="case.reopened")
    assert entry.data["why"] == "Customer called again."
    with pytest.raises(ValidationError, match="still open"):
        case_reopen(actor=org.oulu_rep, case=case, why="Again")


def test_a_reopened_uncontacted_case_is_new_again(org):
    case = make_case(customer=org.oulu_customer)
    case_close_without_contact(actor=org.oulu_rep, case=case, reason=CloseReason.DUPLICATE)
    assert (
        case_reopen(actor=org.oulu_rep, case=case, why="Not a duplicate").status == CaseStatus.NEW
    )


@pytest.fixture
def chain(org):
    """Oulu's own manager under the North manager, under a company-level manager."""
    oulu_manager = EmployeeFactory.create(username="oulu_manager", role=Role.MANAGER, unit=org.oulu)
    director = EmployeeFactory.create(username="director", role=Role.MANAGER, unit=org.company)
    return [oulu_manager, org.north_manager, director]


def overdue_case(org, **kwargs):
    monday = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    return make_case(customer=org.oulu_customer, at=monday, **kwargs)


def test_escalation_goes_up_one_level_at_a_time_and_never_twice(
    org, chain, django_capture_on_commit_callbacks
):
    case = overdue_case(org, program=ProgramFactory.create(case_sla_days=2))
    heard = []
    signals.case_escalated.connect(
        lambda sender, case, manager, **kw: heard.append(manager), weak=False, dispatch_uid="t"
    )
    try:
        now = case.due_at + dt.timedelta(minutes=1)
        with django_capture_on_commit_callbacks(execute=True):
            assert cases_escalate_overdue(now=now) == 1
        assert cases_escalate_overdue(now=now) == 0
        case.refresh_from_db()
        assert (case.escalation_level, case.escalated_to) == (1, chain[0])
        # Another SLA period later it goes one level further up.
        later = now + dt.timedelta(days=1)
        assert cases_escalate_overdue(now=later) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert cases_escalate_overdue(now=now + dt.timedelta(days=3)) == 1
        case.refresh_from_db()
        assert (case.escalation_level, case.escalated_to) == (2, chain[1])
    finally:
        signals.case_escalated.disconnect(dispatch_uid="t")
    assert heard == chain[:2]
    assert AuditEntry.objects.filter(action="case.escalated").count() == 2


def test_escalation_stops_at_the_top_and_records_it(org, chain):
    case = overdue_case(org)
    now = case.due_at
    for _ in range(3):
        now += dt.timedelta(days=7)
        assert cases_escalate_overdue(now=now) == 1
    now += dt.timedelta(days=7)
    assert cases_escalate_overdue(now=now) == 0
    case.refresh_from_db()
    assert case.escalation_level == 4 and case.escalated_to is None
    assert AuditEntry.objects.filter(action="case.escalation_exhausted").count() == 1
    assert cases_escalate_overdue(now=now + dt.timedelta(days=30)) == 0
    assert AuditEntry.objects.filter(action="case.escalation_exhausted").count() == 1


def test_escalation_skips_the_owner_and_closed_or_punctual_cases(org, chain):
    # Tampere has no owner: the North manager owns it, so the breach goes to the director.
    case = make_case(customer=org.tampere_customer, at=dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC))
    closed = overdue_case(org)
    case_close_without_contact(actor=None, case=closed, reason=CloseReason.DECLINED)
    punctual = make_case(customer=org.helsinki_customer)
    assert cases_escalate_overdue(now=case.due_at + dt.timedelta(hours=1)) == 1
    case.refresh_from_db()
    assert case.escalated_to == chain[2]
    punctual.refresh_from_db()
    assert punctual.escalation_level == 0


def test_reopening_resets_escalation(org, chain):
    case = overdue_case(org)
    cases_escalate_overdue(now=case.due_at + dt.timedelta(hours=1))
    case_close_without_contact(actor=None, case=case, reason=CloseReason.UNREACHABLE)
    case = case_reopen(actor=None, case=case, why="Found a new number")
    assert case.escalation_level == 0 and case.escalated_to is None


def test_a_second_worker_with_a_stale_copy_does_not_escalate_again(org, chain):
    from earful.cases.services import _escalate_one

    case = overdue_case(org)
    stale = Case.objects.select_related("program", "unit").get(pk=case.pk)
    now = case.due_at + dt.timedelta(hours=1)
    assert _escalate_one(stale, now=now) is True
    assert _escalate_one(Case.objects.get(pk=case.pk), now=now) is True  # level 2: fresh copy
    assert _escalate_one(stale, now=now) is False  # claimed level 0 is gone
    assert AuditEntry.objects.filter(action="case.escalated").count() == 2


def test_the_clock_escalates_every_15_minutes():
    from earful.cases.tasks import escalate_overdue_cases
    from earful.platform.clock import periodic_jobs

    job = next(j for j in periodic_jobs() if j.name == "cases.escalate")
    assert job.every == dt.timedelta(minutes=15)
    assert job.task is escalate_overdue_cases
