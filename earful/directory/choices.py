from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CX_LEAD = "cx_lead", _("CX lead")
    MANAGER = "manager", _("Manager")
    FRONT_LINE = "front_line", _("Front-line")
    ANALYST = "analyst", _("Analyst")


class UnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    OFFICE = "office", _("Office")
    TEAM = "team", _("Team")


class Lifecycle(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    AT_RISK = "at_risk", _("At risk")
    CHURNED = "churned", _("Churned")


class Language(models.TextChoices):
    EN = "en", "English"
    FI = "fi", "Suomi"
    SV = "sv", "Svenska"
    DE = "de", "Deutsch"
    ES = "es", "Español"


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    EMPLOYEES = "employees", _("Employees")
    CUSTOMERS = "customers", _("Customers")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    VALID = "valid", _("Valid (dry run)")
    INVALID = "invalid", _("Invalid")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
