"""Who is told about feedback, and the writes that tell them.

Every new response goes to the customer's owner and to each active manager above the
response's unit; active routing rules add more people. `notifications_for_response`
fans out in a handful of queries and one `bulk_create(ignore_conflicts=True)`, so a
worker that runs it twice tells nobody twice (the unique constraint stands behind it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from earful.directory.choices import Role
from earful.directory.models import Employee, Unit
from earful.notifications.choices import Delivery, NotificationKind, NotificationStatus
from earful.notifications.models import Notification, Preference, RoutingRule, Webhook
from earful.platform.audit import log_action
from earful.surveys.models import Response

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


def _owner_and_managers(response: Response) -> list[Employee]:
    """The customer's owner (first) and the active managers above the response's unit,
    nearest first, with their preferences: one query."""
    unit = response.unit
    owner_id = response.customer.owner_id if response.customer is not None else None
    wanted = Q(role=Role.MANAGER, unit__lft__lte=unit.lft, unit__rght__gte=unit.rght)
    if owner_id is not None:
        wanted |= Q(pk=owner_id)
    people = list(
        Employee.objects.filter(wanted, is_active=True)
        .select_related("unit", "notification_preference")
        .order_by("-unit__depth", "pk")
    )
    return sorted(people, key=lambda e: e.pk != owner_id)


def _rule_recipients(response: Response) -> list[tuple[Employee, str]]:
    """People named by the active rules the response falls under, with the rule's name.

    A rule matches on its score range, the customer's segment, the response's unit lying
    in one of its units' subtrees, and one of its programs; an empty list of segments,
    units or programs matches everything. Matched in SQL (segments, a JSON list, in
    Python): one query when no rule matches, two when some do."""
    unit = response.unit
    candidates = (
        RoutingRule.objects.filter(
            is_active=True, min_score__lte=response.score, max_score__gte=response.score
        )
        .filter(Q(units=None) | Q(units__lft__lte=unit.lft, units__rght__gte=unit.lft))
        .filter(Q(programs=None) | Q(programs=response.program_id))
        .order_by("name", "pk")
        .values_list("pk", "name", "segments")
        .distinct()
    )
    segment = response.customer.segment if response.customer is not None else ""
    names = {pk: name for pk, name, segments in candidates if not segments or segment in segments}
    if not names:
        return []
    order = list(names)
    people = (
        Employee.objects.filter(routing_rules__in=order)
        .annotate(rule_id=F("routing_rules"))
        .select_related("unit", "notification_preference")
    )
    ranked = sorted(people, key=lambda e: (order.index(e.rule_id), e.pk))
    return [(e, _("Rule: %(name)s") % {"name": names[e.rule_id]}) for e in ranked]


def _preference(employee: Employee) -> Preference | None:
    try:
        return employee.notification_preference
    except ObjectDoesNotExist:
        return None


def recipients_for_response(response: Response) -> list[tuple[Employee, str]]:
    """Everyone to tell about a new response, each with why; first reason wins."""
    found: dict[int, tuple[Employee, str]] = {}

    def add(employee: Employee | None, reason: str) -> None:
        if employee is not None and employee.is_active and employee.pk not in found:
            found[employee.pk] = (employee, reason)

    owner_id = response.customer.owner_id if response.customer is not None else None
    for person in _owner_and_managers(response):
        if person.pk == owner_id:
            add(person, _("You own this customer"))
        else:
            assert person.unit is not None  # filtered by the unit's tree above
            add(person, _("Manager of %(unit)s") % {"unit": person.unit.name})
    for person, reason in _rule_recipients(response):
        add(person, reason)
    return list(found.values())


# Notifications ------------------------------------------------------------------------


def _build(
    *,
    recipient: Employee,
    preference: Preference | None,
    kind: str,
    reason: str,
    response: Response | None,
    subject_key: str,
    now: dt.datetime,
) -> Notification:
    delivery = preference.delivery if preference is not None else Delivery.INSTANT
    status = NotificationStatus.PENDING
    send_after = now
    if delivery == Delivery.OFF:
        status = NotificationStatus.SKIPPED
    elif delivery == Delivery.DIGEST:
        assert preference is not None
        send_after = next_digest_time(
            now=now, hour=preference.digest_hour, zone=_zone_of_unit(recipient.unit)
        )
    return Notification(
        recipient=recipient,
        kind=kind,
        reason=reason[:200],
        response=response,
        subject_key=subject_key,
        delivery=delivery,
        status=status,
        send_after=send_after,
    )


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
    now = now or timezone.now()
    if Notification.objects.filter(
        recipient=recipient, kind=kind, response=response, subject_key=subject_key
    ).exists():
        return None
    preference = Preference.objects.filter(employee=recipient).first()
    notification = _build(
        recipient=recipient,
        preference=preference,
        kind=kind,
        reason=reason,
        response=response,
        subject_key=subject_key,
        now=now,
    )
    notification.full_clean(validate_unique=False, validate_constraints=False)
    created = Notification.objects.bulk_create([notification], ignore_conflicts=True)
    # On PostgreSQL a conflict leaves the pk unset; on SQLite look the row up.
    saved = Notification.objects.filter(
        recipient=recipient, kind=kind, response=response, subject_key=subject_key
    ).first()
    return saved if created else None


def notifications_for_response(*, response: Response, now: dt.datetime | None = None) -> int:
    """Fan a new response out to everyone who should hear of it. Idempotent: returns
    how many people were told this time (0 on a rerun)."""
    now = now or timezone.now()
    recipients = recipients_for_response(response)
    if not recipients:
        return 0
    already = set(
        Notification.objects.filter(
            response=response, kind=NotificationKind.NEW_RESPONSE, subject_key=""
        ).values_list("recipient_id", flat=True)
    )
    fresh = [(e, r) for e, r in recipients if e.pk not in already]
    if not fresh:
        return 0
    rows = [
        _build(
            recipient=employee,
            preference=_preference(employee),
            kind=NotificationKind.NEW_RESPONSE,
            reason=reason,
            response=response,
            subject_key="",
            now=now,
        )
        for employee, reason in fresh
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def notify_case_opened(*, case: Case) -> Notification | None:
    """The case's owner hears that a follow-up case is waiting for them."""
    if case.owner is None:
        return None
    return notification_create(
        recipient=case.owner,
        kind=NotificationKind.CASE_OPENED,
        reason=_("A follow-up case for your customer"),
        response=case.response,
        subject_key=f"case:{case.pk}",
    )


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
