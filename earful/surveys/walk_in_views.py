"""Walk-in pages: the public answer form behind a unit's QR code, and the staff pages
that make the links and print the posters.

The public pages need no login and no JavaScript. GET never records anything; an
answer is a CSRF-protected POST, rate-limited per client address.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from earful.directory.access import may_manage_programs
from earful.surveys.forms import ResponseForm
from earful.surveys.links import walk_in_url
from earful.surveys.models import Program, WalkInLink
from earful.surveys.ratelimit import client_ip, survey_post_allowed
from earful.surveys.walk_in import (
    WalkInClosed,
    walk_in_link_by_token,
    walk_in_link_create,
    walk_in_link_get,
    walk_in_link_is_open,
    walk_in_link_set_active,
    walk_in_links_by_unit,
    walk_in_response_submit,
    walk_in_units,
)
from earful.surveys.wording import question_text
from earful.web.http import AuthenticatedRequest, require

PROBLEM_STATUS = {"unknown": 404, "closed": 410, "busy": 429}
SESSION_KEY = "walk_in_responses"  # {token: response id}, for the thanks page


class WalkInForm(ResponseForm):
    """The survey's questions, plus who the respondent is, if they wish to say."""

    name = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Your name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        required=False,
        label=gettext_lazy("Your email (if you'd like a reply)"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if data and data.get("may_contact") and not data.get("email"):
            self.add_error("email", _("Please give your email so that we can reply."))
        return data


# The respondent's language


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _accepted(header: str) -> list[str]:
    """Primary language codes from an Accept-Language header, most preferred first."""
    weighted: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > 0:
            weighted.append((q, tag.split("-")[0].lower()))
    weighted.sort(key=lambda item: -item[0])  # stable: ties keep the header's order
    return [code for _q, code in weighted]


def _language(request: HttpRequest, link: WalkInLink | None) -> str:
    """`?lang=`, else the browser's first language we speak, else the program's."""
    supported = _languages()
    asked = request.GET.get("lang", "")
    if asked in supported:
        return asked
    for code in _accepted(request.headers.get("accept-language", "")):
        if code in supported:
            return code
    return link.program.default_language if link else settings.LANGUAGE_CODE


def _language_links(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "name": name,
            "url": f"{request.path}?lang={code}",
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _problem(request: HttpRequest, problem: str, language: str) -> HttpResponse:
    with translation.override(language):
        return render(
            request,
            "surveys/walk_in_problem.html",
            {"problem": problem, "language": language},
            status=PROBLEM_STATUS[problem],
        )


def _form(link: WalkInLink, language: str, *args: Any, **kwargs: Any) -> WalkInForm:
    program = link.program
    wording = program.wording
    return WalkInForm(
        *args,
        recommend=question_text(wording, language, "recommend"),
        reason=question_text(wording, language, "reason"),
        questions=program.extra_questions,
        language=language,
        wording=wording,
        **kwargs,
    )


# Public pages


@require_http_methods(["GET", "POST"])
def walk_in_answer(request: HttpRequest, token: str) -> HttpResponse:
    link = walk_in_link_by_token(token)
    language = _language(request, link)
    if link is None:
        return _problem(request, "unknown", language)
    if not walk_in_link_is_open(link):
        return _problem(request, "closed", language)

    with translation.override(language):
        if request.method == "POST":
            # Per address: a busy counter shares one link, but not one address.
            if not survey_post_allowed(request, f"walk-in:{token}:{client_ip(request)}"):
                return _problem(request, "busy", language)
            form = _form(link, language, request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    response = walk_in_response_submit(
                        link=link,
                        score=data["score"],
                        reason=data["reason"],
                        may_contact=data["may_contact"],
                        name=data["name"],
                        email=data["email"],
                        language=language,
                        extra=form.extra_answers(),
                    )
                except WalkInClosed:
                    return _problem(request, "closed", language)
                answered = dict(request.session.get(SESSION_KEY, {}))
                answered[token] = response.pk
                request.session[SESSION_KEY] = answered
                thanks = reverse("walk_in_thanks", kwargs={"token": token})
                return redirect(f"{thanks}?lang={language}")
        else:
            form = _form(link, language)
        return render(
            request,
            "surveys/walk_in_answer.html",
            {
                "form": form,
                "link": link,
                "language": language,
                "languages": _language_links(request, language),
            },
        )


@require_GET
def walk_in_thanks(request: HttpRequest, token: str) -> HttpResponse:
    link = walk_in_link_by_token(token)
    language = _language(request, link)
    if link is None:
        return _problem(request, "unknown", language)
    response = link.responses.filter(pk=request.session.get(SESSION_KEY, {}).get(token)).first()
    with translation.override(language):
        return render(
            request,
            "surveys/walk_in_thanks.html",
            {"link": link, "language": language, "response": response},
        )


# Staff pages


def _program_for_manager(request: AuthenticatedRequest, program_id: int) -> Program:
    require(may_manage_programs(request.user))
    return get_object_or_404(Program, pk=program_id)


def _link_for_manager(request: AuthenticatedRequest, program_id: int, link_id: int) -> WalkInLink:
    program = _program_for_manager(request, program_id)
    try:
        return walk_in_link_get(program=program, link_id=link_id)
    except WalkInLink.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def program_walk_in(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = _program_for_manager(request, program_id)
    links = walk_in_links_by_unit(program)
    rows = []
    for unit in walk_in_units(program):
        link = links.get(unit.pk)
        rows.append({"unit": unit, "link": link, "url": walk_in_url(link) if link else ""})
    return render(
        request,
        "surveys/walk_in_links.html",
        {"nav": "programs", "program": program, "rows": rows},
    )


@login_required
@require_POST
def walk_in_link_create_view(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = _program_for_manager(request, program_id)
    unit_id = request.POST.get("unit", "")
    if not unit_id.isdigit():
        raise Http404
    unit = get_object_or_404(walk_in_units(program), pk=int(unit_id))
    link = walk_in_link_create(actor=request.user, program=program, unit=unit)
    messages.success(request, _("%(unit)s has a walk-in link.") % {"unit": link.unit.name})
    return redirect("program_walk_in", program_id=program.pk)


@login_required
@require_POST
def walk_in_link_set_active_view(
    request: AuthenticatedRequest, program_id: int, link_id: int
) -> HttpResponse:
    link = _link_for_manager(request, program_id, link_id)
    is_active = request.POST.get("is_active") == "1"
    link = walk_in_link_set_active(actor=request.user, link=link, is_active=is_active)
    if is_active:
        text = _("The walk-in link of %(unit)s takes answers again.")
    else:
        text = _("The walk-in link of %(unit)s is switched off; its QR codes take no answers.")
    messages.success(request, text % {"unit": link.unit.name})
    return redirect("program_walk_in", program_id=program_id)


def _qr(link: WalkInLink) -> segno.QRCode:
    return segno.make(walk_in_url(link), error="m")


@login_required
@require_GET
def walk_in_poster(request: AuthenticatedRequest, program_id: int, link_id: int) -> HttpResponse:
    link = _link_for_manager(request, program_id, link_id)
    url = walk_in_url(link)
    asked = request.GET.get("lang", "")
    language = asked if asked in _languages() else link.program.default_language
    with translation.override(language):
        label = _("QR code for %(url)s") % {"url": url}
        svg = _qr(link).svg_inline(scale=10, border=4, omitsize=True, title=label)
        question = question_text(link.program.wording, language, "recommend")
        return render(
            request,
            "surveys/walk_in_poster.html",
            {
                "nav": "programs",
                "link": link,
                "unit": link.unit,
                "url": url,
                "qr_svg": svg,
                "question": question,
                "language": language,
                "languages": _language_links(request, language),
            },
        )


def _qr_download(link: WalkInLink, kind: str, content_type: str) -> HttpResponse:
    buffer = io.BytesIO()
    _qr(link).save(buffer, kind=kind, scale=10, border=4)
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    filename = f"walk-in-{link.program_id}-{link.unit.external_id or link.unit_id}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def _safe_filename(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)


@login_required
@require_GET
def walk_in_qr_svg(request: AuthenticatedRequest, program_id: int, link_id: int) -> HttpResponse:
    link = _link_for_manager(request, program_id, link_id)
    return _qr_download(link, "svg", "image/svg+xml")


@login_required
@require_GET
def walk_in_qr_png(request: AuthenticatedRequest, program_id: int, link_id: int) -> HttpResponse:
    link = _link_for_manager(request, program_id, link_id)
    return _qr_download(link, "png", "image/png")
