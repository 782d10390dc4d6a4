from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    INSTANT = "instant", _("At once, one email each")
    DIGEST = "digest", _("A daily digest")
    OFF = "off", _("No email")


class NotificationKind(models.TextChoices):
    NEW_RESPONSE = "new_response", _("New response")
    CASE_OPENED = "case_opened", _("Follow-up case opened")
    CASE_ESCALATED = "case_escalated", _("Case past its SLA, escalated")
    KUDOS = "kudos", _("Kudos")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (preference off)")


class WebhookFormat(models.TextChoices):
    SLACK = "slack", _("Slack (incoming webhook)")
    TEAMS = "teams", _("Microsoft Teams (incoming webhook)")
    JSON = "json", _("Generic JSON, signed with HMAC-SHA256")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed for good")
