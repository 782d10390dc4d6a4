"""The notification pages: own settings for everyone; rules and webhooks for CX."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from earful.directory.models import Employee
from earful.directory.tests.factories import PASSWORD
from earful.notifications.choices import Delivery, DeliveryStatus
from earful.notifications.models import Preference, RoutingRule, Webhook, WebhookDelivery
from earful.notifications.services import routing_rule_save, webhook_create
from earful.platform.models import AuditEntry

pytestmark = pytest.mark.django_db


def login(client: Client, user: Employee) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_anyone_can_choose_a_daily_digest(client: Client, org: Any) -> None:
    login(client, org.oulu_rep)
    assert client.get(reverse("notification_settings")).status_code == 200

    reply = client.post(
        reverse("notification_settings"), {"delivery": Delivery.DIGEST, "digest_hour": "8"}
    )

    assert reply.status_code == 302
    preference = Preference.objects.get(employee=org.oulu_rep)
    assert (preference.delivery, preference.digest_hour) == (Delivery.DIGEST, 8)
    assert AuditEntry.objects.filter(action="notification_preference.changed").exists()


def test_a_bad_setting_is_refused_and_nothing_saved(client: Client, org: Any) -> None:
    login(client, org.oulu_rep)

    reply = client.post(reverse("notification_settings"), {"delivery": "loud", "digest_hour": "8"})

    assert reply.status_code == 400
    assert not Preference.objects.exists()


def test_the_settings_page_needs_a_login(client: Client, org: Any) -> None:
    assert client.get(reverse("notification_settings")).status_code == 302


@pytest.mark.parametrize("persona", ["oulu_rep", "north_manager", "analyst"])
def test_only_admins_and_cx_leads_may_open_rules_and_webhooks(
    client: Client, org: Any, persona: str
) -> None:
    rule = routing_rule_save(
        actor=org.cx_lead,
        rule=None,
        data={"name": "R", "min_score": 0, "max_score": 6, "recipients": [org.analyst]},
    )
    hook = webhook_create(
        actor=org.cx_lead, name="H", url="https://example.org/h", format="json", max_score=10
    )
    login(client, getattr(org, persona))
    for url in [
        reverse("routing_rule_list"),
        reverse("routing_rule_create"),
        reverse("routing_rule_edit", args=[rule.pk]),
        reverse("webhook_list"),
        reverse("webhook_create"),
        reverse("webhook_deliveries", args=[hook.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("webhook_set_active", args=[hook.pk]), {"active": "0"}).status_code
        == 403
    )


def test_a_missing_rule_or_webhook_is_404(client: Client, org: Any) -> None:
    login(client, org.cx_lead)
    assert client.get(reverse("routing_rule_edit", args=[999])).status_code == 404
    assert client.get(reverse("webhook_deliveries", args=[999])).status_code == 404


def test_a_cx_lead_creates_edits_and_turns_off_a_rule(client: Client, org: Any) -> None:
    login(client, org.cx_lead)
    reply = client.post(
        reverse("routing_rule_create"),
        {
            "name": "Key accounts",
            "min_score": "0",
            "max_score": "6",
            "segments": "key accounts, vip",
            "units": [org.north.pk],
            "recipients": [org.analyst.pk],
        },
    )
    assert reply.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.segments == ["key accounts", "vip"]
    assert list(rule.units.all()) == [org.north]

    page = client.get(reverse("routing_rule_edit", args=[rule.pk]))
    assert "key accounts, vip" in page.content.decode()
    client.post(
        reverse("routing_rule_edit", args=[rule.pk]),
        {"name": "Key", "min_score": "0", "max_score": "4", "recipients": [org.analyst.pk]},
    )
    rule.refresh_from_db()
    assert (rule.name, rule.max_score, rule.segments) == ("Key", 4, [])

    client.post(reverse("routing_rule_set_active", args=[rule.pk]), {"active": "0"})
    rule.refresh_from_db()
    assert not rule.is_active
    assert "Key" in client.get(reverse("routing_rule_list")).content.decode()


def test_a_rule_with_an_upside_down_range_is_refused(client: Client, org: Any) -> None:
    login(client, org.cx_lead)
    reply = client.post(
        reverse("routing_rule_create"),
        {"name": "X", "min_score": "8", "max_score": "3", "recipients": [org.analyst.pk]},
    )
    assert reply.status_code == 400
    assert not RoutingRule.objects.exists()


def test_a_new_webhook_shows_its_secret_once(client: Client, org: Any) -> None:
    login(client, org.admin)
    reply = client.post(
        reverse("webhook_create"),
        {"name": "Slack", "url": "https://hooks.example.org/x", "format": "slack", "max_score": 6},
    )

    hook = Webhook.objects.get()
    assert reply.status_code == 200
    assert hook.secret and hook.secret in reply.content.decode()
    assert hook.secret not in client.get(reverse("webhook_list")).content.decode()


def test_the_delivery_log_lists_deliveries_in_a_few_queries(
    client: Client, org: Any, django_assert_max_num_queries: Any
) -> None:
    hook = webhook_create(
        actor=org.cx_lead, name="H", url="https://example.org/h", format="json", max_score=10
    )
    from django.utils import timezone

    for n in range(20):
        WebhookDelivery.objects.create(
            webhook=hook,
            event="response.created",
            key=f"response:{n}",
            payload={},
            next_attempt_at=timezone.now(),
            status=DeliveryStatus.FAILED,
            last_error="HTTP 500",
        )
    login(client, org.cx_lead)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("webhook_list"))
    assert page.content.decode().count("HTTP 500") == 20
    with django_assert_max_num_queries(10):
        assert client.get(reverse("webhook_deliveries", args=[hook.pk])).status_code == 200
