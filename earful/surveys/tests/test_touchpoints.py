from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from earful.directory.models import Customer
from earful.directory.tests.factories import UnitFactory
from earful.surveys import rules, touchpoints
from earful.surveys.choices import EventOutcome, InvitationStatus, ProgramKind
from earful.surveys.models import Event, Invitation, Program
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory
from earful.surveys.touchpoints import event_record

pytestmark = pytest.mark.django_db

INSPECTION = "inspection_completed"


def touchpoint_program(**fields: Any) -> Program:
    fields.setdefault("kind", ProgramKind.TOUCHPOINT)
    fields.setdefault("event_types", [INSPECTION])
    fields.setdefault("touchpoint_delay_hours", 24)
    return ProgramFactory.create(**fields)


def record(customer: Customer, key: str = "evt-1", **fields: Any) -> tuple[Event, bool]:
    fields.setdefault("event_type", INSPECTION)
    fields.setdefault("occurred_at", timezone.now())
    fields.setdefault("payload", {})
    return event_record(key=key, customer=customer, **fields)


def set_customer(customer: Customer, **fields: object) -> Customer:
    Customer.objects.filter(pk=customer.pk).update(**fields)
    customer.refresh_from_db()
    return customer


def test_an_event_schedules_an_invitation_after_the_programs_delay(org):
    program = touchpoint_program(touchpoint_delay_hours=48)
    occurred = timezone.now() - dt.timedelta(hours=1)

    event, created = record(org.oulu_customer, occurred_at=occurred, payload={"site": "A1"})

    assert created
    assert event.outcome == EventOutcome.SCHEDULED
    assert event.detail == ""
    assert event.payload == {"site": "A1"}
    invitation = event.invitation
    assert invitation is not None
    assert invitation.program == program
    assert invitation.customer == org.oulu_customer
    assert invitation.status == InvitationStatus.PLANNED
    assert invitation.send_after == occurred + dt.timedelta(hours=48)
    assert invitation.event_key == "evt-1"


def test_an_event_whose_delay_has_passed_is_asked_about_now_not_in_the_past(org):
    touchpoint_program(touchpoint_delay_hours=24)
    now = timezone.now()

    event, _ = record(org.oulu_customer, occurred_at=now - dt.timedelta(days=3), now=now)

    assert event.invitation is not None
    assert event.invitation.send_after == now


def test_a_replayed_event_returns_the_first_and_schedules_nothing(org):
    touchpoint_program()
    first, created = record(org.oulu_customer, key="evt-1")

    again, created_again = record(org.oulu_customer, key="evt-1")

    assert created and not created_again
    assert again.pk == first.pk
    assert Event.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_a_replay_that_loses_a_race_returns_the_winners_event(org, monkeypatch):
    touchpoint_program()
    winner, _ = record(org.oulu_customer, key="evt-1")
    # The loser looked before the winner committed, so it saw no event and goes on to
    # insert: the unique constraints stop it.
    lookups: list[str] = []
    real_lookup = touchpoints.event_by_key

    def late_lookup(key: str) -> Event | None:
        lookups.append(key)
        return None if len(lookups) == 1 else real_lookup(key)

    monkeypatch.setattr(touchpoints, "event_by_key", late_lookup)

    loser, created = record(org.oulu_customer, key="evt-1")

    assert not created
    assert loser.pk == winner.pk
    assert len(lookups) == 2
    assert Event.objects.count() == 1
    assert Invitation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_event_make_one_invitation(org, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions: run with DATABASE_URL=postgres://…")
    touchpoint_program()
    # Both requests look the key up, find nothing, and only then go on together.
    both_looked = threading.Barrier(2, timeout=10)
    local = threading.local()
    real_lookup = touchpoints.event_by_key

    def lookup_then_wait(key: str) -> Event | None:
        found = real_lookup(key)
        if not getattr(local, "waited", False):
            local.waited = True
            both_looked.wait()
        return found

    monkeypatch.setattr(touchpoints, "event_by_key", lookup_then_wait)
    results: list[tuple[Event, bool]] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            results.append(record(org.oulu_customer, key="race"))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert Event.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_a_failure_that_is_not_a_replay_is_not_hidden(org, monkeypatch):
    touchpoint_program()

    def broken(**kwargs: Any) -> Invitation:
        raise IntegrityError("something else")

    monkeypatch.setattr(touchpoints, "invitation_create", broken)

    with pytest.raises(IntegrityError):
        record(org.oulu_customer)
    assert not Event.objects.exists()


def test_an_event_of_a_type_no_program_answers_is_recorded_as_no_program(org):
    touchpoint_program(event_types=["ticket_closed"])

    event, created = record(org.oulu_customer, event_type=INSPECTION)

    assert created
    assert event.outcome == EventOutcome.NO_PROGRAM
    assert INSPECTION in event.detail
    assert event.invitation is None
    assert not Invitation.objects.exists()


def test_inactive_and_relationship_programs_do_not_answer_events(org):
    touchpoint_program(is_active=False)
    touchpoint_program(kind=ProgramKind.RELATIONSHIP)

    event, _ = record(org.oulu_customer)

    assert event.outcome == EventOutcome.NO_PROGRAM


def test_a_program_answers_only_for_the_customers_its_units_and_segments_cover(org):
    program = touchpoint_program(segments=["SME"])
    program.units.set([org.north])

    in_north, _ = record(org.oulu_customer, key="a")
    in_south, _ = record(org.helsinki_customer, key="b")
    enterprise = set_customer(org.tampere_customer, segment="Enterprise")
    other_segment, _ = record(enterprise, key="c")

    assert in_north.outcome == EventOutcome.SCHEDULED
    assert in_south.outcome == EventOutcome.NO_PROGRAM
    assert other_segment.outcome == EventOutcome.NO_PROGRAM


def test_when_several_programs_answer_the_oldest_one_asks(org):
    older = touchpoint_program(name="Zulu")
    touchpoint_program(name="Alpha", event_types=["ticket_closed", INSPECTION])

    event, _ = record(org.oulu_customer)

    assert event.invitation is not None
    assert event.invitation.program == older


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"opted_out": True}, "Opted out"),
        ({"survey_consent": False}, "No survey consent"),
        ({"email": ""}, "No email address"),
        ({"bounced_email": "SAME"}, "The email address bounced"),
        ({"lifecycle": "churned"}, "Churned"),
    ],
)
def test_a_customer_the_contact_rules_exclude_is_not_scheduled_and_the_rule_is_named(
    org, fields, label
):
    touchpoint_program(name="Inspections")
    if fields.get("bounced_email") == "SAME":
        fields = {"bounced_email": org.oulu_customer.email}
    customer = set_customer(org.oulu_customer, **fields)

    event, created = record(customer)

    assert created
    assert event.outcome == EventOutcome.SKIPPED
    assert event.detail == f"Inspections: {label}"
    assert event.invitation is None
    assert not Invitation.objects.exists()


def test_a_customer_with_an_open_case_is_not_scheduled(org, monkeypatch):
    touchpoint_program()
    monkeypatch.setattr(
        rules, "customers_with_open_case", lambda: Customer.objects.filter(pk=org.oulu_customer.pk)
    )

    event, _ = record(org.oulu_customer)

    assert event.outcome == EventOutcome.SKIPPED
    assert "Has an open follow-up case" in event.detail


def test_a_customer_who_churns_before_the_send_day_is_not_scheduled(org):
    touchpoint_program(touchpoint_delay_hours=72)
    customer = set_customer(
        org.oulu_customer, churned_on=timezone.localdate() + dt.timedelta(days=2)
    )

    event, _ = record(customer)

    assert event.outcome == EventOutcome.SKIPPED
    assert "Churned" in event.detail


def test_a_customer_asked_too_often_in_the_program_is_not_scheduled(org):
    program = touchpoint_program(max_invitations=1, quiet_days=0)
    InvitationFactory.create(program=program, customer=org.oulu_customer)

    event, _ = record(org.oulu_customer)

    assert event.outcome == EventOutcome.SKIPPED
    assert "Asked too often in this program" in event.detail
    assert Invitation.objects.count() == 1


def test_a_customer_asked_recently_by_another_program_is_not_scheduled(org):
    touchpoint_program(quiet_days=30)
    InvitationFactory.create(program=ProgramFactory.create(), customer=org.oulu_customer)

    event, _ = record(org.oulu_customer)

    assert event.outcome == EventOutcome.SKIPPED
    assert "Asked recently by another program" in event.detail


def test_every_blocking_rule_is_named(org):
    touchpoint_program(name="Inspections", daily_cap=0)
    customer = set_customer(org.oulu_customer, opted_out=True, lifecycle="churned")

    event, _ = record(customer)

    assert event.detail == ("Inspections: Opted out; Churned; The program's daily cap was reached")


def test_the_daily_cap_stops_scheduling_for_the_rest_of_the_day(org):
    touchpoint_program(daily_cap=2, quiet_days=0)
    customers = [org.oulu_customer, org.tampere_customer, org.helsinki_customer]

    outcomes = [record(c, key=f"evt-{n}")[0].outcome for n, c in enumerate(customers)]

    assert outcomes == [EventOutcome.SCHEDULED, EventOutcome.SCHEDULED, EventOutcome.SKIPPED]
    capped = Event.objects.get(idempotency_key="evt-2")
    assert "The program's daily cap was reached" in capped.detail
    assert Invitation.objects.count() == 2


def test_the_daily_cap_counts_only_this_programs_live_invitations_of_today(org):
    program = touchpoint_program(daily_cap=1, quiet_days=0)
    someone = Customer.objects.exclude(pk=org.oulu_customer.pk)
    yesterday = InvitationFactory.create(program=program, customer=someone[0])
    Invitation.objects.filter(pk=yesterday.pk).update(
        created_at=rules.day_start(timezone.localdate()) - dt.timedelta(seconds=1)
    )
    cancelled = InvitationFactory.create(program=program, customer=someone[1])
    Invitation.objects.filter(pk=cancelled.pk).update(status=InvitationStatus.CANCELLED)
    InvitationFactory.create(program=ProgramFactory.create(quiet_days=0), customer=someone[2])

    event, _ = record(org.oulu_customer)

    assert event.outcome == EventOutcome.SCHEDULED


def test_a_program_limited_to_a_subtree_covers_its_deeper_units(org):
    team = UnitFactory.create(name="Oulu team", kind="team", parent=org.oulu)
    customer = set_customer(org.oulu_customer, unit_id=team.pk)
    program = touchpoint_program()
    program.units.set([org.north])

    event, _ = record(customer)

    assert event.outcome == EventOutcome.SCHEDULED
