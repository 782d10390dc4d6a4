"""Invitation and case cells kept incrementally (invitations sent by the real sender,
answers recounted in batches, cases changed through their saves, deletions) equal a
rebuild from scratch for any history; on PostgreSQL, two transactions sending into one
cell at once both count."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earful.cases.models import Case
from earful.directory.tests.factories import CustomerFactory
from earful.metrics.models import CaseMonthCell, InvitationMonthCell
from earful.metrics.rate_rollups import answered_invitations_recount, invitations_recount
from earful.metrics.rollups import rollups_rebuild
from earful.surveys.choices import InvitationStatus
from earful.surveys.models import Invitation, Response
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Either side of a month's end and of the switch to summer time (29 March 2026, 01:00
# UTC), so a month counted in the wrong zone shows.
START = dt.datetime(2026, 3, 27, 18, tzinfo=dt.UTC)
QUARTER_HOURS = 4 * 24 * 8  # the eight days after START

invitation = st.tuples(
    st.integers(0, 2),  # customer (each in its own unit)
    st.integers(0, QUARTER_HOURS),  # sent, quarter hours after START
    st.booleans(),  # answered
)
case = st.tuples(
    st.integers(0, 2),  # customer
    st.integers(0, QUARTER_HOURS),  # opened
    st.integers(1, 4 * 48),  # due, quarter hours after opening
    st.one_of(st.none(), st.integers(0, 4 * 96)),  # first contact, after opening
    st.one_of(st.none(), st.integers(0, 4 * 96)),  # closed, after opening
    st.booleans(),  # reopened afterwards (closed_at cleared, due later)
)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {
        "invitations": sorted(
            InvitationMonthCell.objects.values_list("unit_id", "month", "sent", "answered")
        ),
        "cases": sorted(CaseMonthCell.objects.values_list("unit_id", "month", "met", "late")),
    }


class Rollback(Exception):
    """Raised to undo one example's rows."""


@pytest.fixture
def world(org):
    customers = [
        CustomerFactory.create(unit=org.oulu),
        CustomerFactory.create(unit=org.tampere),
        CustomerFactory.create(unit=org.helsinki),
    ]
    return customers, ProgramFactory.create(link_valid_days=30)


def _quarter_hours(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=15 * n)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    invitations=st.lists(invitation, min_size=1, max_size=8),
    cases=st.lists(case, max_size=6),
    batch=st.integers(1, 4),
    deleted=st.sets(st.integers(0, 7), max_size=3),
)
def test_sends_answers_case_changes_and_deletions_equal_a_rebuild(
    world, mailoutbox, invitations, cases, batch, deleted
):
    customers, program = world
    try:
        with transaction.atomic():
            made = []
            for who, sent, _answered in invitations:
                when = START + _quarter_hours(sent)
                made.append(
                    InvitationFactory.create(
                        program=program, customer=customers[who], send_after=when
                    )
                )
            for moment in sorted({i.send_after for i in made}):
                send_due_invitations(now=moment)  # what the outbox does, signal and all
            answers = []
            for invite, (_who, _sent, answered) in zip(made, invitations, strict=True):
                invite.refresh_from_db()
                if answered:
                    assert invite.sent_at is not None
                    answers.append(
                        Response.objects.create(
                            invitation=invite,
                            program=program,
                            customer=invite.customer,
                            unit_id=invite.unit_id,
                            score=5,
                            submitted_at=invite.sent_at + dt.timedelta(hours=1),
                            editable_until=invite.sent_at + dt.timedelta(days=1),
                        )
                    )
            for i in range(0, len(answers), batch):  # as the follow-up's batches would
                answered_invitations_recount(answers[i : i + batch])
            for index in deleted:
                if index < len(answers):
                    answers[index].delete()  # post_delete: its invitation is unanswered
                if index < len(made) and index % 2:
                    Invitation.objects.filter(pk=made[index].pk).delete()

            for who, opened, due, contact, closed, reopened in cases:
                at = START + _quarter_hours(opened)
                answer = Response.objects.create(
                    program=program,
                    customer=customers[who],
                    unit=customers[who].unit,
                    score=2,
                    submitted_at=at,
                    editable_until=at + dt.timedelta(days=1),
                )
                row = Case.objects.create(
                    response=answer,
                    program=program,
                    unit=customers[who].unit,
                    opened_at=at,
                    due_at=at + _quarter_hours(due),
                )
                if contact is not None:
                    row.first_contact_at = at + _quarter_hours(contact)
                    row.save()
                if closed is not None:
                    row.closed_at = at + _quarter_hours(closed)
                    row.save()
                if reopened:
                    row.closed_at = None
                    row.due_at = row.due_at + dt.timedelta(days=2)
                    row.save()
            if cases and deleted:
                Case.objects.order_by("pk").first().delete()  # type: ignore[union-attr]

            incremental = snapshot()
            rollups_rebuild()
            assert snapshot() == incremental
            sent = Invitation.objects.filter(sent_at__isnull=False)
            assert sum(row[2] for row in incremental["invitations"]) == sent.count()
            answered = sent.filter(response__isnull=False).count()
            assert sum(row[3] for row in incremental["invitations"]) == answered
            raise Rollback
    except Rollback:
        pass


def test_a_cell_left_with_nothing_is_deleted(world, mailoutbox):
    customers, program = world
    invite = InvitationFactory.create(program=program, customer=customers[0])
    send_due_invitations()
    assert InvitationMonthCell.objects.get().sent == 1
    Invitation.objects.filter(pk=invite.pk).delete()
    assert not InvitationMonthCell.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_transactions_sending_into_one_cell_both_count(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions: run with DATABASE_URL=postgres://…")
    customers, program = world
    first, second = InvitationFactory.create_batch(2, program=program, customer=customers[0])
    first_counted = threading.Event()
    errors: list[BaseException] = []

    def send(invite: Invitation, *, wait: bool) -> None:
        # What the sender does: mark it sent and recount, in one transaction. The first
        # holds its transaction open after counting; the second counts meanwhile.
        try:
            if wait:
                first_counted.wait(timeout=10)
            with transaction.atomic():
                now = dt.datetime.now(dt.UTC)
                Invitation.objects.filter(pk=invite.pk).update(
                    status=InvitationStatus.SENT, sent_at=now
                )
                invite.sent_at = now
                invitations_recount([invite])
                if not wait:
                    first_counted.set()
                    threading.Event().wait(0.5)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(first,), kwargs={"wait": False}),
        threading.Thread(target=send, args=(second,), kwargs={"wait": True}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert InvitationMonthCell.objects.get().sent == 2
