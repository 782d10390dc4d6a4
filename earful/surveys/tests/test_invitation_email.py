from __future__ import annotations

import re

import pytest

from earful.directory.tests.factories import CustomerFactory
from earful.platform.tests.smtp import running_smtp_server
from earful.surveys.links import survey_url, unsubscribe_url
from earful.surveys.sending import send_due_invitations
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory
from earful.surveys.wording import RECOMMEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    settings.SITE_ROOT = "https://earful.example"
    with running_smtp_server(settings) as server:
        yield server


def hrefs(html):
    return re.findall(r'href="([^"]+)"', html)


def test_an_invitation_arrives_over_smtp_with_html_and_text_parts(smtp):
    invitation = InvitationFactory.create(
        customer=CustomerFactory(email="ann@example.org", language="en")
    )

    send_due_invitations()

    [received] = smtp.to("ann@example.org")
    assert received.message.get_body(("plain",)) is not None
    assert received.message.get_body(("html",)) is not None
    assert RECOMMEND["en"] in received.text
    assert RECOMMEND["en"] in received.html
    assert received.message["Subject"] == "A quick question from Earful"
    assert survey_url(invitation) in received.text


def test_the_email_has_eleven_score_links_from_0_to_10(smtp):
    invitation = InvitationFactory.create()

    send_due_invitations()

    [received] = smtp.messages
    links = [url.replace("&amp;", "&") for url in hrefs(received.html) if "?score=" in url]
    assert links == [survey_url(invitation, n) for n in range(11)]
    assert "Not at all likely" in received.html
    assert "Extremely likely" in received.html
    for n in range(11):
        assert survey_url(invitation, n) in received.text


def test_the_email_has_an_unsubscribe_link_and_one_click_unsubscribe_headers(smtp):
    invitation = InvitationFactory.create()

    send_due_invitations()

    [received] = smtp.messages
    assert unsubscribe_url(invitation).startswith("https://earful.example/")
    assert unsubscribe_url(invitation) in hrefs(received.html)
    assert unsubscribe_url(invitation) in received.text
    assert received.message["List-Unsubscribe"] == f"<{unsubscribe_url(invitation)}>"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_finnish_customers_email_is_in_finnish(smtp):
    InvitationFactory.create(customer=CustomerFactory(email="aino@example.fi", language="fi"))

    send_due_invitations()

    [received] = smtp.to("aino@example.fi")
    assert received.message["Subject"] == "Lyhyt kysymys: Earful"
    assert RECOMMEND["fi"] in received.html
    assert "Erittäin todennäköisesti" in received.html
    assert "Älä lähetä minulle kyselyitä" in received.text
    assert 'lang="fi"' in received.html


def test_a_programs_own_wording_is_the_question_in_the_email(smtp):
    program = ProgramFactory(wording={"en": {"recommend": "Would you recommend Acme?"}})
    InvitationFactory.create(program=program)

    send_due_invitations()

    [received] = smtp.messages
    assert "Would you recommend Acme?" in received.html
    assert "Would you recommend Acme?" in received.text


def test_customer_names_are_escaped_in_html_but_not_in_text(smtp):
    InvitationFactory.create(customer=CustomerFactory(name="Smith & <Sons>"))

    send_due_invitations()

    [received] = smtp.messages
    assert "Smith &amp; &lt;Sons&gt;" in received.html
    assert "Hello Smith & <Sons>," in received.text
