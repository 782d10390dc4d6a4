"""Template helpers of the inbox and case pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from earful.cases.models import Case

register = template.Library()


def _span(delta: dt.timedelta) -> str:
    hours = max(1, round(delta.total_seconds() / 3600))
    if hours < 48:
        return ngettext("%(n)d h", "%(n)d h", hours) % {"n": hours}
    days = round(hours / 24)
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.filter
def due_label(case: Case) -> str:
    """ "due in 5 h", "overdue by 2 h"; empty for a closed case."""
    if not case.is_open:
        return ""
    delta = case.due_at - timezone.now()
    if delta.total_seconds() >= 0:
        return _("due in %(span)s") % {"span": _span(delta)}
    return _("overdue by %(span)s") % {"span": _span(-delta)}


@register.filter
def is_overdue(case: Case) -> bool:
    return case.is_open and case.due_at < timezone.now()
