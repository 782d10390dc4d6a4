from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    RELATIONSHIP = "relationship", _("Relationship (sampled continuously)")
    TOUCHPOINT = "touchpoint", _("Touchpoint (triggered by an event)")


class InvitationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # drawn or triggered, not yet sent
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    BOUNCED = "bounced", _("Bounced")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class SkipReason(models.TextChoices):
    OPTED_OUT = "opted_out", _("Opted out")
    NO_CONSENT = "no_consent", _("No survey consent")
    NO_ADDRESS = "no_address", _("No email address")
    BOUNCED = "bounced", _("The email address bounced")
    CHURNED = "churned", _("Churned")
    OPEN_CASE = "open_case", _("Has an open follow-up case")
    PROGRAM_LIMIT = "program_limit", _("Asked too often in this program")
    QUIET_PERIOD = "quiet_period", _("Asked recently by another program")
    DAILY_CAP = "daily_cap", _("The program's daily cap was reached")
    NOT_COVERED = "not_covered", _("Outside the program's units or segments")


class ResponseChannel(models.TextChoices):
    EMAIL = "email", _("Email invitation")
    WALK_IN = "walk_in", _("Walk-in link or QR code")


class EventOutcome(models.TextChoices):
    SCHEDULED = "scheduled", _("Invitation scheduled")
    SKIPPED = "skipped", _("Not asked (contact rules)")
    NO_PROGRAM = "no_program", _("No program answers this event")
