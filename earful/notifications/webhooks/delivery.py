"""Queue, sign, send and retry webhook deliveries.

A delivery row is queued (once per webhook, event and key) in the follow-up of a
response or an escalation; a worker then claims due rows with a conditional UPDATE and
POSTs them. Failures are recorded and retried with exponential backoff, then marked
FAILED; nothing here raises into the caller, so a broken webhook never blocks or loses
the response it is about.

Signing: when the webhook has a secret, the body is signed with HMAC-SHA256 over
`<timestamp>.<body>`, sent as `X-Earful-Timestamp` and `X-Earful-Signature: sha256=<hex>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from earful.notifications.choices import DeliveryStatus, WebhookFormat
from earful.notifications.models import Webhook, WebhookDelivery
from earful.notifications.webhooks import json as json_format
from earful.notifications.webhooks import slack, teams
from earful.platform.outbox import Outbox
from earful.surveys.models import Response

if TYPE_CHECKING:
    from earful.cases.models import Case
    from earful.directory.models import Employee

logger = logging.getLogger(__name__)

BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    WebhookFormat.SLACK: slack.build,
    WebhookFormat.TEAMS: teams.build,
    WebhookFormat.JSON: json_format.build,
}
TIMEOUT_SECONDS = 5
RETRY_BASE = dt.timedelta(minutes=1)
RETRY_CAP = dt.timedelta(hours=6)
MAX_ATTEMPTS = 8
LEASE = dt.timedelta(minutes=2)

OUTBOX = Outbox(
    pending=DeliveryStatus.PENDING,
    due_field="next_attempt_at",
    lease=LEASE,
    retry_base=RETRY_BASE,
    retry_cap=RETRY_CAP,
)
retry_delay = OUTBOX.retry_delay


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


# Signing ------------------------------------------------------------------------------


def sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Earful-Signature` value for a body sent at `timestamp`."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(*, secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret=secret, timestamp=timestamp, body=body), signature)


# Queueing -----------------------------------------------------------------------------


def response_event_data(response: Response) -> dict[str, Any]:
    customer = response.customer
    return {
        "response_id": response.pk,
        "score": response.score,
        "nps_group": response.nps_group,
        "reason": response.reason,
        "customer": customer.name if customer is not None else "",
        "customer_id": customer.external_id if customer is not None else "",
        "segment": customer.segment if customer is not None else "",
        "unit": response.unit.name,
        "unit_id": response.unit.external_id,
        "program": response.program.name,
        "submitted_at": response.submitted_at.isoformat(),
        "url": f"{settings.SITE_ROOT}/inbox/",
    }


def _active_webhooks() -> list[tuple[Webhook, list[tuple[int, int]]]]:
    """Active webhooks with the (lft, rght) spans of their units: two queries."""
    hooks = Webhook.objects.filter(is_active=True).prefetch_related("units").order_by("pk")
    return [(hook, [(u.lft, u.rght) for u in hook.units.all()]) for hook in hooks]


def _covers(hook: Webhook, spans: list[tuple[int, int]], response: Response) -> bool:
    lft = response.unit.lft
    return response.score <= hook.max_score and (
        not spans or any(low <= lft <= high for low, high in spans)
    )


@dataclass(frozen=True)
class _Event:
    hook: Webhook
    event: str
    key: str
    data: dict[str, Any]


def _queue(events: list[_Event]) -> int:
    """Queue each (webhook, event, key) once: one query for those already queued, one
    insert (the unique constraint stands behind it)."""
    if not events:
        return 0
    now = timezone.now()
    queued = set(
        WebhookDelivery.objects.filter(
            event__in={e.event for e in events}, key__in={e.key for e in events}
        ).values_list("webhook_id", "event", "key")
    )
    fresh = [
        WebhookDelivery(
            webhook=e.hook,
            event=e.event,
            key=e.key,
            payload=BUILDERS[e.hook.format](event=e.event, data=e.data),
            next_attempt_at=now,
        )
        for e in events
        if (e.hook.pk, e.event, e.key) not in queued
    ]
    WebhookDelivery.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    return len(fresh)


def deliveries_for_responses(responses: list[Response]) -> int:
    """Queue `response.created` for every active webhook each response matches (score,
    units): a few queries for the whole batch."""
    hooks = _active_webhooks() if responses else []
    return _queue(
        [
            _Event(hook, "response.created", f"response:{r.pk}", response_event_data(r))
            for r in responses
            for hook, spans in hooks
            if _covers(hook, spans, r)
        ]
    )


def deliveries_for_response(*, response: Response) -> int:
    return deliveries_for_responses([response])


def deliveries_for_escalation(*, case: Case, manager: Employee) -> int:
    """Queue `case.escalated` for every active webhook that covers the case's response."""
    response = case.response
    data = response_event_data(response) | {
        "case_id": case.pk,
        "escalation_level": case.escalation_level,
        "manager": manager.get_full_name() or manager.username,
    }
    key = f"case:{case.pk}:{case.escalation_level}"
    return _queue(
        [
            _Event(hook, "case.escalated", key, data)
            for hook, spans in _active_webhooks()
            if _covers(hook, spans, response)
        ]
    )


# Sending ------------------------------------------------------------------------------


def _post(delivery: WebhookDelivery, now: dt.datetime) -> int:
    """POST the payload; return the status code, raise OSError/HTTPError on failure."""
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Earful-Webhooks/1",
        "X-Earful-Event": delivery.event,
        "X-Earful-Delivery": str(delivery.pk),
        "X-Earful-Timestamp": timestamp,
    }
    if delivery.webhook.secret:
        headers["X-Earful-Signature"] = sign(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        )
    request = urllib.request.Request(  # noqa: S310 (URL validated as http(s) by the form)
        delivery.webhook.url, data=body, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:  # noqa: S310
        return int(reply.status)


def deliver_one(delivery: WebhookDelivery, *, now: dt.datetime) -> str:
    """Send one claimed delivery and record the outcome; never raises."""
    code: int | None = None
    try:
        code = _post(delivery, now)
        error = "" if 200 <= code < 300 else f"HTTP {code}"
    except urllib.error.HTTPError as failure:
        code = failure.code
        error = f"HTTP {failure.code}"
    except Exception as failure:  # noqa: BLE001 (anything a broken endpoint does is recorded)
        error = f"{type(failure).__name__}: {failure}"
    if not error:
        OUTBOX.finish(
            delivery,
            status=DeliveryStatus.DELIVERED,
            delivered_at=now,
            last_status_code=code,
            last_error="",
        )
        return "delivered"
    if delivery.attempts >= MAX_ATTEMPTS:
        OUTBOX.finish(
            delivery, status=DeliveryStatus.FAILED, last_status_code=code, last_error=error[:2000]
        )
        return "failed"
    OUTBOX.finish(
        delivery,
        next_attempt_at=now + retry_delay(delivery.attempts),
        last_status_code=code,
        last_error=error[:2000],
    )
    return "retried"


def deliver_due(*, now: dt.datetime | None = None, batch: int = 100) -> DeliveryReport:
    """Send up to `batch` due deliveries; safe on several workers at once."""
    now = now or timezone.now()
    report = DeliveryReport()
    due = list(
        WebhookDelivery.objects.filter(
            Q(status=DeliveryStatus.PENDING)
            & Q(next_attempt_at__lte=now)
            & Q(webhook__is_active=True)
        )
        .select_related("webhook")
        .order_by("next_attempt_at", "pk")[:batch]
    )
    for delivery in due:
        if not OUTBOX.claim(delivery, now):
            continue
        outcome = deliver_one(delivery, now=now)
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report
