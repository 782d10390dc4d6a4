"""The directory: the organisation tree, its employees, and the customers they own."""

from __future__ import annotations

import zoneinfo
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from earful.directory.choices import (
    ImportKind,
    ImportStatus,
    Language,
    Lifecycle,
    Role,
    UnitKind,
)


def validate_time_zone(value: str) -> None:
    """An IANA time zone name such as Europe/Helsinki."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(value)s is not a time zone; use a name such as Europe/Helsinki."),
            params={"value": value},
        ) from None


class Unit(models.Model):
    """A node of the organisation tree: company, country, region, office or team.

    The tree is stored as nested sets: every unit's descendants have `lft` between its
    own `lft` and `rght`, so "everything under X" is one indexed range query at any
    depth. `lft`, `rght` and `depth` are derived from `parent` and only ever written by
    `services.unit_tree_renumber`.
    """

    external_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=UnitKind.choices, default=UnitKind.OFFICE)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The unit's IANA time zone for working days and SLA clocks; blank: inherited from
    # the parent, and at the root settings.TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    lft = models.PositiveIntegerField(default=0, editable=False)
    rght = models.PositiveIntegerField(default=0, editable=False)
    depth = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lft"]
        indexes = [
            # Subtree queries: lft BETWEEN ancestor.lft AND ancestor.rght.
            models.Index(fields=["lft", "rght"], name="unit_subtree_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="unit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EmployeeManager(UserManager["Employee"]):
    pass


class Employee(AbstractUser):
    """A member of staff who logs in. Their role and unit decide what they may see."""

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FRONT_LINE)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)

    objects: ClassVar[EmployeeManager] = EmployeeManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        indexes = [
            # Employee lists filtered by unit (manager views, kudos matching).
            models.Index(fields=["unit", "role"], name="employee_unit_role_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Customer(models.Model):
    """A customer account: who it is, what it is worth, who owns it, may we ask it."""

    external_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    segment = models.CharField(max_length=100, blank=True)
    annual_revenue = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    lifecycle = models.CharField(max_length=20, choices=Lifecycle.choices, default=Lifecycle.ACTIVE)
    churned_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="customers")
    survey_consent = models.BooleanField(default=True)
    survey_consent_at = models.DateTimeField(null=True, blank=True)
    marketing_consent = models.BooleanField(default=False)
    marketing_consent_at = models.DateTimeField(null=True, blank=True)
    opted_out = models.BooleanField(default=False)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    # The address that last hard-bounced (SMTP 5xx). It blocks surveys only while it is
    # still `email`, so a corrected address needs no reset however it was changed.
    bounced_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            # Customer list filtered by unit (and the subtree join), sorted by name.
            models.Index(fields=["unit", "name"], name="customer_unit_name_idx"),
            # Front-line "my customers".
            models.Index(fields=["owner", "name"], name="customer_owner_name_idx"),
            # Filter by segment.
            models.Index(fields=["segment", "name"], name="customer_segment_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_revenue__gte=0) | models.Q(annual_revenue__isnull=True),
                name="customer_revenue_not_negative",
                violation_error_message=_("Annual revenue cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def may_be_surveyed(self) -> bool:
        """Consent given, not opted out, not churned, and an address that has not bounced."""
        return (
            self.survey_consent
            and not self.opted_out
            and self.lifecycle != Lifecycle.CHURNED
            and bool(self.email)
            and self.bounced_email != self.email
        )


class Contact(models.Model):
    """A person at a customer account (B2B accounts have several)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(is_primary=True),
                name="contact_one_primary_per_customer",
                violation_error_message=_("A customer has at most one primary contact."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.customer})"


class ImportJob(models.Model):
    """One upload of units, employees or customers, its validation report and outcome."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    dry_run = models.BooleanField(default=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    created_by = models.ForeignKey(
        Employee, null=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.filename} ({self.status})"
