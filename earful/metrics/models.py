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
