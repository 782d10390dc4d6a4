from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed without contact")


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.CONTACTED)


class CloseReason(models.TextChoices):
    UNREACHABLE = "unreachable", _("Customer could not be reached")
    DECLINED = "declined", _("Customer did not want to be contacted")
    DUPLICATE = "duplicate", _("Duplicate of another case")
    NOT_ACTIONABLE = "not_actionable", _("Nothing to follow up")


class ReplyKind(models.TextChoices):
    PERSONAL = "personal", _("Personal reply")
    SHAPE_THE_FIX = "shape_the_fix", _("Invitation to help shape the fix")
