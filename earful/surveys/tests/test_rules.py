from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from earful.directory.models import Customer
from earful.directory.tests.factories import CustomerFactory
from earful.surveys.choices import InvitationStatus, SkipReason
from earful.surveys.models import Invitation, Program
from earful.surveys.rules import day_start, eligible_customers, why_not_asked
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def eligible(program: Program, customer: Customer) -> bool:
    return eligible_customers(program, TODAY).filter(pk=customer.pk).exists()


def set_customer(customer: Customer, **fields: object) -> Customer:
    Customer.objects.filter(pk=customer.pk).update(**fields)
    customer.refresh_from_db()
    return customer


def invite(program: Program, customer: Customer, created_at: dt.datetime) -> Invitation:
    invitation = InvitationFactory.create(program=program, customer=customer)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=created_at)
    return invitation


def test_a_reachable_customer_is_eligible_and_has_no_reason_not_to_be_asked(org):
    program = ProgramFactory.create()
    assert eligible(program, org.oulu_customer)
    assert why_not_asked(program=program, customer=org.oulu_customer, day=TODAY) == []


def test_a_customer_who_opted_out_is_not_asked(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, opted_out=True)
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.OPTED_OUT]


def test_a_customer_without_survey_consent_is_not_asked(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, survey_consent=False)
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.NO_CONSENT]


def test_a_customer_without_an_email_address_is_not_asked(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, email="")
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.NO_ADDRESS]


def test_a_customer_whose_address_bounced_is_not_asked_until_it_changes(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, bounced_email=org.oulu_customer.email)
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.BOUNCED]

    customer = set_customer(customer, email="fixed@example.org")
    assert eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == []


def test_a_churned_customer_is_not_asked(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, lifecycle="churned")
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.CHURNED]


def test_a_customer_with_a_past_churn_date_is_not_asked(org):
    program = ProgramFactory.create()
    customer = set_customer(org.oulu_customer, churned_on=TODAY - dt.timedelta(days=1))
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.CHURNED]


def test_a_customer_with_an_open_case_is_not_asked_until_it_is_closed(org):
    from earful.cases.choices import CloseReason
    from earful.cases.services import case_close_without_contact
    from earful.surveys.responding import response_submit

    program = ProgramFactory.create()
    customer = org.oulu_customer
    other = ProgramFactory.create()
    # A detractor's answer opens a follow-up case (the follow-up runs at once in tests).
    answer = response_submit(
        invitation=InvitationFactory.create(program=other, customer=customer),
        score=2,
        reason="Late report",
        may_contact=True,
    )
    assert not eligible(program, customer)
    assert eligible(program, org.tampere_customer)
    assert SkipReason.OPEN_CASE in why_not_asked(program=program, customer=customer, day=TODAY)

    case_close_without_contact(actor=org.oulu_rep, case=answer.case, reason=CloseReason.UNREACHABLE)
    assert SkipReason.OPEN_CASE not in why_not_asked(program=program, customer=customer, day=TODAY)


def test_the_program_limit_counts_an_invitation_made_exactly_at_the_window_edge(org):
    program = ProgramFactory.create(max_invitations=2, window_days=365, quiet_days=30)
    customer = org.oulu_customer
    edge = day_start(TODAY) - dt.timedelta(days=365)
    invite(program, customer, day_start(TODAY) - dt.timedelta(days=100))
    invite(program, customer, edge)
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [
        SkipReason.PROGRAM_LIMIT
    ]


def test_the_program_limit_forgets_an_invitation_just_outside_the_window(org):
    program = ProgramFactory.create(max_invitations=2, window_days=365, quiet_days=30)
    customer = org.oulu_customer
    edge = day_start(TODAY) - dt.timedelta(days=365)
    invite(program, customer, day_start(TODAY) - dt.timedelta(days=100))
    invite(program, customer, edge - dt.timedelta(microseconds=1))
    assert eligible(program, customer)


def test_the_program_limit_counts_only_this_programs_invitations(org):
    program = ProgramFactory.create(max_invitations=2, quiet_days=30)
    other = ProgramFactory.create()
    customer = org.oulu_customer
    invite(program, customer, day_start(TODAY) - dt.timedelta(days=100))
    invite(other, customer, day_start(TODAY) - dt.timedelta(days=200))
    assert eligible(program, customer)


def test_the_quiet_period_spans_all_programs(org):
    program = ProgramFactory.create(quiet_days=30)
    other = ProgramFactory.create()
    customer = org.oulu_customer
    invite(other, customer, day_start(TODAY) - dt.timedelta(days=10))
    assert not eligible(program, customer)
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [SkipReason.QUIET_PERIOD]


def test_the_quiet_period_ends_after_its_days(org):
    program = ProgramFactory.create(quiet_days=30)
    other = ProgramFactory.create()
    customer = org.oulu_customer
    invite(other, customer, day_start(TODAY) - dt.timedelta(days=30, seconds=1))
    assert eligible(program, customer)


def test_a_cancelled_invitation_counts_for_no_rule(org):
    program = ProgramFactory.create(max_invitations=1, quiet_days=30)
    invitation = invite(program, org.oulu_customer, day_start(TODAY) - dt.timedelta(days=1))
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.CANCELLED)
    assert eligible(program, org.oulu_customer)


def test_a_program_covers_the_subtree_of_its_units(org):
    program = ProgramFactory.create()
    program.units.set([org.north])
    assert eligible(program, org.oulu_customer)
    assert eligible(program, org.tampere_customer)
    assert not eligible(program, org.helsinki_customer)
    assert why_not_asked(program=program, customer=org.helsinki_customer, day=TODAY) == [
        SkipReason.NOT_COVERED
    ]


def test_a_program_covers_only_its_segments(org):
    program = ProgramFactory.create(segments=["Key accounts"])
    key = CustomerFactory.create(unit=org.oulu, segment="Key accounts")
    assert eligible(program, key)
    assert not eligible(program, org.oulu_customer)
    assert why_not_asked(program=program, customer=org.oulu_customer, day=TODAY) == [
        SkipReason.NOT_COVERED
    ]


def test_a_program_without_units_or_segments_covers_everyone(org):
    program = ProgramFactory.create()
    assert set(eligible_customers(program, TODAY)) == set(org.customers)


def test_why_not_asked_lists_every_rule_that_blocks_a_customer(org):
    program = ProgramFactory.create(quiet_days=30)
    program.units.set([org.south])
    customer = set_customer(org.oulu_customer, opted_out=True, email="")
    invite(ProgramFactory.create(), customer, day_start(TODAY) - dt.timedelta(days=3))
    assert why_not_asked(program=program, customer=customer, day=TODAY) == [
        SkipReason.NOT_COVERED,
        SkipReason.OPTED_OUT,
        SkipReason.NO_ADDRESS,
        SkipReason.QUIET_PERIOD,
    ]
