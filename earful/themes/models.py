"""The company's theme taxonomy, what the text engine read in every answer, the CX
leads' corrections of it, and the new themes that discovery proposes."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Employee
from earful.surveys.models import Response
from earful.themes.choices import ChangeKind, MentionSource, ProposalStatus, SentimentChoice


class Theme(models.Model):
    """One entry of the taxonomy, as a CX lead edits it. `key` never changes once made
    (the engine and corrections know a theme by it), so a theme can be renamed freely."""

    name = models.CharField(max_length=100)
    key = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    # Phrases a CX lead typed as typical of the theme, in any language: the engine's
    # first training examples, before any correction.
    examples = models.JSONField(default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="theme_unique_name",
                violation_error_message=_("A theme with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["key"],
                name="theme_unique_key",
                violation_error_message=_("A theme with this key already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyVersion(models.Model):
    """One change of what the engine must know: themes, corrections or settings. Every
    analysis records the version it was made with; those made with an older one are
    stale and re-analysed in batches (only what the change can affect, see `ChangeKind`).
    The latest row also holds the taxonomy's settings."""

    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    # For a removal: the keys of the themes deactivated.
    themes = models.JSONField(default=list, blank=True)
    # Score-aware: the answer's 0–10 score is a weak label of its text's sentiment.
    use_scores = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="taxonomy_version_unique_number",
                violation_error_message=_("This taxonomy version already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"taxonomy v{self.number} ({self.kind})"


class TextAnalysis(models.Model):
    """What the engine read in one answer's reason: one row per response with a reason."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="analysis")
    language = models.CharField(max_length=5)
    sentiment = models.CharField(max_length=10, choices=SentimentChoice.choices)
    sentiment_score = models.FloatField()
    opportunities = models.JSONField(default=list, blank=True)
    names = models.JSONField(default=list, blank=True)
    engine = models.CharField(max_length=20)
    taxonomy_version = models.PositiveIntegerField(default=0)
    analysed_at = models.DateTimeField()

    class Meta:
        ordering = ["-analysed_at", "-pk"]
        indexes = [
            # The re-analysis sweep: analyses older than the current taxonomy, by pk.
            models.Index(fields=["taxonomy_version", "response"], name="analysis_version_idx"),
        ]

    def __str__(self) -> str:
        return f"analysis of {self.response_id} ({self.sentiment}, v{self.taxonomy_version})"


class ThemeMention(models.Model):
    """A theme that one answer raises, found by the engine or set by a correction."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="theme_mentions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="mentions")
    confidence = models.FloatField()
    sentiment = models.CharField(max_length=10, choices=SentimentChoice.choices)
    sentiment_score = models.FloatField()
    source = models.CharField(max_length=20, choices=MentionSource.choices)

    class Meta:
        ordering = ["response", "-confidence", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "theme"],
                name="mention_once_per_response_theme",
                violation_error_message=_("This answer already mentions this theme."),
            ),
        ]
        indexes = [
            # The priority page: a theme's answers, grouped by theme.
            models.Index(fields=["theme", "response"], name="mention_theme_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} mentions {self.theme_id} ({self.source})"


class Correction(models.Model):
    """A CX lead's reading of one answer: the themes that apply (none is an answer too)
    and its sentiment. The latest correction of an answer wins over the engine, and every
    correction is a training example the engine learns from."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="theme_corrections"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="corrections")
    sentiment = models.CharField(max_length=10, choices=SentimentChoice.choices)
    by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The latest correction of each answer in a batch.
            models.Index(fields=["response", "created_at"], name="correction_response_idx"),
        ]

    def __str__(self) -> str:
        return f"correction of {self.response_id} by {self.by_id}"


class ThemeProposal(models.Model):
    """A cluster of answers that fit no theme, proposed as a new one. Each discovery run
    replaces the proposals nobody has decided on yet."""

    label = models.CharField(max_length=200)
    key_phrases = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Answers per month: {"2026-03": 12, …}.
    trend = models.JSONField(default=dict, blank=True)
    example_response_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    # The theme it became (accepted) or joined (merged).
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    decided_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-size", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.size}, {self.status})"
