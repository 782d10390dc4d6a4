"""Discovery proposes themes from answers that fit none; the CX lead accepts, renames,
merges or dismisses them."""

from __future__ import annotations

import pytest

from earful.platform.models import AuditEntry
from earful.themes.analysis import analyses_store
from earful.themes.choices import MentionSource, ProposalStatus
from earful.themes.models import Correction, Theme, ThemeMention, ThemeProposal
from earful.themes.proposals import (
    discovery_run,
    proposal_accept,
    proposal_dismiss,
    proposal_merge,
    proposal_rename,
    unthemed_responses,
)
from earful.themes.tests.factories import ResponseFactory, ThemeFactory

PRICE = [
    "The price went up by {n} % without any explanation.",
    "Too expensive: the invoice was {n} % higher than the quote.",
    "The invoice had {n} euros of travel costs nobody mentioned.",
    "Your price is {n} % higher than the competitors' price.",
    "The invoice was wrong again, {n} euros too much.",
]
PARKING = [
    "There was no parking space near the office, we drove around for {n} minutes.",
    "The car park was full and we had to park {n} blocks away.",
    "Parking at your site is impossible, {n} cars queued for the car park.",
    "No parking for visitors, we walked {n} minutes from the car park.",
    "The parking garage was closed, we circled for {n} minutes to find parking.",
]


@pytest.fixture
def unthemed(org):
    ThemeFactory.create(name="Waiting time", examples=["we had to wait weeks for a slot"])
    responses = [
        ResponseFactory.create(
            customer=org.oulu_customer, score=3, reason=template.format(n=10 + i)
        )
        for i in range(6)
        for template in PRICE + PARKING
    ]
    analyses_store(responses=responses)
    return responses


def test_discovery_proposes_the_topics_no_theme_covers(org, unthemed):
    assert len(unthemed_responses()) == len(unthemed)
    made = discovery_run(actor=org.cx_lead)
    assert len(made) >= 2
    phrases = [set(" ".join(p.key_phrases).split()) for p in ThemeProposal.objects.all()]
    assert any(words & {"price", "invoice", "expensive"} for words in phrases), phrases
    assert any(words & {"parking", "park", "car", "cars"} for words in phrases), phrases
    for proposal in ThemeProposal.objects.all():
        assert proposal.size >= 5
        assert sum(proposal.trend.values()) == proposal.size
        assert 1 <= len(proposal.example_response_ids) <= 5
        assert proposal.status == ProposalStatus.PROPOSED
    assert AuditEntry.objects.filter(action="theme.discovery_run").exists()


def test_a_new_run_replaces_the_undecided_proposals_only(org, unthemed):
    discovery_run(actor=None)
    first, *rest = ThemeProposal.objects.order_by("pk")
    proposal_dismiss(actor=org.cx_lead, proposal=first)
    discovery_run(actor=None)
    assert ThemeProposal.objects.filter(pk=first.pk, status=ProposalStatus.DISMISSED).exists()
    assert not ThemeProposal.objects.filter(pk__in=[p.pk for p in rest]).exists()
    # A dismissed label is not proposed again.
    labels = ThemeProposal.objects.filter(status=ProposalStatus.PROPOSED).values_list(
        "label", flat=True
    )
    assert first.label not in labels


def test_accepting_makes_a_theme_whose_examples_train_the_engine(org, unthemed):
    discovery_run(actor=None)
    proposal = ThemeProposal.objects.order_by("-size", "pk")[0]
    theme = proposal_accept(actor=org.cx_lead, proposal=proposal, name="Something new")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.theme == theme
    assert theme.examples == list(proposal.key_phrases)
    examples = set(proposal.example_response_ids)
    assert set(Correction.objects.filter(themes=theme).values_list("response", flat=True)) == (
        examples
    )
    assert (
        set(
            ThemeMention.objects.filter(theme=theme, source=MentionSource.CORRECTION).values_list(
                "response", flat=True
            )
        )
        == examples
    )


def test_renaming_and_merging_a_proposal(org, unthemed):
    discovery_run(actor=None)
    proposal = ThemeProposal.objects.order_by("-size", "pk")[0]
    proposal_rename(actor=org.cx_lead, proposal=proposal, label="  Money matters ")
    proposal.refresh_from_db()
    assert proposal.label == "Money matters"
    waiting = Theme.objects.get(name="Waiting time")
    proposal_merge(actor=org.cx_lead, proposal=proposal, theme=waiting)
    waiting.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.MERGED and proposal.theme == waiting
    assert set(proposal.key_phrases) <= set(waiting.examples)
    assert ThemeMention.objects.filter(
        theme=waiting, response_id__in=proposal.example_response_ids
    ).count() == len(proposal.example_response_ids)


def test_the_discovery_page_shows_and_decides_proposals(client, org, unthemed):
    from django.urls import reverse

    client.force_login(org.cx_lead)
    assert client.post(reverse("discovery_run")).status_code == 302
    proposal = ThemeProposal.objects.order_by("-size", "pk")[0]
    client.force_login(org.analyst)
    page = client.get(reverse("proposal_list")).content.decode()
    assert proposal.label in page  # everyone may look
    assert client.post(reverse("proposal_dismiss", args=[proposal.pk])).status_code == 403
    client.force_login(org.cx_lead)
    response = client.post(reverse("proposal_accept", args=[proposal.pk]), {"name": "Price"})
    assert response.status_code == 302
    assert Theme.objects.filter(name="Price").exists()
    # Decided proposals cannot be decided again.
    assert client.post(reverse("proposal_dismiss", args=[proposal.pk])).status_code == 404
