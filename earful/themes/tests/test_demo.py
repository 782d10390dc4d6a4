"""The demo's themes on a small demo company: every verbatim analysed, a few
corrections, discovery finds the topic the taxonomy leaves out, and the priorities
differ clearly."""

from __future__ import annotations

import pytest

from earful.directory import demo as directory_demo
from earful.directory.choices import Role
from earful.directory.models import Employee
from earful.platform.demo import DemoResult
from earful.surveys import demo as surveys_demo
from earful.surveys.models import Response
from earful.themes import demo
from earful.themes.demo_taxonomy import TAXONOMY
from earful.themes.models import Correction, TextAnalysis, Theme, ThemeProposal
from earful.themes.priority import theme_priority

PRICE_WORDS = (
    "price",
    "invoice",
    "expensive",
    "hinta",
    "lasku",
    "pris",
    "faktura",
    "preis",
    "rechnung",
    "teuer",
    "precio",
    "factura",
    "caro",
    "dyr",
    "kallis",
)


@pytest.fixture
def built(db):
    directory_demo.build(seed=2026, customers=600)
    surveys_demo.build(seed=2026)
    result = DemoResult()
    demo.build(result, 2026)
    return result


def test_the_demo_reads_every_verbatim_and_corrects_a_few(built):
    assert Theme.objects.count() == len(TAXONOMY)
    assert not Theme.objects.filter(name__icontains="price").exists()  # left out on purpose
    with_text = Response.objects.exclude(reason="").count()
    assert with_text > 50
    assert TextAnalysis.objects.count() == with_text
    assert Correction.objects.count() == demo.CORRECTIONS
    assert built.notes and built.notes[0].startswith("themes: 6 themes")


def test_discovery_proposes_the_topic_the_taxonomy_lacks(built):
    labels = [" ".join(p.key_phrases).lower() for p in ThemeProposal.objects.all()]
    assert any(word in label for label in labels for word in PRICE_WORDS), labels


def test_the_priorities_show_themes_with_clearly_different_impact(built):
    lead = Employee.objects.filter(role=Role.CX_LEAD)[0]
    impacts = [r.impact for r in theme_priority(user=lead).rows if r.impact is not None]
    assert len(impacts) >= 4
    values = [i.value for i in impacts]
    assert max(values) - min(values) > 5
    assert any(i.high < 0 for i in impacts)  # something clearly costs points


def test_building_twice_changes_nothing(built):
    analyses = TextAnalysis.objects.count()
    again = DemoResult()
    demo.build(again, 2026)
    assert Theme.objects.count() == len(TAXONOMY)
    assert TextAnalysis.objects.count() == analyses
    assert Correction.objects.count() == demo.CORRECTIONS
    assert again.notes[0].startswith("themes: already there")
