"""The customer's survey pages: answer, thanks, unsubscribe. No login, no JavaScript.

A link's token is its only authority. GET never records anything (mail scanners
fetch every link in an email); answers are recorded by POST only.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from earful.surveys import responding
from earful.surveys.forms import ResponseForm
from earful.surveys.links import invitation_by_token
from earful.surveys.models import Invitation, Response
from earful.surveys.ratelimit import survey_post_allowed
from earful.surveys.wording import question_text

PROBLEM_STATUS = {"unknown": 404, "expired": 410, "cancelled": 410, "closed": 200, "busy": 429}


def _problem(request: HttpRequest, problem: str, invitation: Invitation | None) -> HttpResponse:
    language = invitation.language if invitation else translation.get_language() or "en"
    with translation.override(language):
        return render(
            request,
            "surveys/link_problem.html",
            {"problem": problem, "language": language},
            status=PROBLEM_STATUS[problem],
        )


def _form(invitation: Invitation, *args: object, **kwargs: object) -> ResponseForm:
    program = invitation.program
    wording = program.wording
    return ResponseForm(
        *args,
        recommend=question_text(wording, invitation.language, "recommend"),
        reason=question_text(wording, invitation.language, "reason"),
        questions=program.extra_questions,
        language=invitation.language,
        wording=wording,
        **kwargs,
    )


def _extra(form: ResponseForm, response: Response | None) -> dict[str, object]:
    """The optional ratings to save: those on the form, plus any kept from an earlier
    answer to questions the program has stopped asking since."""
    asked = {scale.extra_key for group in form.extra_groups for scale in group.scales}
    kept = {k: v for k, v in (response.extra if response else {}).items() if k not in asked}
    return {**kept, **form.extra_answers()}


def _initial(request: HttpRequest, invitation: Invitation) -> dict[str, object]:
    response = responding.invitation_response(invitation)
    initial: dict[str, object] = {}
    if response is not None:
        initial = {
            "score": response.score,
            "reason": response.reason,
            "may_contact": response.may_contact,
            **ResponseForm.initial_from_extra(invitation.program.extra_questions, response.extra),
        }
    score = request.GET.get("score", "")
    if score.isdigit() and 0 <= int(score) <= 10:
        initial["score"] = int(score)
    return initial


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return _problem(request, "unknown", None)
    state = responding.invitation_state(invitation)
    if state in ("expired", "cancelled"):
        return _problem(request, state, invitation)
    if state == "answered_closed":
        return _problem(request, "closed", invitation)

    with translation.override(invitation.language):
        if request.method == "POST":
            if not survey_post_allowed(request, token):
                return _problem(request, "busy", invitation)
            form = _form(invitation, request.POST)
            if form.is_valid():
                try:
                    responding.response_submit(
                        invitation=invitation,
                        score=form.cleaned_data["score"],
                        reason=form.cleaned_data["reason"],
                        may_contact=form.cleaned_data["may_contact"],
                        extra=_extra(form, responding.invitation_response(invitation)),
                    )
                except responding.ResponseClosed:
                    return _problem(request, "closed", invitation)
                except (responding.InvitationExpired, responding.InvitationCancelled):
                    return _problem(request, "expired", invitation)
                return redirect("survey_thanks", token=token)
        else:
            form = _form(invitation, initial=_initial(request, invitation))
        return render(
            request,
            "surveys/answer.html",
            {
                "form": form,
                "invitation": invitation,
                "language": invitation.language,
                "response": responding.invitation_response(invitation),
            },
        )


@require_http_methods(["GET"])
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return _problem(request, "unknown", None)
    response = responding.invitation_response(invitation)
    if response is None:
        return redirect("survey_answer", token=token)
    with translation.override(invitation.language):
        return render(
            request,
            "surveys/thanks.html",
            {"invitation": invitation, "language": invitation.language, "response": response},
        )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST opts out. Exempt from CSRF for RFC 8058 one-click unsubscribe
    (mail clients POST `List-Unsubscribe=One-Click` with no cookie). The worst a forged
    POST can do is what the link's holder may do anyway: opt out."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return _problem(request, "unknown", None)
    context = {"invitation": invitation, "language": invitation.language}
    with translation.override(invitation.language):
        if request.method == "POST":
            if not survey_post_allowed(request, token):
                return _problem(request, "busy", invitation)
            responding.customer_unsubscribe(invitation=invitation)
            return render(request, "surveys/unsubscribed.html", context)
        return render(request, "surveys/unsubscribe.html", context)
