"""The theme pages: who may read and change what, forms that work without JavaScript,
and query budgets for the lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from earful.themes.models import Correction, TaxonomyVersion, Theme, ThemeMention, ThemeProposal
from earful.themes.services import correction_create
from earful.themes.tests.factories import ResponseFactory, ThemeFactory


@pytest.fixture
def themed(org):
    waiting = ThemeFactory.create(name="Waiting time", examples=["we had to wait weeks"])
    booking = ThemeFactory.create(name="Booking", examples=["booking was a hassle"])
    oulu = ResponseFactory.create(
        customer=org.oulu_customer, score=2, reason="Waited six weeks in Oulu."
    )
    helsinki = ResponseFactory.create(
        customer=org.helsinki_customer, score=10, reason="Helsinki booked us in at once."
    )
    correction_create(
        actor=None, response=oulu, themes=[waiting], sentiment="negative", refresh=False
    )
    correction_create(
        actor=None, response=helsinki, themes=[booking], sentiment="positive", refresh=False
    )
    return waiting, booking, oulu, helsinki


PAGES = ["theme_priority", "verbatim_list", "opportunity_list", "theme_list", "proposal_list"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_asks_for_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["cx_lead", "analyst", "north_manager", "oulu_rep", "nobody"])
def test_every_page_opens_for_every_persona(client, org, themed, name, persona):
    client.force_login(getattr(org, persona))
    assert client.get(reverse(name)).status_code == 200


def test_the_verbatims_are_those_the_user_may_read(client, org, themed):
    client.force_login(org.north_manager)
    page = client.get(reverse("verbatim_list")).content.decode()
    assert "Waited six weeks in Oulu." in page
    assert "Helsinki booked us in at once." not in page
    assert "Correct" not in page  # managers read, CX leads correct


def test_the_verbatims_filter_by_theme_and_sentiment(client, org, themed):
    waiting, booking, *_ = themed
    client.force_login(org.cx_lead)
    page = client.get(reverse("verbatim_list"), {"theme": booking.pk}).content.decode()
    assert "Helsinki booked us in at once." in page
    assert "Waited six weeks in Oulu." not in page
    page = client.get(reverse("verbatim_list"), {"theme": "none"}).content.decode()
    assert "No answers match." in page


def test_a_cx_lead_corrects_a_verbatim_with_a_plain_form(client, org, themed):
    waiting, booking, oulu, _helsinki = themed
    client.force_login(org.cx_lead)
    url = reverse("verbatim_correct", args=[oulu.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'type="checkbox"' in form.content.decode()
    back = reverse("verbatim_list") + "?theme=" + str(waiting.pk)
    response = client.post(
        url, {"themes": [booking.pk, waiting.pk], "sentiment": "neutral", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    assert set(ThemeMention.objects.filter(response=oulu).values_list("theme", flat=True)) == {
        waiting.pk,
        booking.pk,
    }
    assert Correction.objects.filter(response=oulu)[0].by == org.cx_lead


def test_a_correction_never_redirects_off_site(client, org, themed):
    *_, oulu, _helsinki = themed
    client.force_login(org.cx_lead)
    response = client.post(
        reverse("verbatim_correct", args=[oulu.pk]),
        {"sentiment": "neutral", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("verbatim_list")


def test_only_cx_leads_and_admins_correct(client, org, themed):
    *_, oulu, helsinki = themed
    client.force_login(org.oulu_rep)
    assert client.get(reverse("verbatim_correct", args=[oulu.pk])).status_code == 403
    # Outside the user's scope the answer does not exist for them.
    assert client.get(reverse("verbatim_correct", args=[helsinki.pk])).status_code == 404
    client.force_login(org.analyst)
    assert (
        client.post(
            reverse("verbatim_correct", args=[oulu.pk]), {"sentiment": "neutral"}
        ).status_code
        == 403
    )
    client.force_login(org.admin)
    assert client.get(reverse("verbatim_correct", args=[999_999])).status_code == 404


def test_a_cx_lead_adds_and_edits_a_theme(client, org, db):
    client.force_login(org.cx_lead)
    response = client.post(
        reverse("theme_create"),
        {"name": "Price", "description": "", "examples": "too expensive\n\nthe price went up\n"},
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Price")
    assert theme.examples == ["too expensive", "the price went up"]
    assert theme.key == "price"
    response = client.post(
        reverse("theme_edit", args=[theme.pk]),
        {"name": "Pricing", "description": "What we charge", "examples": "too expensive"},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.key, theme.is_active) == ("Pricing", "price", False)


def test_theme_names_are_unique(client, org, db):
    ThemeFactory.create(name="Price")
    client.force_login(org.cx_lead)
    response = client.post(reverse("theme_create"), {"name": "price", "examples": ""})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_only_cx_leads_and_admins_change_the_taxonomy(client, org, themed):
    waiting, *_ = themed
    for persona in ("analyst", "north_manager", "oulu_rep"):
        client.force_login(getattr(org, persona))
        assert client.get(reverse("theme_create")).status_code == 403
        assert client.get(reverse("theme_edit", args=[waiting.pk])).status_code == 403
        assert client.post(reverse("taxonomy_settings"), {"use_scores": "on"}).status_code == 403
        assert client.post(reverse("discovery_run")).status_code == 403
    client.force_login(org.cx_lead)
    assert client.get(reverse("theme_edit", args=[999_999])).status_code == 404


def test_the_score_aware_option_is_a_setting_of_the_taxonomy(client, org, db):
    client.force_login(org.cx_lead)
    client.post(reverse("taxonomy_settings"), {"use_scores": "on"})
    assert TaxonomyVersion.objects.order_by("-number")[0].use_scores is True
    client.post(reverse("taxonomy_settings"), {})
    assert TaxonomyVersion.objects.order_by("-number")[0].use_scores is False
    page = client.get(reverse("theme_list")).content.decode()
    assert "score-aware" in page


def test_the_priority_page_draws_the_matrix_with_links_to_the_verbatims(client, org, themed):
    waiting, *_ = themed
    client.force_login(org.cx_lead)
    page = client.get(reverse("theme_priority")).content.decode()
    assert '<svg class="chart matrix"' in page
    assert f"theme={waiting.pk}" in page
    assert "Themes, the most harmful first" in page


def test_the_priority_page_is_scoped_and_refuses_units_outside_the_scope(client, org, themed):
    client.force_login(org.north_manager)
    page = client.get(reverse("theme_priority")).content.decode()
    assert "Waiting time" in page and "Booking" not in page
    assert client.get(reverse("theme_priority"), {"unit": org.helsinki.pk}).status_code == 404


@pytest.mark.parametrize(
    ("name", "budget"),
    [
        ("theme_priority", 14),
        ("verbatim_list", 14),
        ("theme_list", 10),
        ("opportunity_list", 12),
        ("proposal_list", 12),
    ],
)
def test_list_pages_keep_a_query_budget(
    client, org, db, name, budget, django_assert_max_num_queries
):
    themes = [ThemeFactory.create(name=f"Theme {i}") for i in range(4)]
    for i in range(30):
        response = ResponseFactory.create(
            customer=org.oulu_customer, score=i % 11, reason=f"Answer number {i}"
        )
        correction_create(
            actor=None,
            response=response,
            themes=themes[: i % 4 + 1],
            sentiment="neutral",
            refresh=False,
        )
    for i in range(5):
        ThemeProposal.objects.create(
            label=f"Proposal {i}", key_phrases=["a", "b"], size=9, example_response_ids=[i]
        )
    client.force_login(org.cx_lead)
    with django_assert_max_num_queries(budget):
        assert client.get(reverse(name)).status_code == 200
