"""Who is told about new feedback, how, and the record of every delivery."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Employee, Unit
from earful.notifications.choices import (
    Delivery,
    DeliveryStatus,
    NotificationKind,
    NotificationStatus,
    WebhookFormat,
)
from earful.surveys.models import Program, Response


class Preference(models.Model):
    """How an employee wants to hear about feedback: at once, in a daily digest, or not."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.INSTANT)
    # Local hour at which the daily digest goes out.
    digest_hour = models.PositiveSmallIntegerField(default=7)

    class Meta:
        ordering = ["employee"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23),
                name="preference_digest_hour_0_to_23",
                violation_error_message=_("The digest hour is from 0 to 23."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.get_delivery_display()}"


class RoutingRule(models.Model):
    """Who else hears about matching responses (e.g. every detractor among key accounts
    also goes to the sales director). The owner and the managers above are told anyway."""

    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    min_score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=10)
    segments = models.JSONField(default=list, blank=True)  # empty: every segment
    units = models.ManyToManyField(Unit, blank=True, related_name="routing_rules")  # subtrees
    programs = models.ManyToManyField(Program, blank=True, related_name="routing_rules")
    recipients = models.ManyToManyField(Employee, related_name="routing_rules")
    created_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__lte=models.F("max_score"), max_score__lte=10),
                name="routing_rule_score_range",
                violation_error_message=_("The score range must run from low to high, 0–10."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """One thing one employee is told, and why; sent at once or in their digest. Unique
    per recipient, kind and subject, so a fan-out that runs twice tells nobody twice."""

    recipient = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    # The case or kudos this is about, when not just the response ("case:12", "kudos:7").
    subject_key = models.CharField(max_length=50, blank=True)
    reason = models.CharField(max_length=200)  # "You own this customer", "Rule: Key accounts"
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_after = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "response", "subject_key"],
                name="notification_once_per_recipient",
                violation_error_message=_("This person has already been told about this."),
            ),
        ]
        indexes = [
            # The sender: pending notifications due.
            models.Index(fields=["status", "send_after"], name="notification_outbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Webhook(models.Model):
    """An outbound webhook: Slack, Teams, or signed JSON to any URL."""

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    format = models.CharField(max_length=10, choices=WebhookFormat.choices)
    # JSON webhooks: the HMAC-SHA256 key for the X-Earful-Signature header.
    secret = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    max_score = models.PositiveSmallIntegerField(default=10)  # e.g. 6: detractors only
    units = models.ManyToManyField(Unit, blank=True, related_name="webhooks")
    created_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one webhook: the payload, every attempt's outcome, retried with
    backoff. A failing webhook never blocks or loses the response it is about."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=50)  # "response.created", "case.escalated"
    key = models.CharField(max_length=100)  # "response:123": once per webhook and event
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event", "key"],
                name="webhook_delivery_once",
                violation_error_message=_("This event was already queued for this webhook."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook}"


class Kudos(models.Model):
    """Praise in a response that names someone: matched to an employee of the customer's
    unit where possible; a name that matches nobody is kept and shown, not lost."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="kudos")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="kudos")
    employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="kudos"
    )
    mention = models.CharField(max_length=200)  # the name as the customer wrote it
    confidence = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "kudos"
        constraints = [
            models.UniqueConstraint(
                fields=["response", "mention"],
                name="kudos_once_per_mention",
                violation_error_message=_("This mention is already recorded."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="kudos_unit_feed_idx")]

    def __str__(self) -> str:
        return f"Kudos for {self.employee or self.mention}"
