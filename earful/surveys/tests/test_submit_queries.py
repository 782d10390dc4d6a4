"""Answering a survey is the busiest write Earful serves (bench/submit_load.py): it must
make a fixed, small number of queries however many answers the program already has."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from earful.platform.models import AuditEntry
from earful.surveys import responding
from earful.surveys.choices import InvitationStatus
from earful.surveys.links import invitation_by_token
from earful.surveys.models import Invitation, Response
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# What bench/submit_load.py sends: the unmasked 32-character CSRF secret as both the
# cookie and the form field.
CSRF_SECRET = "BenchSubmitLoadCsrfSecret0123456"

# The page: the invitation by its token, with its response (1). The service: the locked
# invitation's state and its response (2), the response, the invitation's status and
# the queued follow-up row (3), whether a follow-up task is waiting and, as none is here,
# queueing one (2; under load the task is usually waiting, so that is 1). The test's own
# transaction wraps the service's in a savepoint and its release (2).
ANSWER_QUERIES = 10
# …and once an earlier answer has queued the follow-up task, which is still waiting.
WAITING_QUERIES = ANSWER_QUERIES - 1


@pytest.fixture(autouse=True)
def _tasks_in_the_database(settings: Any) -> None:
    """As in production: the follow-up is a queued row, run later by a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post_answer(client: Client, invitation: Invitation, score: int = 7) -> int:
    page = client.post(
        reverse("survey_answer", kwargs={"token": invitation.token}),
        {"score": str(score), "reason": "Quick", "csrfmiddlewaretoken": CSRF_SECRET},
    )
    return page.status_code


@pytest.fixture
def browser() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def test_an_answer_posted_with_the_raw_csrf_secret_is_accepted(browser: Client) -> None:
    invitation = InvitationFactory.create()
    assert post_answer(browser, invitation) == 302
    assert Response.objects.get(invitation=invitation).score == 7


def test_an_answer_without_the_csrf_field_is_refused(browser: Client) -> None:
    invitation = InvitationFactory.create()
    page = browser.post(
        reverse("survey_answer", kwargs={"token": invitation.token}), {"score": "7"}
    )
    assert page.status_code == 403
    assert not Response.objects.exists()


def test_posting_an_answer_makes_a_fixed_number_of_queries(browser: Client) -> None:
    invitation = InvitationFactory.create()
    with CaptureQueriesContext(connection) as queries:
        assert post_answer(browser, invitation) == 302
    assert len(queries) == ANSWER_QUERIES, "\n".join(q["sql"] for q in queries)


def test_the_query_count_does_not_grow_with_the_programs_answers(browser: Client) -> None:
    program = ProgramFactory.create()
    for invitation in InvitationFactory.create_batch(5, program=program):
        assert post_answer(browser, invitation) == 302
    last = InvitationFactory.create(program=program)
    with CaptureQueriesContext(connection) as queries:
        assert post_answer(browser, last) == 302
    assert len(queries) == WAITING_QUERIES
    assert Response.objects.filter(program=program).count() == 6


def test_changing_an_answer_makes_no_more_queries_than_giving_it(browser: Client) -> None:
    invitation = InvitationFactory.create()
    assert post_answer(browser, invitation, score=3) == 302
    with CaptureQueriesContext(connection) as queries:
        assert post_answer(browser, invitation, score=9) == 302
    # No status to change this time, but the change is audited: as many queries.
    assert len(queries) == WAITING_QUERIES
    assert Response.objects.get(invitation=invitation).score == 9
    assert AuditEntry.objects.filter(action="response.edited").count() == 1


def test_the_service_alone_makes_a_fixed_number_of_queries() -> None:
    invitation = invitation_by_token(InvitationFactory.create().token)
    assert invitation is not None
    with CaptureQueriesContext(connection) as queries:
        response = responding.response_submit(
            invitation=invitation, score=10, reason="", may_contact=False
        )
    assert len(queries) == ANSWER_QUERIES - 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert response.unit_id == invitation.customer.unit_id


def test_the_service_still_finds_the_customer_of_a_bare_invitation() -> None:
    """A caller need not load the customer: the service fetches what it needs."""
    invitation = Invitation.objects.get(pk=InvitationFactory.create().pk)
    response = responding.response_submit(
        invitation=invitation, score=4, reason="", may_contact=True
    )
    assert response.customer_id == invitation.customer_id
    assert response.unit_id == invitation.customer.unit_id
    assert response.program_id == invitation.program_id


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions: run with DATABASE_URL=postgres://…")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_answers_to_one_link_make_one_response() -> None:
    _needs_postgresql()
    token = InvitationFactory.create().token
    both_loaded = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def answer(score: int) -> None:
        try:
            invitation = invitation_by_token(token)
            assert invitation is not None
            both_loaded.wait()  # both saw no response yet
            responding.response_submit(
                invitation=invitation, score=score, reason="", may_contact=False
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(score,)) for score in (2, 8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Response.objects.count() == 1
    answers = AuditEntry.objects.filter(action__startswith="response.")
    # One gave the answer and the other, having waited for the lock, changed it.
    assert list(answers.values_list("action", flat=True)) == ["response.edited"]


@pytest.mark.django_db(transaction=True)
def test_an_answer_does_not_wait_for_another_answer_to_the_same_program() -> None:
    _needs_postgresql()
    program = ProgramFactory.create()
    first, second = InvitationFactory.create_batch(2, program=program)
    first_locked, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_answer() -> None:
        try:
            with transaction.atomic():
                responding.response_submit(invitation=first, score=5, reason="", may_contact=False)
                first_locked.set()
                done.wait(timeout=10)  # keep the transaction, and its locks, open
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_answer)
    thread.start()
    try:
        assert first_locked.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            responding.response_submit(invitation=second, score=9, reason="", may_contact=False)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert Response.objects.filter(program=program).count() == 2


def test_a_score_out_of_range_is_refused_before_it_reaches_the_database() -> None:
    invitation = InvitationFactory.create()
    with pytest.raises(ValidationError, match="less than or equal to 10"):
        responding.response_submit(invitation=invitation, score=11, reason="", may_contact=False)
    assert not Response.objects.exists()
