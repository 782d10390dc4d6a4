"""Rollups: answer counts per unit, program, segment and month, kept current as answers
arrive, so a region's NPS over three years is a sum over a few hundred rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from earful.directory.models import Unit
from earful.surveys.models import Program


class MonthlyCell(models.Model):
    """How many promoters, passives and detractors answered in one unit (the response's
    own unit, not its ancestors), program, customer segment and calendar month.

    A subtree's numbers are sums of its units' cells (never averages of averages); a
    quarter or a year is a sum of months. Each cell is recounted from the responses
    themselves whenever one of them changes, so it is always exact, and
    `earful rebuild_rollups` recounts them all with the same function."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    segment = models.CharField(max_length=100, blank=True)
    month = models.DateField()  # the first day of the month, in the site's time zone
    promoters = models.PositiveIntegerField(default=0)
    passives = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "unit", "program", "segment"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "program", "segment", "month"],
                name="monthly_cell_unique",
                violation_error_message=_("This cell already exists."),
            ),
        ]
        indexes = [
            # Scope by unit subtree (a join on unit lft) over a range of months.
            models.Index(fields=["month", "unit"], name="monthly_cell_month_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.program_id}/{self.segment or '-'}/{self.month:%Y-%m}"

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors


class DailyCell(models.Model):
    """How many promoters, passives and detractors answered in one unit on one day (in
    the site's time zone), whatever the program or segment: what the day and week trends
    read. Kept exactly like `MonthlyCell`: recounted from the answers whenever one of them
    changes, and by `earful rebuild_rollups`."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    promoters = models.PositiveIntegerField(default=0)
    passives = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"],
                name="daily_cell_unique",
                violation_error_message=_("This cell already exists."),
            ),
        ]
        indexes = [
            # A subtree's trend by day or week: a range of days joined to unit lft.
            models.Index(fields=["day", "unit"], name="daily_cell_day_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.day:%Y-%m-%d}"

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors


class UnitMonthCell(models.Model):
    """All answers in one unit and month, whatever the program or segment, with how many
    gave each score: what the dashboards read.

    `MonthlyCell` splits a unit's month by program and segment, which makes a company's
    year a sum over hundreds of thousands of rows at scale; this is a twelfth of a row per
    unit and month, so an overview of 5,000 units sums 60,000 narrow rows. Recounted from
    the answers like the other cells."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month, in the site's time zone
    promoters = models.PositiveIntegerField(default=0)
    passives = models.PositiveIntegerField(default=0)
    detractors = models.PositiveIntegerField(default=0)
    # Answers per score, for the distribution chart.
    score_0 = models.PositiveIntegerField(default=0)
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)
    score_6 = models.PositiveIntegerField(default=0)
    score_7 = models.PositiveIntegerField(default=0)
    score_8 = models.PositiveIntegerField(default=0)
    score_9 = models.PositiveIntegerField(default=0)
    score_10 = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="unit_month_cell_unique",
                violation_error_message=_("This cell already exists."),
            ),
        ]
        indexes = [
            # A subtree's months: a range of months joined to unit lft.
            models.Index(fields=["month", "unit"], name="unit_month_cell_month_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.month:%Y-%m}"

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors


class InvitationMonthCell(models.Model):
    """How many invitations one unit sent in one month (by `sent_at`, in the site's time
    zone) and how many of those have been answered: the response rate's numbers, so that
    a company's year is a sum over its unit-months, not a count over tens of millions of
    invitations. The unit is the invitation's own (the customer's when asked).

    Recounted from the invitations when one is sent, answered or deleted, and by
    `earful rebuild_rollups`."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month, in the site's time zone
    sent = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="invitation_month_cell_unique",
                violation_error_message=_("This cell already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["month", "unit"], name="invitation_cell_month_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.month:%Y-%m}"


class CaseMonthCell(models.Model):
    """Of the cases one unit opened in one month (by `opened_at`, site time), how many
    were first handled (the customer contacted, or the case closed) by their due time
    (`met`) and how many after it (`late`). Cases not yet handled are not here: whether
    they are late depends on the clock, so the dashboards count them among the open
    cases, which are few.

    Recounted from the cases whenever one is saved or deleted, and by
    `earful rebuild_rollups`."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    met = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="case_month_cell_unique",
                violation_error_message=_("This cell already exists."),
            ),
        ]
        indexes = [
            models.Index(fields=["month", "unit"], name="case_cell_month_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.month:%Y-%m}"
