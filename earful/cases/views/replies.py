"""The case owner writes to the customer: a personal reply or an invitation to help
shape the fix, drafted in the customer's language and edited before sending."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from earful.cases.choices import ReplyKind
from earful.cases.inbox import may_act_on_cases
from earful.cases.replies import reply_address, reply_draft, reply_language, reply_send
from earful.cases.reply_forms import ReplyForm
from earful.cases.selectors import case_get_for_user
from earful.directory.choices import Language
from earful.web.http import AuthenticatedRequest, require


@login_required
@require_http_methods(["GET", "POST"])
def case_reply(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_id=case_id)
    require(may_act_on_cases(request.user))
    to = reply_address(case)
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reply_send(
                    actor=request.user,
                    case=case,
                    kind=data["kind"],
                    subject=data["subject"],
                    body=data["body"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your message to the customer is on its way."))
                return redirect(reverse("case_detail", args=[case.pk]))
        posted = str(form.data.get("kind", ""))
        kind = ReplyKind(posted) if posted in ReplyKind else None
    else:
        requested = request.GET.get("kind", ReplyKind.PERSONAL)
        kind = ReplyKind(requested) if requested in ReplyKind else ReplyKind.PERSONAL
        subject, body = reply_draft(case=case, kind=kind)
        form = ReplyForm(initial={"kind": kind, "subject": subject, "body": body})
    language = reply_language(case)
    ctx = {
        "nav": "inbox",
        "case": case,
        "form": form,
        "kind": kind,
        "kind_label": kind.label if kind is not None else "",
        "to": to,
        "language": language,
        "language_name": Language(language).label if language in Language else language,
    }
    return render(request, "cases/reply_form.html", ctx, status=400 if form.errors else 200)
