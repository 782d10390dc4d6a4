"""A taxonomy change re-analyses only what it can affect, in batches that a crash
cannot duplicate or lose."""

from __future__ import annotations

from earful.platform.models import AuditEntry
from earful.themes.analysis import analyses_refresh_stale, analyses_store
from earful.themes.choices import ChangeKind
from earful.themes.models import TaxonomyVersion, TextAnalysis, ThemeMention
from earful.themes.services import taxonomy_settings_update, theme_create, theme_update
from earful.themes.tests.factories import ResponseFactory, demo_taxonomy

TEXTS = [
    "We had to wait six weeks for an inspection slot, far too long.",
    "The report arrived late and was hard to understand.",
    "The inspector was very competent and friendly.",
    "The inspector was forty minutes late and did not call.",
]


def _answers(org, n=8):
    responses = [
        ResponseFactory.create(customer=org.oulu_customer, score=i % 11, reason=TEXTS[i % 4])
        for i in range(n)
    ]
    analyses_store(responses=responses)
    return responses


def test_every_theme_change_records_a_version(org):
    themes = demo_taxonomy()
    assert TaxonomyVersion.objects.count() == len(themes)
    theme = themes["Report"]
    theme_update(
        actor=org.cx_lead,
        theme=theme,
        name=theme.name,
        description=theme.description,
        examples=theme.examples,
        parent=None,
        is_active=True,
    )
    assert TaxonomyVersion.objects.count() == len(themes)  # nothing changed
    theme_update(
        actor=org.cx_lead,
        theme=theme,
        name="Inspection report",
        description=theme.description,
        examples=theme.examples,
        parent=None,
        is_active=True,
    )
    latest = TaxonomyVersion.objects.order_by("-number")[0]
    assert latest.kind == ChangeKind.THEMES and latest.created_by == org.cx_lead
    assert AuditEntry.objects.filter(action="theme.updated", object_id=str(theme.pk)).exists()


def test_a_new_theme_makes_every_analysis_stale_and_the_sweep_reads_them_again(org):
    demo_taxonomy()
    responses = _answers(org)
    before = TextAnalysis.objects.get(response=responses[0]).taxonomy_version
    theme_create(
        actor=org.cx_lead,
        name="Price",
        examples=["too expensive", "the price went up", "the invoice was higher than the quote"],
        refresh=False,
    )
    refresh = analyses_refresh_stale(batch_size=3)
    assert refresh.analysed == len(responses) and refresh.left == 0
    assert set(TextAnalysis.objects.values_list("taxonomy_version", flat=True)) == {before + 1}
    assert analyses_refresh_stale().analysed == 0  # nothing left to do


def test_deactivating_a_theme_drops_its_mentions_without_the_engine(org):
    themes = demo_taxonomy()
    _answers(org)
    report = themes["Report"]
    assert ThemeMention.objects.filter(theme=report).exists()
    others = ThemeMention.objects.exclude(theme=report).count()
    theme_update(
        actor=org.cx_lead,
        theme=report,
        name=report.name,
        description=report.description,
        examples=report.examples,
        parent=None,
        is_active=False,
    )
    refresh = analyses_refresh_stale()
    assert refresh.analysed == 0  # only what could change: no text read again
    assert refresh.carried == TextAnalysis.objects.count()
    assert not ThemeMention.objects.filter(theme=report).exists()
    assert ThemeMention.objects.count() == others


def test_a_sweep_that_stops_half_way_is_finished_by_the_next_without_duplicates(org):
    demo_taxonomy()
    responses = _answers(org, n=10)
    mentions = sorted(ThemeMention.objects.values_list("response", "theme"))
    taxonomy_settings_update(actor=org.cx_lead, use_scores=True)
    first = analyses_refresh_stale(batch_size=4, max_batches=1)  # "crashes" after a batch
    assert (first.analysed, first.left) == (4, 6)
    second = analyses_refresh_stale(batch_size=4)
    assert (second.analysed, second.left) == (6, 0)
    assert TextAnalysis.objects.count() == len(responses)
    assert sorted(ThemeMention.objects.values_list("response", "theme")) == mentions


def test_answers_that_were_never_analysed_are_caught_up(org):
    demo_taxonomy()
    response = ResponseFactory.create(customer=org.oulu_customer, score=2, reason=TEXTS[0])
    assert analyses_refresh_stale().analysed == 1
    assert TextAnalysis.objects.filter(response=response).exists()


def test_the_score_aware_option_lets_the_score_weigh_on_the_sentiment(org):
    demo_taxonomy()
    text = "The inspection took place on Tuesday."
    low = ResponseFactory.create(customer=org.oulu_customer, score=0, reason=text)
    high = ResponseFactory.create(customer=org.oulu_customer, score=10, reason=text)
    analyses_store(responses=[low, high])
    off = dict(TextAnalysis.objects.values_list("response", "sentiment_score"))
    assert off[low.pk] == off[high.pk]  # the text alone decides
    taxonomy_settings_update(actor=org.cx_lead, use_scores=True)
    assert analyses_refresh_stale().analysed == 2
    on = dict(TextAnalysis.objects.values_list("response", "sentiment_score"))
    assert on[low.pk] < off[low.pk] and on[high.pk] > off[high.pk]
