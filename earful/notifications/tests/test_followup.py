"""The whole path: an answer's follow-up task tells people, opens a case, queues webhooks."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from earful.notifications.choices import NotificationKind
from earful.notifications.models import Notification, Webhook, WebhookDelivery
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def answer(customer: Any, score: int) -> Any:
    invitation = InvitationFactory.create(customer=customer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return response_submit(invitation=invitation, score=score, reason="Slow", may_contact=True)


def test_a_detractors_answer_reaches_the_owner_the_manager_and_the_webhook(org: Any) -> None:
    Webhook.objects.create(name="J", url="http://127.0.0.1:9/x", format="json", max_score=6)

    response = answer(org.oulu_customer, 2)

    kinds = set(
        Notification.objects.filter(response=response).values_list("recipient__username", "kind")
    )
    assert ("oulu_rep", NotificationKind.NEW_RESPONSE) in kinds
    assert ("north_manager", NotificationKind.NEW_RESPONSE) in kinds
    assert ("oulu_rep", NotificationKind.CASE_OPENED) in kinds
    assert WebhookDelivery.objects.get().key == f"response:{response.pk}"


def test_an_edit_within_the_day_tells_nobody_twice(org: Any) -> None:
    invitation = InvitationFactory.create(customer=org.oulu_customer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response_submit(invitation=invitation, score=8, reason="", may_contact=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response_submit(invitation=invitation, score=9, reason="", may_contact=False)

    assert Notification.objects.filter(kind=NotificationKind.NEW_RESPONSE).count() == 2
