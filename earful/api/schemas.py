"""The API's request bodies, declared field by field.

A schema is a mapping of field names to `Field`s. `parse` checks a decoded JSON body
against it in declaration order and raises `SchemaError` naming the first field that is
wrong and why, so a client is told exactly what to fix, and nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

# Clocks differ a little between systems; an event further ahead than this is an error.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


class SchemaError(Exception):
    """A request body that does not fit its schema. `field` is None for the body itself."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Text:
    """A string, trimmed, of `min_length` to `max_length` characters."""

    min_length: int = 1
    max_length: int = 200

    def clean(self, name: str, value: object) -> str:
        if not isinstance(value, str):
            raise SchemaError(f"{name} must be a string.", field=name)
        value = value.strip()
        if len(value) < self.min_length:
            raise SchemaError(f"{name} must not be empty.", field=name)
        if len(value) > self.max_length:
            raise SchemaError(
                f"{name} is too long (at most {self.max_length} characters).", field=name
            )
        return value


@dataclass(frozen=True)
class AwareDateTime:
    """An ISO 8601 date and time with a UTC offset ("Z" or "+02:00"), not in the future."""

    def clean(self, name: str, value: object) -> dt.datetime:
        if not isinstance(value, str):
            raise SchemaError(f"{name} must be an ISO 8601 date and time string.", field=name)
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise SchemaError(
                f"{name} is not an ISO 8601 date and time, e.g. 2026-03-02T09:00:00Z.",
                field=name,
            ) from None
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise SchemaError(
                f"{name} has no time zone: add Z or an offset such as +02:00.", field=name
            )
        if moment > timezone.now() + FUTURE_TOLERANCE:
            raise SchemaError(f"{name} is in the future.", field=name)
        return moment


@dataclass(frozen=True)
class JsonObject:
    """Any JSON object (a dict), kept as given."""

    def clean(self, name: str, value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise SchemaError(f"{name} must be a JSON object.", field=name)
        return value


@dataclass(frozen=True)
class Field:
    kind: Text | AwareDateTime | JsonObject
    required: bool = True
    default: Callable[[], object] = field(default=lambda: None)


def parse(schema: Mapping[str, Field], body: object) -> dict[str, Any]:
    """The body's fields, cleaned; the first problem raises `SchemaError`."""
    if not isinstance(body, dict):
        raise SchemaError("The body must be a JSON object.")
    cleaned: dict[str, Any] = {}
    for name, spec in schema.items():
        if name not in body or body[name] is None:
            if spec.required:
                raise SchemaError(f"{name} is required.", field=name)
            cleaned[name] = spec.default()
            continue
        cleaned[name] = spec.kind.clean(name, body[name])
    for name in body:
        if name not in schema:
            raise SchemaError(f"{name} is not a known field.", field=str(name))
    return cleaned


EVENT = {
    "idempotency_key": Field(Text(max_length=200)),
    "type": Field(Text(max_length=100)),
    "customer": Field(Text(max_length=100)),
    "occurred_at": Field(AwareDateTime()),
    "data": Field(JsonObject(), required=False, default=dict),
}


@dataclass(frozen=True)
class EventSpec:
    """A touchpoint event as the API received it. `customer` is an external id."""

    idempotency_key: str
    type: str
    customer: str
    occurred_at: dt.datetime
    data: dict[str, Any]


def parse_event(body: object, *, idempotency_header: str | None = None) -> EventSpec:
    """An event from a decoded body. The key may come in the body or, when the body has
    none, in the `Idempotency-Key` header; when both are given they must agree."""
    if isinstance(body, dict) and idempotency_header is not None:
        header_key = Text(max_length=200).clean("idempotency_key", idempotency_header)
        in_body = body.get("idempotency_key")
        if in_body is None:
            body = {**body, "idempotency_key": header_key}
        elif isinstance(in_body, str) and in_body.strip() != header_key:
            raise SchemaError(
                "idempotency_key differs from the Idempotency-Key header.",
                field="idempotency_key",
            )
    return EventSpec(**parse(EVENT, body))
