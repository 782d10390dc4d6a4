"""The demo's notifications: kudos found in a year of answers (forwarded to the praised
employees and their managers) and the last week's answers routed to their owners and
managers, waiting in the outbox for the clock to send them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from earful.notifications.kudos import kudos_record_for_response
from earful.notifications.models import Kudos, Notification
from earful.notifications.services import notifications_for_response
from earful.surveys.models import Response

RECENT = dt.timedelta(days=7)


@dataclass
class Summary:
    kudos: int
    matched: int
    notifications: int

    def notes(self) -> list[str]:
        return [
            f"kudos: {self.kudos} mentions ({self.matched} matched to employees); "
            f"{self.notifications} notifications in the outbox"
        ]


def build(*, seed: int, now: dt.datetime | None = None) -> Summary:
    """Idempotent: kudos and notifications are unique per response and recipient."""
    now = now or timezone.now()
    answers = Response.objects.select_related("program", "customer", "unit").order_by("pk")
    for response in answers.filter(score__gte=7).exclude(reason=""):
        kudos_record_for_response(response=response)
    for response in answers.filter(submitted_at__gte=now - RECENT):
        notifications_for_response(response=response, now=now)
    return Summary(
        kudos=Kudos.objects.count(),
        matched=Kudos.objects.filter(employee__isnull=False).count(),
        notifications=Notification.objects.count(),
    )
