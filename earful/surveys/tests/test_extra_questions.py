"""A program's optional questions (CSAT, CES, SERVQUAL) on the customer's response page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from earful.directory.tests.factories import CustomerFactory
from earful.surveys.forms import ResponseForm
from earful.surveys.models import Invitation, Program, Response
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory
from earful.surveys.wording import CES, CSAT, SERVQUAL, SERVQUAL_PERCEPTION

pytestmark = pytest.mark.django_db

QUESTIONS = ["csat", "ces", "servqual:reliability"]


@pytest.fixture
def program() -> Program:
    return ProgramFactory.create(extra_questions=QUESTIONS)


def invite(program: Program, language: str = "en") -> Invitation:
    return InvitationFactory.create(
        program=program, customer=CustomerFactory.create(language=language)
    )


def answer_url(invitation: Invitation) -> str:
    return reverse("survey_answer", kwargs={"token": invitation.token})


def test_the_form_without_questions_is_the_plain_two_question_form() -> None:
    form = ResponseForm(recommend="R?", reason="Why?")
    assert list(form.fields) == ["score", "reason", "may_contact"]
    assert form.extra_groups == []


def test_the_form_adds_optional_scales_of_the_right_length() -> None:
    form = ResponseForm(
        {"score": "7", "csat": "5", "servqual_reliability_perception": "2"},
        recommend="R?",
        reason="Why?",
        questions=[*QUESTIONS, "unknown", "csat"],
        language="en",
    )
    assert [len(f.choices) for f in (form.fields["csat"], form.fields["ces"])] == [5, 7]  # type: ignore[attr-defined]
    assert [g.legend for g in form.extra_groups] == [
        CSAT["en"],
        CES["en"],
        SERVQUAL["reliability"]["en"],
    ]
    assert form.is_valid(), form.errors
    assert form.extra_answers() == {"csat": 5, "servqual:reliability:perception": 2}


def test_a_rating_outside_its_scale_is_refused() -> None:
    form = ResponseForm(
        {"score": "7", "csat": "6"}, recommend="R?", reason="Why?", questions=["csat"]
    )
    assert not form.is_valid()
    assert "csat" in form.errors


def test_the_response_page_asks_the_programs_questions_and_saves_them(
    client: Client, program: Program
) -> None:
    invitation = invite(program)
    page = client.get(answer_url(invitation))
    content = page.content.decode()
    assert CSAT["en"] in content
    assert CES["en"] in content
    assert SERVQUAL_PERCEPTION["en"] in content
    assert content.count("<fieldset") == 6  # score, csat, ces, servqual + its two scales
    assert "1 = very dissatisfied" in content
    page = client.post(
        answer_url(invitation),
        {
            "score": "8",
            "csat": "4",
            "ces": "6",
            "servqual_reliability_expectation": "7",
            "servqual_reliability_perception": "5",
        },
    )
    assert page.status_code == 302
    response = Response.objects.get()
    assert response.score == 8
    assert response.extra == {
        "csat": 4,
        "ces": 6,
        "servqual:reliability:expectation": 7,
        "servqual:reliability:perception": 5,
    }


def test_skipped_optional_questions_are_not_saved(client: Client, program: Program) -> None:
    invitation = invite(program)
    assert client.post(answer_url(invitation), {"score": "3"}).status_code == 302
    assert Response.objects.get().extra == {}


def test_editing_an_answer_pre_fills_and_replaces_the_ratings(
    client: Client, program: Program
) -> None:
    invitation = invite(program)
    client.post(answer_url(invitation), {"score": "8", "csat": "4", "ces": "2"})
    page = client.get(answer_url(invitation))
    assert page.context["form"].initial == {
        "score": 8,
        "reason": "",
        "may_contact": False,
        "csat": 4,
        "ces": 2,
    }
    assert 'name="csat" value="4" id="id_csat_3" checked' in page.content.decode()
    client.post(answer_url(invitation), {"score": "9", "csat": "5"})
    assert Response.objects.get().extra == {"csat": 5}


def test_a_rating_to_a_question_the_program_no_longer_asks_is_kept_on_edit(
    client: Client, program: Program
) -> None:
    invitation = invite(program)
    client.post(answer_url(invitation), {"score": "8", "ces": "2"})
    Program.objects.filter(pk=program.pk).update(extra_questions=["csat"])
    client.post(answer_url(invitation), {"score": "8", "csat": "3"})
    assert Response.objects.get().extra == {"ces": 2, "csat": 3}


def test_a_finnish_customer_gets_the_optional_questions_in_finnish(
    client: Client, program: Program
) -> None:
    invitation = invite(program, "fi")
    content = client.get(answer_url(invitation)).content.decode()
    assert CSAT["fi"] in content
    assert CES["fi"] in content
    assert SERVQUAL["reliability"]["fi"] in content
    assert "(vapaaehtoinen)" in content
    assert CSAT["en"] not in content
