"""The front-line inbox ("My customers' feedback") and the team's SLA compliance."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from earful.cases.forms import CallLogForm, InboxFilterForm, TeamPeriodForm, active_root_causes
from earful.cases.inbox import (
    SHOW_ALL,
    earlier_answers,
    inbox_responses,
    may_act_on_cases,
)
from earful.cases.selectors import sla_compliance_by_owner
from earful.web.http import AuthenticatedRequest

PAGE_SIZE = 20


@login_required
@require_GET
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET)
    show = (form.cleaned_data["show"] if form.is_valid() else "") or SHOW_ALL
    responses = inbox_responses(user=request.user, show=show)
    page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
    may_act = may_act_on_cases(request.user)
    causes = active_root_causes() if may_act else []
    items = []
    for response in page.object_list:
        case = getattr(response, "case", None)
        call_form = None
        if may_act and case is not None and case.is_open:
            # Unique ids per item; the names stay those the case page's form expects.
            call_form = CallLogForm(causes=causes, auto_id=f"id_c{case.pk}_%s")
        items.append(
            {
                "response": response,
                "case": case,
                "history": earlier_answers(response),
                "call_form": call_form,
            }
        )
    ctx = {
        "nav": "inbox",
        "show": show,
        "shows": InboxFilterForm.SHOW,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "items": items,
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/inbox.html", ctx)


@login_required
@require_GET
def inbox_team(request: AuthenticatedRequest) -> HttpResponse:
    form = TeamPeriodForm(request.GET)
    days = (form.cleaned_data["days"] if form.is_valid() else None) or 30
    now = timezone.now()
    rows = sla_compliance_by_owner(user=request.user, since=now - dt.timedelta(days=days), now=now)
    ctx = {
        "nav": "inbox",
        "form": form,
        "days": days,
        "rows": rows,
        "totals": {
            "cases": sum(r.cases for r in rows),
            "met": sum(r.met for r in rows),
            "breached": sum(r.breached for r in rows),
            "open": sum(r.open for r in rows),
        },
    }
    return render(request, "cases/team.html", ctx)
