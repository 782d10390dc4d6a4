from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from earful.platform.models import AuditEntry
from earful.surveys import responding
from earful.surveys.choices import InvitationStatus
from earful.surveys.links import invitation_by_token, survey_url, unsubscribe_url
from earful.surveys.models import Invitation, Response
from earful.surveys.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation() -> Invitation:
    return InvitationFactory.create()


def test_a_first_answer_creates_a_response_in_the_customers_unit(invitation: Invitation) -> None:
    response = responding.response_submit(
        invitation=invitation, score=9, reason="Great", may_contact=True
    )
    assert response.unit_id == invitation.customer.unit_id
    assert response.program_id == invitation.program_id
    assert response.customer_id == invitation.customer_id
    assert response.language == invitation.language
    assert response.channel == "email"
    assert response.editable_until - response.submitted_at == dt.timedelta(hours=24)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    # The response row is the record of its submission; only changes are audited.
    assert not AuditEntry.objects.filter(
        action__in=["response.submitted", "response.edited"]
    ).exists()


def test_an_answer_within_24_hours_updates_the_same_response(invitation: Invitation) -> None:
    first = responding.response_submit(invitation=invitation, score=3, reason="", may_contact=False)
    later = timezone.now() + dt.timedelta(hours=23)
    second = responding.response_submit(
        invitation=invitation, score=8, reason="Better", may_contact=True, now=later
    )
    assert second.pk == first.pk
    assert Response.objects.get().score == 8
    assert AuditEntry.objects.filter(action="response.edited").count() == 1


def test_an_answer_after_24_hours_is_refused(invitation: Invitation) -> None:
    responding.response_submit(invitation=invitation, score=3, reason="", may_contact=False)
    later = timezone.now() + dt.timedelta(hours=25)
    with pytest.raises(responding.ResponseClosed):
        responding.response_submit(
            invitation=invitation, score=9, reason="", may_contact=False, now=later
        )
    assert Response.objects.get().score == 3


def test_an_expired_invitation_takes_no_answer(invitation: Invitation) -> None:
    later = invitation.expires_at + dt.timedelta(seconds=1)
    assert responding.invitation_state(invitation, now=later) == "expired"
    with pytest.raises(responding.InvitationExpired):
        responding.response_submit(
            invitation=invitation, score=9, reason="", may_contact=False, now=later
        )


def test_the_states_of_an_invitation_follow_its_answer(invitation: Invitation) -> None:
    assert responding.invitation_state(invitation) == "open"
    responding.response_submit(invitation=invitation, score=5, reason="", may_contact=False)
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert responding.invitation_state(invitation) == "answered_editable"
    later = timezone.now() + dt.timedelta(days=2)
    assert responding.invitation_state(invitation, now=later) == "answered_closed"


def test_a_cancelled_invitation_is_cancelled(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(status=InvitationStatus.CANCELLED)
    invitation.refresh_from_db()
    assert responding.invitation_state(invitation) == "cancelled"


def test_unsubscribing_opts_the_customer_out_once(invitation: Invitation) -> None:
    customer = responding.customer_unsubscribe(invitation=invitation)
    assert customer.opted_out and customer.opted_out_at is not None
    responding.customer_unsubscribe(invitation=invitation)
    assert AuditEntry.objects.filter(action="customer.unsubscribed").count() == 1


def test_tokens_carry_at_least_128_random_bits_in_url_safe_characters(
    invitation: Invitation,
) -> None:
    assert len(invitation.token) >= 43
    assert set(invitation.token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_links_are_absolute_and_carry_the_score(invitation: Invitation, settings: object) -> None:
    from django.conf import settings as conf

    root = conf.SITE_ROOT
    assert survey_url(invitation) == f"{root}/r/{invitation.token}/"
    assert survey_url(invitation, 7) == f"{root}/r/{invitation.token}/?score=7"
    assert survey_url(invitation, 0) == f"{root}/r/{invitation.token}/?score=0"
    assert unsubscribe_url(invitation) == f"{root}/r/{invitation.token}/unsubscribe/"


def test_a_malformed_token_is_rejected_without_a_query(
    invitation: Invitation, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert invitation_by_token("short") is None
        assert invitation_by_token("x" * 42 + "!") is None
    assert invitation_by_token(invitation.token) == invitation
