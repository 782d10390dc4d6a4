"""A CX lead's corrections show at once, become training examples, and the retrained
engine then reads other answers differently (the issue's "correction → retraining →
changed result")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from earful.platform.models import AuditEntry
from earful.themes.analysis import analyses_refresh_stale, analyses_store
from earful.themes.choices import ChangeKind, MentionSource
from earful.themes.engine import analyser_current, taxonomy_build
from earful.themes.models import Correction, TaxonomyVersion, TextAnalysis, ThemeMention
from earful.themes.services import correction_create
from earful.themes.tests.factories import ResponseFactory, ThemeFactory, demo_taxonomy

# Ten answers about parking, which no theme's examples speak of.
PARKING = [
    "There was no parking space anywhere near your office.",
    "We drove around for half an hour looking for a parking space.",
    "The car park at your site was full again.",
    "Parking at the inspection centre is impossible in the morning.",
    "No parking space for visitors, we had to leave the car far away.",
    "Finding a parking space near the office took ages.",
    "The car park was closed and nobody told us where to leave the car.",
    "Parking was a nightmare, the car park was full.",
    "There is far too little parking for customers at your site.",
    "We got a parking fine because the visitor car park was full.",
]
UNSEEN = "Again no parking space for visitors, the car park was completely full."


def _mentions(response):
    return set(ThemeMention.objects.filter(response=response).values_list("theme__name", flat=True))


def test_a_correction_shows_at_once_and_is_audited(org):
    themes = demo_taxonomy()
    response = ResponseFactory.create(
        customer=org.oulu_customer, score=4, reason="The inspector was late again."
    )
    analyses_store(responses=[response])
    correction_create(
        actor=org.cx_lead,
        response=response,
        themes=[themes["Punctuality"], themes["Communication"]],
        sentiment="negative",
        refresh=False,
    )
    assert _mentions(response) == {"Punctuality", "Communication"}
    assert set(ThemeMention.objects.filter(response=response).values_list("source", flat=True)) == {
        MentionSource.CORRECTION
    }
    assert TextAnalysis.objects.get(response=response).sentiment == "negative"
    assert TaxonomyVersion.objects.order_by("-number")[0].kind == ChangeKind.CORRECTION
    entry = AuditEntry.objects.get(action="verbatim.corrected")
    assert entry.actor == org.cx_lead and entry.object_id == str(response.pk)
    assert entry.data == {"themes": ["communication", "punctuality"], "sentiment": "negative"}


def test_corrections_become_the_engines_training_examples(org):
    themes = demo_taxonomy()
    response = ResponseFactory.create(customer=org.oulu_customer, score=2, reason=PARKING[0])
    correction_create(
        actor=org.cx_lead, response=response, themes=[themes["Booking"]], sentiment="negative"
    )
    [example] = taxonomy_build().examples
    assert example.text == PARKING[0]
    assert example.themes == frozenset({"booking"})
    assert example.sentiment == "negative"
    assert example.score == 2


def test_an_answer_without_text_cannot_be_corrected(org):
    response = ResponseFactory.create(customer=org.oulu_customer, score=2, reason="")
    with pytest.raises(ValidationError):
        correction_create(actor=org.cx_lead, response=response, themes=[], sentiment="negative")
    assert not Correction.objects.exists()


def test_corrections_retrain_the_engine_and_change_other_answers(org):
    demo_taxonomy()
    parking = ThemeFactory.create(
        name="Parking", description="Where customers leave their car when they visit us."
    )
    corrected = [
        ResponseFactory.create(customer=org.oulu_customer, score=3, reason=text) for text in PARKING
    ]
    unseen = ResponseFactory.create(customer=org.tampere_customer, score=4, reason=UNSEEN)
    analyses_store(responses=[*corrected, unseen])
    before = analyser_current()
    assert "Parking" not in _mentions(unseen)

    for response in corrected:
        correction_create(
            actor=org.cx_lead,
            response=response,
            themes=[parking],
            sentiment="negative",
            refresh=False,
        )
    refresh = analyses_refresh_stale()

    assert refresh.analysed == len(corrected) + 1 and refresh.left == 0
    assert analyser_current().version == before.version + len(corrected)
    assert "Parking" in _mentions(unseen)  # learnt from the ten corrections
    mention = ThemeMention.objects.get(response=unseen, theme=parking)
    assert mention.source == MentionSource.ENGINE
    assert TextAnalysis.objects.get(response=unseen).taxonomy_version == before.version + 10


def test_a_correction_enqueues_the_re_analysis(org, django_capture_on_commit_callbacks):
    """Tests run tasks at once: the correction's commit re-reads the stale answers."""
    themes = demo_taxonomy()
    first = ResponseFactory.create(customer=org.oulu_customer, score=2, reason=PARKING[1])
    second = ResponseFactory.create(customer=org.oulu_customer, score=2, reason=PARKING[2])
    analyses_store(responses=[first, second])
    version = TextAnalysis.objects.get(response=second).taxonomy_version
    with django_capture_on_commit_callbacks(execute=True):
        correction_create(
            actor=org.cx_lead, response=first, themes=[themes["Booking"]], sentiment="negative"
        )
    assert TextAnalysis.objects.get(response=second).taxonomy_version == version + 1
