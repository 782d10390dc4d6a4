"""Follow-up cases: a detractor's answer becomes work for its owner, with an SLA."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from earful.cases.choices import CaseStatus, CloseReason, ReplyKind
from earful.directory.models import Customer, Employee, Unit
from earful.surveys.models import Program, Response


class RootCause(models.Model):
    """The editable taxonomy of why customers were unhappy ("Report delivery > Late")."""

    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["parent__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="root_cause_unique_name",
                violation_error_message=_("This root cause already exists here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class Holiday(models.Model):
    """A day without work for a unit and everything below it (no unit: the whole company).
    SLA clocks skip holidays and weekends."""

    day = models.DateField()
    name = models.CharField(max_length=200)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="holidays"
    )

    class Meta:
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit"],
                name="holiday_one_per_unit_day",
                violation_error_message=_("This day is already a holiday here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Case(models.Model):
    """A follow-up of one response, owned by one employee, due by `due_at`."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="case")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cases")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    owner = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    resolution = models.TextField(blank=True)
    root_cause = models.ForeignKey(
        RootCause, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    # Escalation: how many levels up the tree the breach has gone, and to whom last.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_to = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            # The owner's inbox: open cases by due date.
            models.Index(fields=["owner", "status", "due_at"], name="case_owner_inbox_idx"),
            # The escalator: open cases past due.
            models.Index(fields=["status", "due_at"], name="case_due_idx"),
            # A manager's subtree view and SLA compliance per unit.
            models.Index(fields=["unit", "opened_at"], name="case_unit_opened_idx"),
            # The dashboards' open cases of a subtree: SQLite walks the subtree's units and
            # without this reads every case of each (half a second for a region at 10 M).
            models.Index(fields=["unit", "status"], name="case_unit_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (CaseStatus.NEW, CaseStatus.CONTACTED)

    @property
    def met_sla(self) -> bool | None:
        """Whether the customer was contacted (or the case closed) by the due time; None
        while open and not yet due."""
        done = self.first_contact_at or self.closed_at
        if done is None:
            return None
        return done <= self.due_at


class CallLog(models.Model):
    """One attempt to reach the customer, and what came of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="calls")
    by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    at = models.DateTimeField()
    reached = models.BooleanField()
    learned = models.TextField(blank=True)
    root_cause = models.ForeignKey(
        RootCause, null=True, blank=True, on_delete=models.SET_NULL, related_name="calls"
    )
    action_promised = models.TextField(blank=True)
    action_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Call on case {self.case_id} at {self.at:%Y-%m-%d %H:%M}"


class Reply(models.Model):
    """A message from the case's owner to the customer (sent through the email funnel)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField(max_length=20, choices=ReplyKind.choices, default=ReplyKind.PERSONAL)
    by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.EmailField()
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to}"
