"""Who is told about feedback, and the writes that tell them.

Every new response goes to the customer's owner and to each active manager above the
response's unit; active routing rules add more people. `notifications_for_response`
fans out in a handful of queries and one `bulk_create(ignore_conflicts=True)`, so a
worker that runs it twice tells nobody twice (the unique constraint stands behind it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from earful.directory.ancestry import Ancestry
from earful.directory.models import Employee, Unit
from earful.notifications.choices import Delivery, NotificationKind, NotificationStatus
from earful.notifications.models import Notification, Preference, RoutingRule, Webhook
from earful.platform.audit import log_action
from earful.surveys.models import Program, Response

if TYPE_CHECKING:
    from earful.cases.models import Case


# Time zones ---------------------------------------------------------------------------


def _zone_of_unit(unit: Unit | None) -> ZoneInfo:
    """The unit's own zone, else the nearest ancestor's, else the site's."""
    if unit is not None:
        if unit.time_zone:
            return ZoneInfo(unit.time_zone)
        zoned = (
            Unit.objects.filter(lft__lte=unit.lft, rght__gte=unit.rght)
            .exclude(time_zone="")
            .order_by("-depth")
            .values_list("time_zone", flat=True)
            .first()
        )
        if zoned:
            return ZoneInfo(zoned)
    return ZoneInfo(settings.TIME_ZONE)


def next_digest_time(*, now: dt.datetime, hour: int, zone: ZoneInfo) -> dt.datetime:
    """The next moment the local clock in `zone` shows `hour`:00 (today or tomorrow)."""
    local = now.astimezone(zone)
    candidate = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= local:
        candidate = (local + dt.timedelta(days=1)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
    # replace() on the aware local time keeps wall-clock semantics across DST.
    return candidate.astimezone(dt.UTC)


# Routing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    name: str
    min_score: int
    max_score: int
    segments: frozenset[str]
    spans: tuple[tuple[int, int], ...]  # (lft, rght) of its units; empty = everywhere
    programs: frozenset[int]  # empty = every program
    recipients: tuple[Employee, ...]

    def matches(self, response: Response) -> bool:
        segment = response.customer.segment if response.customer is not None else ""
        unit = response.unit
        return (
            self.min_score <= response.score <= self.max_score
            and (not self.segments or segment in self.segments)
            and (not self.spans or any(lft <= unit.lft <= rght for lft, rght in self.spans))
            and (not self.programs or response.program_id in self.programs)
        )


class Routing:
    """What routing needs for a batch of responses, loaded in a fixed handful of
    queries whatever the batch's size: the tree above their units with its managers,
    the customers' owners, and the active rules with their recipients."""

    def __init__(self, responses: Sequence[Response], ancestry: Ancestry | None = None) -> None:
        self.ancestry = ancestry or Ancestry(r.unit for r in responses)
        self.owners = owners_of(responses)
        rules = (
            RoutingRule.objects.filter(is_active=True)
            .order_by("name", "pk")
            .prefetch_related(
                Prefetch("units", Unit.objects.only("lft", "rght")),
                Prefetch("programs", Program.objects.only("pk")),
                Prefetch(
                    "recipients",
                    Employee.objects.select_related("unit", "notification_preference").order_by(
                        "pk"
                    ),
                ),
            )
        )
        self.rules = [
            _Rule(
                name=rule.name,
                min_score=rule.min_score,
                max_score=rule.max_score,
                segments=frozenset(rule.segments or ()),
                spans=tuple((u.lft, u.rght) for u in rule.units.all()),
                programs=frozenset(p.pk for p in rule.programs.all()),
                recipients=tuple(rule.recipients.all()),
            )
            for rule in rules
        ]
        self.zones = Zones(self.ancestry)

    def owner(self, response: Response) -> Employee | None:
        owner_id = response.customer.owner_id if response.customer is not None else None
        return self.owners.get(owner_id) if owner_id is not None else None


class Zones:
    """The time zone of each recipient's unit (digests go out at their local hour):
    from the loaded tree where it holds the unit, else one query per unit, each once."""

    def __init__(self, ancestry: Ancestry | None = None) -> None:
        self.ancestry = ancestry
        self._zones: dict[int | None, ZoneInfo] = {}

    def __call__(self, employee: Employee) -> ZoneInfo:
        if employee.unit_id not in self._zones:
            known = self.ancestry is not None and employee.unit_id in self.ancestry.units
            self._zones[employee.unit_id] = (
                self.ancestry.time_zone_of_unit_id(employee.unit_id)
                if self.ancestry is not None and known
                else _zone_of_unit(employee.unit)
            )
        return self._zones[employee.unit_id]


def owners_of(responses: Sequence[Response]) -> dict[int, Employee]:
    """The customers' owners, with what notifying them needs: one query."""
    ids = {r.customer.owner_id for r in responses if r.customer and r.customer.owner_id}
    if not ids:
        return {}
    owners = Employee.objects.filter(pk__in=ids).select_related("unit", "notification_preference")
    return {owner.pk: owner for owner in owners}


def recipients_for_response(
    response: Response, routing: Routing | None = None
) -> list[tuple[Employee, str]]:
    """Everyone to tell about a new response, each with why; first reason wins: the
    customer's owner, the active managers above the response's unit (nearest first),
    then the people named by the rules it falls under (by rule name)."""
    routing = routing or Routing([response])
    found: dict[int, tuple[Employee, str]] = {}

    def add(employee: Employee | None, reason: str) -> None:
        if employee is not None and employee.is_active and employee.pk not in found:
            found[employee.pk] = (employee, reason)

    add(routing.owner(response), _("You own this customer"))
    for person in routing.ancestry.managers_above(response.unit):
        assert person.unit is not None  # managers of a unit in the chain
        add(person, _("Manager of %(unit)s") % {"unit": person.unit.name})
    for rule in routing.rules:
        if rule.matches(response):
            for person in rule.recipients:
                add(person, _("Rule: %(name)s") % {"name": rule.name})
    return list(found.values())


# Notifications ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tell:
    """One notification to write: who, what kind, why, about which response."""

    recipient: Employee
    kind: str
    reason: str
    response: Response | None
    subject_key: str = ""


def _preference(employee: Employee) -> Preference | None:
    try:
        return employee.notification_preference
    except ObjectDoesNotExist:
        return None


def _build(
    tell: Tell, *, preference: Preference | None, zone: Callable[[], ZoneInfo], now: dt.datetime
) -> Notification:
    delivery = preference.delivery if preference is not None else Delivery.INSTANT
    status = NotificationStatus.PENDING
    send_after = now
    if delivery == Delivery.OFF:
        status = NotificationStatus.SKIPPED
    elif delivery == Delivery.DIGEST:
        assert preference is not None
        send_after = next_digest_time(now=now, hour=preference.digest_hour, zone=zone())
    return Notification(
        recipient=tell.recipient,
        kind=tell.kind,
        reason=tell.reason[:200],
        response=tell.response,
        subject_key=tell.subject_key,
        delivery=delivery,
        status=status,
        send_after=send_after,
    )


def notifications_write(
    tells: Sequence[Tell], *, zones: Zones | None = None, now: dt.datetime | None = None
) -> int:
    """Write the notifications not written before (one query to find those, one insert;
    the unique constraint stands behind both). Recipients need their unit and
    preference selected. Returns how many were written this time."""
    if not tells:
        return 0
    now = now or timezone.now()
    zones = zones or Zones()
    kinds = {t.kind for t in tells}
    responses = {t.response.pk for t in tells if t.response is not None}
    already: set[tuple[int, str, int | None, str]] = set(
        Notification.objects.filter(kind__in=kinds)
        .filter(Q(response__in=responses) | Q(response__isnull=True) if responses else Q())
        .filter(recipient__in={t.recipient.pk for t in tells})
        .values_list("recipient_id", "kind", "response_id", "subject_key")
    )
    rows = []
    for tell in tells:
        key = (
            tell.recipient.pk,
            tell.kind,
            tell.response.pk if tell.response else None,
            tell.subject_key,
        )
        if key in already:
            continue
        already.add(key)
        zone = partial(zones, tell.recipient)
        rows.append(_build(tell, preference=_preference(tell.recipient), zone=zone, now=now))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


@transaction.atomic
def notification_create(
    *,
    recipient: Employee,
    kind: NotificationKind,
    reason: str,
    response: Response | None = None,
    subject_key: str = "",
    now: dt.datetime | None = None,
) -> Notification | None:
    """Tell one person one thing, as their preference says; None when already told."""
    tell = Tell(recipient, kind, reason, response, subject_key)
    if not notifications_write([tell], now=now):
        return None
    return Notification.objects.filter(
        recipient=recipient, kind=kind, response=response, subject_key=subject_key
    ).first()


def notifications_for_responses(
    responses: Sequence[Response], *, routing: Routing | None = None, now: dt.datetime | None = None
) -> int:
    """Fan new responses out to everyone who should hear of them, in a few queries for
    the whole batch. Idempotent: returns how many notifications were written this time
    (0 on a rerun)."""
    if not responses:
        return 0
    routing = routing or Routing(responses)
    tells = [
        Tell(employee, NotificationKind.NEW_RESPONSE, reason, response)
        for response in responses
        for employee, reason in recipients_for_response(response, routing)
    ]
    return notifications_write(tells, zones=routing.zones, now=now)


def notifications_for_response(*, response: Response, now: dt.datetime | None = None) -> int:
    """`notifications_for_responses` for one response."""
    return notifications_for_responses([response], now=now)


def notify_cases_opened(cases: Sequence[Case], *, ancestry: Ancestry | None = None) -> int:
    """Each case's owner hears that a follow-up case is waiting for them."""
    tells = [
        Tell(
            case.owner,
            NotificationKind.CASE_OPENED,
            _("A follow-up case for your customer"),
            case.response,
            f"case:{case.pk}",
        )
        for case in cases
        if case.owner is not None
    ]
    return notifications_write(tells, zones=Zones(ancestry))


def notify_case_escalated(*, case: Case, manager: Employee) -> Notification | None:
    """The manager the case was escalated to hears that it is past its SLA."""
    return notification_create(
        recipient=manager,
        kind=NotificationKind.CASE_ESCALATED,
        reason=_("A case in your area is past its SLA"),
        response=case.response,
        subject_key=f"case:{case.pk}:{case.escalation_level}",
    )


# Preferences --------------------------------------------------------------------------


@transaction.atomic
def preference_set(*, actor: Employee, delivery: str, digest_hour: int) -> Preference:
    """Save the actor's own notification preference."""
    preference = Preference.objects.filter(employee=actor).first() or Preference(employee=actor)
    preference.delivery = delivery
    preference.digest_hour = digest_hour
    preference.full_clean()
    preference.save()
    log_action(
        "notification_preference.changed",
        actor=actor,
        obj=preference,
        data={"delivery": delivery, "digest_hour": digest_hour},
    )
    return preference


# Routing rules ------------------------------------------------------------------------


@transaction.atomic
def routing_rule_save(
    *, actor: Employee, rule: RoutingRule | None, data: dict[str, Any]
) -> RoutingRule:
    """Create (rule None) or change a routing rule from cleaned form data."""
    creating = rule is None
    rule = rule or RoutingRule(created_by=actor)
    rule.name = data["name"]
    rule.min_score = data["min_score"]
    rule.max_score = data["max_score"]
    rule.segments = data.get("segments") or []
    rule.is_active = data.get("is_active", True)
    rule.full_clean()
    rule.save()
    rule.units.set(data.get("units") or [])
    rule.programs.set(data.get("programs") or [])
    rule.recipients.set(data["recipients"])
    log_action(
        "routing_rule.created" if creating else "routing_rule.changed",
        actor=actor,
        obj=rule,
        data={"name": rule.name},
    )
    return rule


@transaction.atomic
def routing_rule_set_active(*, actor: Employee, rule: RoutingRule, is_active: bool) -> RoutingRule:
    rule.is_active = is_active
    rule.save(update_fields=["is_active"])
    log_action(
        "routing_rule.activated" if is_active else "routing_rule.deactivated",
        actor=actor,
        obj=rule,
    )
    return rule


# Webhooks -----------------------------------------------------------------------------


@transaction.atomic
def webhook_create(
    *,
    actor: Employee,
    name: str,
    url: str,
    format: str,
    max_score: int,
    units: Iterable[Unit] = (),
) -> Webhook:
    """A new webhook with a fresh signing secret (shown to its creator once)."""
    webhook = Webhook(
        name=name,
        url=url,
        format=format,
        max_score=max_score,
        secret=secrets.token_urlsafe(32),
        created_by=actor,
    )
    webhook.full_clean()
    webhook.save()
    webhook.units.set(list(units))
    log_action("webhook.created", actor=actor, obj=webhook, data={"url": url, "format": format})
    return webhook


@transaction.atomic
def webhook_set_active(*, actor: Employee, webhook: Webhook, is_active: bool) -> Webhook:
    webhook.is_active = is_active
    webhook.save(update_fields=["is_active"])
    log_action(
        "webhook.activated" if is_active else "webhook.deactivated", actor=actor, obj=webhook
    )
    return webhook
