"""Cross-cutting records: the audit log and the periodic jobs' clock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One domain change: who did what (a dotted action type) to which row, and details."""

    action = models.CharField(max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            # An object's timeline.
            models.Index(
                fields=["object_type", "object_id", "created_at"], name="audit_object_idx"
            ),
            # "Everything of this kind lately" (notifications, admin filters).
            models.Index(fields=["action", "created_at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


class ClockTick(models.Model):
    """A periodic job enqueued for one time slot. The unique constraint lets a clock run on
    every machine: the first to insert a slot's row enqueues the job, the others skip it."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot"],
                name="clock_tick_one_per_slot",
                violation_error_message=_("This job was already enqueued for this slot."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"
