"""Every respondent hears back once: an acknowledgement, or a promoter's thank-you."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from earful.directory.tests.factories import CustomerFactory
from earful.platform.models import AuditEntry
from earful.platform.tests.smtp import running_smtp_server
from earful.surveys.acknowledgements import (
    ACK_FAILED,
    ACKNOWLEDGED,
    acknowledgements_retry,
    response_acknowledge,
)
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with running_smtp_server(settings) as server:
        yield server


def answer(score, *, email="ann@example.org", language="en", owner=None, program=None, **kw):
    customer = CustomerFactory(name="Ann Example", email=email, language=language, owner=owner)
    invitation = InvitationFactory.create(
        customer=customer, program=program or ProgramFactory(**kw)
    )
    return response_submit(invitation=invitation, score=score, reason="", may_contact=True)


def test_a_detractor_is_told_who_will_get_back_to_them(smtp, org):
    org.oulu_rep.first_name, org.oulu_rep.last_name = "Olli", "Oulunen"
    org.oulu_rep.save()

    answer(3, owner=org.oulu_rep)

    [message] = smtp.to("ann@example.org")
    assert message.message["Subject"] == "Thank you for your feedback"
    assert "We read every answer" in message.text
    assert "Olli Oulunen will get back to you personally." in message.text
    assert "Olli Oulunen will get back to you personally." in message.html


def test_the_acknowledgement_is_in_the_respondents_language(smtp):
    answer(7, language="fi")

    [message] = smtp.to("ann@example.org")
    assert message.message["Subject"] == "Kiitos palautteestasi"
    assert "Luemme jokaisen vastauksen" in message.text
    assert 'lang="fi"' in message.html


def test_a_response_is_acknowledged_once_however_often_it_is_announced(smtp):
    response = answer(7)
    # Changing the answer within its 24 hours is announced again, but not acknowledged.
    response_submit(invitation=response.invitation, score=8, reason="", may_contact=True)

    assert response_acknowledge(response=response) == "already"
    assert len(smtp.to("ann@example.org")) == 1
    assert AuditEntry.objects.filter(action=ACKNOWLEDGED).count() == 1


def test_nothing_is_sent_when_the_program_turns_acknowledgements_off(smtp):
    response = answer(3, acknowledge_responses=False)

    assert smtp.messages == []
    assert response_acknowledge(response=response) == "off"


def test_nothing_is_sent_without_an_address(smtp):
    response = answer(3, email="")

    assert smtp.messages == []
    assert response_acknowledge(response=response) == "no_address"
    assert not AuditEntry.objects.filter(action__in=[ACKNOWLEDGED, ACK_FAILED]).exists()


def test_a_promoter_is_invited_to_refer_and_review_when_the_program_has_the_links(smtp):
    answer(
        10,
        referral_url="https://example.com/refer",
        review_url="https://reviews.example.net/earful",
    )

    [message] = smtp.to("ann@example.org")
    assert message.message["Subject"] == "Thank you for your kind words"
    assert "Thank you for recommending us!" in message.text
    assert "Tell a friend: https://example.com/refer" in message.text
    assert "https://reviews.example.net/earful" in message.text
    assert 'href="https://example.com/refer"' in message.html
    assert 'href="https://reviews.example.net/earful"' in message.html


def test_a_promoter_gets_no_links_when_the_program_has_none(smtp):
    answer(9, referral_url="https://example.com/refer")

    [message] = smtp.to("ann@example.org")
    assert "https://example.com/refer" in message.text
    assert "public review" not in message.text
    assert "public review" not in message.html


def test_a_promoter_without_program_links_is_simply_thanked(smtp):
    answer(9)

    [message] = smtp.to("ann@example.org")
    assert "Thank you for recommending us!" in message.text
    assert "friend" not in message.text
    assert "http" not in message.text


def test_a_passive_gets_no_referral_links(smtp):
    answer(8, referral_url="https://example.com/refer")

    [message] = smtp.to("ann@example.org")
    assert "Your answer helps us" in message.text
    assert "example.com/refer" not in message.text


def test_a_temporary_failure_is_retried_after_its_backoff(smtp):
    smtp.replies["ann@example.org"] = "451 4.3.0 Try again later"
    response = answer(3)
    assert smtp.messages == []
    failure = AuditEntry.objects.get(action=ACK_FAILED)
    assert failure.data["temporary"] is True
    assert "451" in failure.data["error"]

    assert acknowledgements_retry() == 0  # the backoff has not passed yet
    del smtp.replies["ann@example.org"]
    assert acknowledgements_retry(now=timezone.now() + dt.timedelta(minutes=6)) == 1

    assert len(smtp.to("ann@example.org")) == 1
    assert acknowledgements_retry(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert response_acknowledge(response=response) == "already"


def test_a_permanent_failure_is_not_retried(smtp):
    smtp.replies["ann@example.org"] = "550 5.1.1 No such user"
    response = answer(3)
    del smtp.replies["ann@example.org"]

    assert acknowledgements_retry(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert response_acknowledge(response=response) == "given_up"
    assert smtp.messages == []


def test_a_walk_in_respondent_who_left_an_address_is_acknowledged(smtp):
    response = answer(7)
    smtp.messages.clear()
    AuditEntry.objects.filter(action=ACKNOWLEDGED).delete()
    response.customer = None
    response.respondent_email = "walker@example.org"
    response.respondent_name = ""

    assert response_acknowledge(response=response) == "sent"
    [message] = smtp.to("walker@example.org")
    assert message.text.splitlines()[0] == "Hello,"


def test_the_clock_retries_failed_acknowledgements():
    from earful.surveys.tasks import PERIODIC, retry_acknowledgements

    assert "surveys.acknowledge" in [job.name for job in PERIODIC]
    retry_acknowledgements.call()  # nothing failed: a harmless no-op
