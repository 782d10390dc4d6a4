from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentimentChoice(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class MentionSource(models.TextChoices):
    ENGINE = "engine", _("Text engine")
    CORRECTION = "correction", _("Correction")


class ChangeKind(models.TextChoices):
    """What changed in a new taxonomy version, which decides what must be re-analysed."""

    THEMES = "themes", _("Themes added or edited")  # every text's themes may change
    REMOVAL = "removal", _("Themes deactivated")  # only texts that mention them change
    CORRECTION = "correction", _("A correction")  # retraining: every text may change
    SETTINGS = "settings", _("Settings changed")  # the score-aware option: every text


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Dismissed")
