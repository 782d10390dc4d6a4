"""Every answer queues one follow-up task, which tells the other apps about it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from earful.surveys.responding import response_submit
from earful.surveys.signals import response_recorded
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[tuple[int, bool]]]:
    calls: list[tuple[int, bool]] = []

    def listener(sender: Any, response: Any, created: bool, **kwargs: Any) -> None:
        calls.append((response.pk, created))

    response_recorded.connect(listener, dispatch_uid="test-listener")
    yield calls
    response_recorded.disconnect(dispatch_uid="test-listener")


def test_giving_and_changing_an_answer_are_announced(heard):
    invitation = InvitationFactory.create()
    response = response_submit(invitation=invitation, score=3, reason="", may_contact=False)
    response_submit(invitation=invitation, score=5, reason="", may_contact=False)
    assert heard == [(response.pk, True), (response.pk, False)]


def test_the_follow_up_is_queued_in_the_answers_transaction(settings, heard):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = response_submit(
        invitation=InvitationFactory.create(), score=3, reason="", may_contact=False
    )
    task = DBTaskResult.objects.get()
    assert task.task_path == "earful.surveys.tasks.response_followup"
    assert task.args_kwargs["args"] == [response.pk, True]
    assert heard == []  # nothing happens until a worker runs it
