"""Every answer queues its follow-up in its own transaction; a worker runs the queue a
batch at a time and tells the other apps once per batch."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from earful.surveys import followup
from earful.surveys.followup import followups_process
from earful.surveys.models import Followup
from earful.surveys.responding import response_submit
from earful.surveys.signals import responses_recorded
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[list[tuple[int, bool]]]]:
    """Each batch announced: [(response pk, created), …]."""
    batches: list[list[tuple[int, bool]]] = []

    def listener(sender: Any, responses: Any, created: frozenset[int], **kwargs: Any) -> None:
        batches.append([(r.pk, r.pk in created) for r in responses])

    responses_recorded.connect(listener, dispatch_uid="test-listener")
    yield batches
    responses_recorded.disconnect(dispatch_uid="test-listener")


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def answer(score: int = 3) -> Any:
    return response_submit(
        invitation=InvitationFactory.create(), score=score, reason="", may_contact=False
    )


def test_giving_and_changing_an_answer_are_announced(heard):
    invitation = InvitationFactory.create()
    response = response_submit(invitation=invitation, score=3, reason="", may_contact=False)
    response_submit(invitation=invitation, score=5, reason="", may_contact=False)
    assert heard == [[(response.pk, True)], [(response.pk, False)]]
    assert not Followup.objects.exists()


@pytest.mark.usefixtures("database_tasks")
def test_a_burst_of_answers_queues_one_task_and_is_announced_in_one_batch(heard):
    responses = [answer() for _ in range(5)]
    assert Followup.objects.count() == 5
    task = DBTaskResult.objects.get()  # the later answers found it waiting
    assert task.task_path == "earful.surveys.tasks.process_followups"
    assert heard == []  # nothing happens until a worker runs it

    assert followups_process() == 5
    assert heard == [[(r.pk, True) for r in responses]]
    assert not Followup.objects.exists()
    assert followups_process() == 0  # a second run finds nothing


@pytest.mark.usefixtures("database_tasks")
def test_batches_are_bounded(heard):
    for _ in range(5):
        answer()
    assert followups_process(batch=2) == 5
    assert [len(batch) for batch in heard] == [2, 2, 1]


@pytest.mark.usefixtures("database_tasks")
def test_a_failing_answer_does_not_hold_back_the_others(heard):
    good, bad, other = answer(), answer(), answer()

    def breaks_on_bad(sender: Any, responses: Any, **kwargs: Any) -> None:
        if any(r.pk == bad.pk for r in responses):
            raise RuntimeError("listener broke")

    responses_recorded.connect(breaks_on_bad, dispatch_uid="test-breaks")
    try:
        assert followups_process() == 2
    finally:
        responses_recorded.disconnect(dispatch_uid="test-breaks")
    left = Followup.objects.get()
    assert left.response_id == bad.pk
    assert "listener broke" in left.last_error
    assert left.due_at > timezone.now()  # retried after a backoff
    # Once the listener is fixed and the backoff has passed, it goes through.
    Followup.objects.update(due_at=timezone.now())
    assert followups_process() == 1
    assert heard[-1] == [(bad.pk, True)]
    assert {pk for batch in heard for pk, _ in batch} == {good.pk, bad.pk, other.pk}


@pytest.mark.usefixtures("database_tasks")
def test_a_worker_that_died_mid_batch_leaves_it_to_the_next_after_the_lease(heard):
    response = answer()
    now = timezone.now()
    claimed = followup._claim(now, 10)  # claimed, then the worker died
    assert [row.response_id for row in claimed] == [response.pk]
    assert followups_process() == 0  # still leased to the dead worker
    Followup.objects.update(due_at=now - dt.timedelta(seconds=1))  # the lease ran out
    assert followups_process() == 1
    assert heard == [[(response.pk, True)]]


@pytest.mark.usefixtures("database_tasks")
def test_a_deleted_answer_is_not_followed_up(heard):
    response = answer()
    response.delete()
    assert not Followup.objects.exists()
    assert followups_process() == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_announce_each_answer_once(settings, heard):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions: run with DATABASE_URL=postgres://…")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    responses = [answer() for _ in range(40)]
    start = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            followups_process(batch=5)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    announced = sorted(pk for batch in heard for pk, _ in batch)
    assert announced == sorted(r.pk for r in responses)  # each once, none lost
    assert not Followup.objects.exists()
