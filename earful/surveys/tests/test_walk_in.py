"""The walk-in channel: a unit's public link and QR poster, and the answers given through it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from earful.directory.tests.factories import PASSWORD, UnitFactory
from earful.platform.models import AuditEntry
from earful.surveys.choices import ResponseChannel
from earful.surveys.links import walk_in_url
from earful.surveys.models import Program, Response, WalkInLink
from earful.surveys.tests.factories import ProgramFactory
from earful.surveys.walk_in import (
    WalkInClosed,
    walk_in_link_create,
    walk_in_link_set_active,
    walk_in_response_submit,
)
from earful.surveys.wording import RECOMMEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def program() -> Program:
    return ProgramFactory.create(default_language="fi")


@pytest.fixture
def link(org: Any, program: Program) -> WalkInLink:
    return walk_in_link_create(actor=org.cx_lead, program=program, unit=org.north)


def answer_url(link: WalkInLink, lang: str = "") -> str:
    url = reverse("walk_in_answer", kwargs={"token": link.token})
    return f"{url}?lang={lang}" if lang else url


def submit(link: WalkInLink, **overrides: Any) -> Response:
    fields: dict[str, Any] = {
        "score": 8,
        "reason": "",
        "may_contact": False,
        "name": "",
        "email": "",
        "language": "en",
    }
    fields.update(overrides)
    return walk_in_response_submit(link=link, **fields)


def log_in(client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


# Services


def test_creating_a_link_twice_returns_the_same_link_and_audits_once(
    org: Any, program: Program
) -> None:
    first = walk_in_link_create(actor=org.cx_lead, program=program, unit=org.oulu)
    second = walk_in_link_create(actor=org.admin, program=program, unit=org.oulu)
    assert first.pk == second.pk
    assert len(first.token) == 43
    assert AuditEntry.objects.filter(action="walk_in_link.created").count() == 1


def test_creating_a_switched_off_link_again_switches_it_back_on(org: Any, link: WalkInLink) -> None:
    walk_in_link_set_active(actor=org.cx_lead, link=link, is_active=False)
    again = walk_in_link_create(actor=org.cx_lead, program=link.program, unit=link.unit)
    assert again.pk == link.pk and again.is_active
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["walk_in_link.deactivated", "walk_in_link.activated"]


def test_an_anonymous_answer_keeps_no_name_and_no_customer(link: WalkInLink) -> None:
    response = submit(link, score=3, reason="Queue too long", may_contact=True)
    assert response.customer is None
    assert (response.respondent_name, response.respondent_email) == ("", "")
    assert response.channel == ResponseChannel.WALK_IN
    assert (response.unit, response.program, response.walk_in) == (
        link.unit,
        link.program,
        link,
    )
    # Nobody to contact: the consent is not kept.
    assert response.may_contact is False
    assert response.editable_until > response.submitted_at
    entry = AuditEntry.objects.get(action="response.submitted")
    assert entry.data["channel"] == "walk_in" and entry.data["identified"] is False


def test_an_email_of_a_customer_below_the_unit_links_the_answer_to_that_customer(
    org: Any, link: WalkInLink
) -> None:
    email = org.oulu_customer.email.upper()
    response = submit(link, name="Someone", email=f"  {email} ", may_contact=True)
    assert response.customer == org.oulu_customer
    assert (response.respondent_name, response.respondent_email) == ("", "")
    assert response.may_contact is True


def test_an_email_of_a_customer_of_another_unit_is_kept_as_given(
    org: Any, link: WalkInLink
) -> None:
    response = submit(link, name="Hanna Helsinki", email=org.helsinki_customer.email)
    assert response.customer is None
    assert response.respondent_name == "Hanna Helsinki"
    assert response.respondent_email == org.helsinki_customer.email


def test_a_name_alone_identifies_the_respondent_without_an_email(link: WalkInLink) -> None:
    response = submit(link, name="Matti")
    assert (response.customer, response.respondent_name, response.respondent_email) == (
        None,
        "Matti",
        "",
    )


def test_a_switched_off_link_or_program_takes_no_answers(
    org: Any, link: WalkInLink, program: Program
) -> None:
    walk_in_link_set_active(actor=org.cx_lead, link=link, is_active=False)
    with pytest.raises(WalkInClosed):
        submit(link)
    walk_in_link_set_active(actor=org.cx_lead, link=link, is_active=True)
    Program.objects.filter(pk=program.pk).update(is_active=False)
    with pytest.raises(WalkInClosed):
        submit(link)
    assert Response.objects.count() == 0


# Public pages


def test_the_form_is_shown_in_the_language_asked_for_and_records_nothing(
    client: Client, link: WalkInLink
) -> None:
    page = client.get(answer_url(link, "de"))
    assert page.status_code == 200
    assert RECOMMEND["de"] in page.content.decode()
    assert b'name="csrfmiddlewaretoken"' in page.content
    assert b'lang="de"' in page.content
    assert b"Oulu" not in page.content and b"North" in page.content
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Nimesi", "Kuka olet? (vapaaehtoinen)", "Lähetä"]),
        ("sv", ["Ditt namn", "Vem är du? (frivilligt)"]),
        ("de", ["Ihr Name", "Wer sind Sie? (optional)"]),
        ("es", ["Su nombre", "¿Quién es usted? (opcional)"]),
    ],
)
def test_the_whole_form_is_translated(
    client: Client, link: WalkInLink, lang: str, words: list[str]
) -> None:
    page = client.get(answer_url(link, lang)).content.decode()
    for word in words:
        assert word in page
    assert "Your name" not in page


def test_the_browser_language_is_used_when_none_is_asked_for(
    client: Client, link: WalkInLink
) -> None:
    page = client.get(answer_url(link), headers={"accept-language": "xx, sv-SE;q=0.9, en;q=0.5"})
    assert RECOMMEND["sv"] in page.content.decode()


def test_the_program_language_is_used_when_the_browser_asks_for_none_we_speak(
    client: Client, link: WalkInLink
) -> None:
    page = client.get(answer_url(link), headers={"accept-language": "ja"})
    assert RECOMMEND["fi"] in page.content.decode()


def test_the_language_switcher_links_to_every_language(client: Client, link: WalkInLink) -> None:
    page = client.get(answer_url(link, "es")).content.decode()
    for code in ("en", "fi", "sv", "de", "es"):
        assert f'href="{answer_url(link, code)}"' in page
    assert 'aria-current="true">Español' in page


def test_posting_an_anonymous_answer_saves_it_and_thanks_in_the_same_language(
    client: Client, link: WalkInLink
) -> None:
    page = client.post(answer_url(link, "fi"), {"score": "9", "reason": "Nopea palvelu"})
    assert page.status_code == 302
    assert page["Location"] == reverse("walk_in_thanks", kwargs={"token": link.token}) + "?lang=fi"
    response = Response.objects.get()
    assert (response.score, response.reason, response.language) == (9, "Nopea palvelu", "fi")
    assert response.customer is None and response.respondent_email == ""
    thanks = client.get(page["Location"])
    assert thanks.status_code == 200
    assert "Kiitos palautteestasi!" in thanks.content.decode()
    assert "9/10" in thanks.content.decode()


def test_posting_a_self_identified_answer_links_the_customer(
    client: Client, org: Any, link: WalkInLink
) -> None:
    client.post(
        answer_url(link, "en"),
        {
            "score": "4",
            "name": "Oulu person",
            "email": org.tampere_customer.email,
            "may_contact": "on",
        },
    )
    response = Response.objects.get()
    assert response.customer == org.tampere_customer
    assert response.may_contact is True


def test_asking_for_a_reply_without_an_email_is_an_error(client: Client, link: WalkInLink) -> None:
    page = client.post(answer_url(link, "en"), {"score": "4", "may_contact": "on"})
    assert page.status_code == 200
    assert b"Please give your email so that we can reply." in page.content
    assert Response.objects.count() == 0


def test_a_missing_score_shows_the_form_again(client: Client, link: WalkInLink) -> None:
    page = client.post(answer_url(link, "en"), {"reason": "Hmm"})
    assert page.status_code == 200
    assert b"Please choose a score from 0 to 10." in page.content
    assert Response.objects.count() == 0


def test_the_program_extra_questions_are_asked_and_saved(
    client: Client, org: Any, program: Program
) -> None:
    Program.objects.filter(pk=program.pk).update(extra_questions=["csat"])
    link = walk_in_link_create(actor=org.cx_lead, program=program, unit=org.oulu)
    page = client.get(answer_url(link, "en"))
    assert b'name="csat"' in page.content
    client.post(answer_url(link, "en"), {"score": "10", "csat": "5"})
    assert Response.objects.get().extra == {"csat": 5}


def test_a_post_without_a_csrf_token_is_refused(link: WalkInLink) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(answer_url(link, "en"), {"score": "9"}).status_code == 403
    assert Response.objects.count() == 0


def test_a_post_with_the_form_csrf_token_is_accepted(link: WalkInLink) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(answer_url(link, "en"))
    token = page.context["csrf_token"]
    page = client.post(answer_url(link, "en"), {"score": "9", "csrfmiddlewaretoken": token})
    assert page.status_code == 302
    assert Response.objects.count() == 1


def test_too_many_answers_from_one_address_are_refused(
    client: Client, link: WalkInLink, settings: Any
) -> None:
    settings.SURVEY_POSTS_PER_IP_PER_MINUTE = 3
    codes = [client.post(answer_url(link, "en"), {"score": "7"}).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Response.objects.count() == 3
    # Another visitor at the same counter still gets through.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(answer_url(link, "en"), {"score": "7"}).status_code == 302


def test_a_switched_off_link_gets_a_friendly_410_page(
    client: Client, org: Any, link: WalkInLink
) -> None:
    walk_in_link_set_active(actor=org.cx_lead, link=link, is_active=False)
    page = client.get(answer_url(link, "en"))
    assert page.status_code == 410
    assert b"This survey is no longer in use" in page.content
    assert client.post(answer_url(link, "en"), {"score": "5"}).status_code == 410
    assert Response.objects.count() == 0


def test_a_link_of_an_inactive_program_gets_a_friendly_410_page(
    client: Client, link: WalkInLink, program: Program
) -> None:
    Program.objects.filter(pk=program.pk).update(is_active=False)
    assert client.get(answer_url(link, "en")).status_code == 410


def test_an_unknown_token_gets_a_friendly_404_page(client: Client, db: None) -> None:
    for token in ("x" * 43, "short", "bad!" * 11):
        page = client.get(reverse("walk_in_answer", kwargs={"token": token}))
        assert page.status_code == 404
        assert b"We could not find this survey" in page.content
    assert client.get(reverse("walk_in_thanks", kwargs={"token": "x" * 43})).status_code == 404


def test_the_thanks_page_shows_no_score_to_someone_who_did_not_answer(
    client: Client, link: WalkInLink
) -> None:
    submit(link, score=2)
    page = client.get(reverse("walk_in_thanks", kwargs={"token": link.token}) + "?lang=en")
    assert page.status_code == 200
    assert b"2/10" not in page.content
    assert b"Your answer has been saved." in page.content


# Staff pages


def test_a_cx_lead_sees_every_unit_and_creates_a_link(
    client: Client, org: Any, program: Program
) -> None:
    log_in(client, "cx_lead")
    url = reverse("program_walk_in", kwargs={"program_id": program.pk})
    page = client.get(url)
    assert page.status_code == 200
    for name in ("Company", "North", "Oulu", "Turku"):
        assert name in page.content.decode()
    done = client.post(
        reverse("walk_in_link_create", kwargs={"program_id": program.pk}),
        {"unit": org.turku.pk},
    )
    assert done.status_code == 302 and done["Location"] == url
    link = WalkInLink.objects.get(program=program, unit=org.turku)
    assert walk_in_url(link) in client.get(url).content.decode()
    entry = AuditEntry.objects.get(action="walk_in_link.created")
    assert entry.actor == org.cx_lead


def test_a_program_for_some_units_offers_links_only_below_them(
    client: Client, org: Any, program: Program
) -> None:
    program.units.add(org.south)
    log_in(client, "admin")
    page = client.get(reverse("program_walk_in", kwargs={"program_id": program.pk}))
    content = page.content.decode()
    assert "Helsinki" in content and "Oulu" not in content
    refused = client.post(
        reverse("walk_in_link_create", kwargs={"program_id": program.pk}), {"unit": org.oulu.pk}
    )
    assert refused.status_code == 404
    assert not WalkInLink.objects.exists()


def test_an_admin_switches_a_link_off_and_on(client: Client, org: Any, link: WalkInLink) -> None:
    log_in(client, "admin")
    url = reverse(
        "walk_in_link_set_active", kwargs={"program_id": link.program_id, "link_id": link.pk}
    )
    client.post(url, {"is_active": "0"})
    link.refresh_from_db()
    assert link.is_active is False
    client.post(url, {"is_active": "1"})
    link.refresh_from_db()
    assert link.is_active is True


def test_the_poster_shows_the_unit_the_question_the_qr_code_and_the_url(
    client: Client, org: Any, link: WalkInLink
) -> None:
    log_in(client, "cx_lead")
    url = reverse("walk_in_poster", kwargs={"program_id": link.program_id, "link_id": link.pk})
    page = client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "North" in content
    assert RECOMMEND["fi"] in content  # the program's language
    assert "Kerro, miten onnistuimme" in content
    assert "<svg" in content and "<path" in content
    assert walk_in_url(link) in content
    assert RECOMMEND["sv"] in client.get(url + "?lang=sv").content.decode()


def test_the_qr_code_downloads_as_svg_and_png(client: Client, link: WalkInLink) -> None:
    log_in(client, "cx_lead")
    kwargs = {"program_id": link.program_id, "link_id": link.pk}
    svg = client.get(reverse("walk_in_qr_svg", kwargs=kwargs))
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert "attachment" in svg["Content-Disposition"]
    png = client.get(reverse("walk_in_qr_png", kwargs=kwargs))
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_front_line_managers_and_analysts_may_not_manage_walk_in_links(
    client: Client, org: Any, link: WalkInLink
) -> None:
    program_id = link.program_id
    kwargs = {"program_id": program_id, "link_id": link.pk}
    for username in ("oulu_rep", "north_manager", "analyst"):
        log_in(client, username)
        assert client.get(reverse("program_walk_in", args=[program_id])).status_code == 403
        assert client.get(reverse("walk_in_poster", kwargs=kwargs)).status_code == 403
        assert client.get(reverse("walk_in_qr_png", kwargs=kwargs)).status_code == 403
        create = reverse("walk_in_link_create", args=[program_id])
        assert client.post(create, {"unit": org.oulu.pk}).status_code == 403
        active = reverse("walk_in_link_set_active", kwargs=kwargs)
        assert client.post(active, {"is_active": "0"}).status_code == 403
    link.refresh_from_db()
    assert link.is_active
    assert WalkInLink.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client: Client, link: WalkInLink) -> None:
    page = client.get(reverse("program_walk_in", args=[link.program_id]))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_missing_programs_and_links_of_other_programs_are_not_found(
    client: Client, org: Any, link: WalkInLink
) -> None:
    log_in(client, "cx_lead")
    other = ProgramFactory.create()
    assert client.get(reverse("program_walk_in", args=[999999])).status_code == 404
    kwargs = {"program_id": other.pk, "link_id": link.pk}
    assert client.get(reverse("walk_in_poster", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("walk_in_qr_svg", kwargs=kwargs)).status_code == 404


def test_the_staff_page_uses_a_fixed_number_of_queries(
    client: Client, org: Any, program: Program, django_assert_max_num_queries: Any
) -> None:
    for unit in (org.oulu, org.tampere, org.helsinki):
        walk_in_link_create(actor=org.cx_lead, program=program, unit=unit)
    for n in range(10):
        UnitFactory(external_id=f"U-X{n}", name=f"Extra {n}", parent=org.south)
    log_in(client, "cx_lead")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("program_walk_in", args=[program.pk]))
    assert page.status_code == 200
