"""Cases tell people too: the owner when one opens, the manager when one escalates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import TestCase

from earful.cases.signals import case_escalated, cases_opened
from earful.cases.tests.factories import make_case
from earful.notifications.choices import NotificationKind
from earful.notifications.models import Notification, Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def test_an_opened_case_tells_its_owner_once(org: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        case = make_case(customer=org.oulu_customer)
    cases_opened.send(sender=type(case), cases=[case])  # a rerun changes nothing

    [told] = Notification.objects.filter(kind=NotificationKind.CASE_OPENED)
    assert told.recipient == org.oulu_rep
    assert told.subject_key == f"case:{case.pk}"


def test_an_escalation_tells_the_manager_and_the_webhooks(org: Any) -> None:
    Webhook.objects.create(name="T", url="http://127.0.0.1:9/t", format="teams")
    case = make_case(customer=org.oulu_customer)
    case.escalation_level = 1

    case_escalated.send(sender=type(case), case=case, manager=org.north_manager)
    case_escalated.send(sender=type(case), case=case, manager=org.north_manager)

    [told] = Notification.objects.filter(kind=NotificationKind.CASE_ESCALATED)
    assert told.recipient == org.north_manager
    [delivery] = WebhookDelivery.objects.filter(event="case.escalated")
    assert delivery.payload["@type"] == "MessageCard"
    assert "escalated" in delivery.payload["title"]
