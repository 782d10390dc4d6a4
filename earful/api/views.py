"""`/api/v1/`: other systems tell Earful what happened. JSON in, JSON out, bearer tokens.

Every answer is JSON. Errors are `{"error": "<what is wrong, in words>", "field": <the
body field at fault, or null>}`, checked in this order: method (405), token (401), size
(413), content type (415), JSON (400), schema (400), customer (400).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from earful.api.schemas import SchemaError, parse_event
from earful.api.selectors import customer_by_external_id
from earful.api.tokens import api_token_authenticate
from earful.surveys.models import Event
from earful.surveys.touchpoints import event_record

# Events are small; a larger body is refused before it is read.
MAX_BODY_BYTES = 64 * 1024


def _error(status: int, message: str, *, field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "field": field}, status=status)


def _unauthorized(message: str, *, invalid: bool) -> JsonResponse:
    response = _error(401, message)
    challenge = 'Bearer realm="earful"'
    if invalid:
        challenge += ', error="invalid_token"'
    response["WWW-Authenticate"] = challenge
    return response


def event_body(event: Event) -> dict[str, Any]:
    """What the API says about an event, the first time and on every replay."""
    invitation = event.invitation
    return {
        "event": event.pk,
        "outcome": event.outcome,
        # Always in UTC, so a replay reads exactly like the first answer.
        "send_after": (
            invitation.send_after.astimezone(dt.UTC).isoformat() if invitation is not None else None
        ),
        "detail": event.detail,
    }


def _same_event(
    event: Event, *, event_type: str, customer_pk: int, occurred_at: dt.datetime
) -> bool:
    return (
        event.event_type == event_type
        and event.customer_id == customer_pk
        and event.occurred_at == occurred_at
    )


@csrf_exempt  # Authority is the bearer token, never a cookie.
@never_cache
def events(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        response = _error(405, "Use POST.")
        response["Allow"] = "POST"
        return response
    header = request.headers.get("Authorization")
    if not header:
        return _unauthorized("An Authorization: Bearer <token> header is required.", invalid=False)
    if api_token_authenticate(header) is None:
        return _unauthorized("The token is not valid, or has been revoked.", invalid=True)
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return _error(400, "Content-Length is not a number.")
    if length > MAX_BODY_BYTES:
        return _error(413, f"The body is larger than {MAX_BODY_BYTES} bytes.")
    if request.content_type != "application/json":
        return _error(415, "Send the event as application/json.")
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        return _error(413, f"The body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as problem:
        return _error(400, f"The body is not valid JSON: {problem}.")
    try:
        spec = parse_event(body, idempotency_header=request.headers.get("Idempotency-Key"))
    except SchemaError as problem:
        return _error(400, problem.message, field=problem.field)
    customer = customer_by_external_id(spec.customer)
    if customer is None:
        return _error(400, "No customer has this external id.", field="customer")
    event, created = event_record(
        key=spec.idempotency_key,
        event_type=spec.type,
        customer=customer,
        occurred_at=spec.occurred_at,
        payload=spec.data,
    )
    if not created and not _same_event(
        event, event_type=spec.type, customer_pk=customer.pk, occurred_at=spec.occurred_at
    ):
        return _error(
            409,
            "This idempotency_key was already used for a different event.",
            field="idempotency_key",
        )
    return JsonResponse(event_body(event), status=201 if created else 200)
