from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from earful.directory.tests.factories import CustomerFactory
from earful.surveys.choices import InvitationStatus
from earful.surveys.models import Invitation, Response
from earful.surveys.responding import response_submit
from earful.surveys.tests.factories import InvitationFactory
from earful.surveys.wording import RECOMMEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation() -> Invitation:
    return InvitationFactory.create()


def answer_url(invitation: Invitation) -> str:
    return reverse("survey_answer", kwargs={"token": invitation.token})


def later(monkeypatch: pytest.MonkeyPatch, hours: float) -> None:
    moment = timezone.now() + dt.timedelta(hours=hours)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_score_link_shows_the_form_with_the_score_chosen(
    client: Client, invitation: Invitation
) -> None:
    page = client.get(answer_url(invitation) + "?score=7")
    assert page.status_code == 200
    assert b'value="7" id="id_score_7" checked' in page.content or b"checked" in page.content
    assert page.context["form"].initial["score"] == 7
    assert b'name="csrfmiddlewaretoken"' in page.content


def test_a_mail_scanner_fetching_all_eleven_score_links_records_nothing(
    client: Client, invitation: Invitation
) -> None:
    for score in range(11):
        assert client.get(answer_url(invitation) + f"?score={score}").status_code == 200
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.status != InvitationStatus.ANSWERED


def test_posting_an_answer_saves_it_and_redirects_to_thanks(
    client: Client, invitation: Invitation
) -> None:
    page = client.post(
        answer_url(invitation), {"score": "3", "reason": "Slow", "may_contact": "on"}
    )
    assert page.status_code == 302
    assert page["Location"] == reverse("survey_thanks", kwargs={"token": invitation.token})
    response = Response.objects.get()
    assert (response.score, response.reason, response.may_contact) == (3, "Slow", True)
    thanks = client.get(page["Location"])
    assert thanks.status_code == 200
    assert b"Thank you" in thanks.content
    until = timezone.localtime(response.editable_until).strftime("%Y-%m-%d %H:%M")
    assert f"You can change your answer until {until}.<" in thanks.content.decode()


def test_an_answer_can_be_changed_within_24_hours(
    client: Client, invitation: Invitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post(answer_url(invitation), {"score": "3", "reason": "Slow"})
    later(monkeypatch, 23)
    page = client.get(answer_url(invitation))
    assert page.context["form"].initial == {"score": 3, "reason": "Slow", "may_contact": False}
    assert b"You can change your answer until" in page.content
    client.post(answer_url(invitation), {"score": "9", "reason": "Fixed"})
    assert Response.objects.get().score == 9


def test_an_answer_after_24_hours_gets_a_friendly_already_answered_page(
    client: Client, invitation: Invitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    response_submit(invitation=invitation, score=3, reason="", may_contact=False)
    later(monkeypatch, 25)
    page = client.post(answer_url(invitation), {"score": "9"})
    assert page.status_code == 200
    assert b"You have already answered" in page.content
    assert Response.objects.get().score == 3


def test_an_expired_link_gets_a_friendly_410_page(
    client: Client, invitation: Invitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    later(monkeypatch, 24 * 31)
    page = client.get(answer_url(invitation) + "?score=5")
    assert page.status_code == 410
    assert b"This survey has closed" in page.content
    assert client.post(answer_url(invitation), {"score": "5"}).status_code == 410
    assert Response.objects.count() == 0


def test_a_cancelled_invitation_gets_a_friendly_410_page(
    client: Client, invitation: Invitation
) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.CANCELLED)
    assert client.get(answer_url(invitation)).status_code == 410


def test_an_unknown_token_gets_a_friendly_404_page(client: Client, db: None) -> None:
    page = client.get(reverse("survey_answer", kwargs={"token": "A" * 43}))
    assert page.status_code == 404
    assert b"We could not find this survey" in page.content
    assert b'<html lang="en">' in page.content


def test_a_malformed_token_gets_404_without_a_query(
    client: Client, db: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        page = client.get(reverse("survey_answer", kwargs={"token": "tooshort"}))
    assert page.status_code == 404


@pytest.mark.parametrize("score", ["11", "x", "-1", ""])
def test_an_invalid_score_shows_an_error_and_saves_nothing(
    client: Client, invitation: Invitation, score: str
) -> None:
    page = client.post(answer_url(invitation), {"score": score})
    assert page.status_code == 200
    assert page.context["form"].errors["score"]
    assert Response.objects.count() == 0


def test_a_reason_over_5000_characters_is_refused(client: Client, invitation: Invitation) -> None:
    page = client.post(answer_url(invitation), {"score": "5", "reason": "x" * 5001})
    assert page.context["form"].errors["reason"]
    assert Response.objects.count() == 0


def test_a_finnish_customer_sees_the_finnish_page(client: Client, db: None) -> None:
    invitation = InvitationFactory.create(customer=CustomerFactory.create(language="fi"))
    assert invitation.language == "fi"
    page = client.get(answer_url(invitation))
    content = page.content.decode()
    assert '<html lang="fi">' in content
    assert RECOMMEND["fi"] in content
    assert "Lähetä vastaukseni" in content


def test_posting_without_a_csrf_token_is_forbidden(invitation: Invitation) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.post(answer_url(invitation), {"score": "5"})
    assert page.status_code == 403
    assert Response.objects.count() == 0


def test_posting_with_the_csrf_token_from_the_page_works(invitation: Invitation) -> None:
    client = Client(enforce_csrf_checks=True)
    form = client.get(answer_url(invitation))
    token = form.context["csrf_token"]
    page = client.post(answer_url(invitation), {"score": "5", "csrfmiddlewaretoken": str(token)})
    assert page.status_code == 302


def test_too_many_posts_to_one_link_get_a_friendly_429_page(
    client: Client, invitation: Invitation
) -> None:
    for _ in range(20):
        client.post(answer_url(invitation), {"score": "x"})
    page = client.post(answer_url(invitation), {"score": "5"})
    assert page.status_code == 429
    assert b"Please try again later" in page.content
    assert Response.objects.count() == 0


def test_too_many_posts_from_one_address_get_429(client: Client, db: None) -> None:
    invitations = [InvitationFactory.create() for _ in range(4)]
    statuses = [
        client.post(answer_url(invitations[n % 4]), {"score": "x"}).status_code for n in range(61)
    ]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429


def test_unsubscribe_get_asks_and_does_not_opt_out(client: Client, invitation: Invitation) -> None:
    page = client.get(reverse("survey_unsubscribe", kwargs={"token": invitation.token}))
    assert page.status_code == 200
    assert b'<form method="post">' in page.content
    invitation.customer.refresh_from_db()
    assert not invitation.customer.opted_out


def test_unsubscribe_post_opts_the_customer_out(client: Client, invitation: Invitation) -> None:
    page = client.post(reverse("survey_unsubscribe", kwargs={"token": invitation.token}))
    assert page.status_code == 200
    assert b"You have been unsubscribed" in page.content
    invitation.customer.refresh_from_db()
    assert invitation.customer.opted_out
    assert invitation.customer.opted_out_at is not None


def test_one_click_unsubscribe_works_without_csrf(invitation: Invitation) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.post(
        reverse("survey_unsubscribe", kwargs={"token": invitation.token}),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert page.status_code == 200
    invitation.customer.refresh_from_db()
    assert invitation.customer.opted_out


def test_unsubscribing_with_an_unknown_token_gets_404(client: Client, db: None) -> None:
    page = client.post(reverse("survey_unsubscribe", kwargs={"token": "B" * 43}))
    assert page.status_code == 404


def test_the_thanks_page_before_any_answer_goes_back_to_the_form(
    client: Client, invitation: Invitation
) -> None:
    page = client.get(reverse("survey_thanks", kwargs={"token": invitation.token}))
    assert page.status_code == 302
    assert page["Location"] == answer_url(invitation)


def test_the_survey_pages_have_no_staff_navigation(client: Client, invitation: Invitation) -> None:
    page = client.get(answer_url(invitation))
    assert b"Log out" not in page.content
    assert b'aria-label="Main"' not in page.content
