"""Every batch of answers is read by the engine in one call and stored set-based."""

from __future__ import annotations

from django.conf import settings

from earful.surveys.models import Response
from earful.surveys.signals import responses_recorded
from earful.themes.analysis import analyses_store
from earful.themes.choices import MentionSource
from earful.themes.models import TextAnalysis, ThemeMention
from earful.themes.receivers import analyse_batch
from earful.themes.services import correction_create
from earful.themes.tests.factories import ResponseFactory, demo_taxonomy

WAITING = "Terrible service, we waited six weeks for an inspection slot."
REPORT = "Very disappointed, the report arrived late and was hard to understand."
PRAISE = "The inspector was excellent, thank you!"


def _batch(org, n):
    texts = [WAITING, REPORT, PRAISE]
    return [
        ResponseFactory.create(customer=org.oulu_customer, score=3 + i % 7, reason=texts[i % 3])
        for i in range(n)
    ]


def _send(responses):
    responses_recorded.send(
        sender=Response, responses=responses, created=frozenset(r.pk for r in responses)
    )


def test_a_batch_of_answers_gets_its_analyses_and_themes(org):
    themes = demo_taxonomy()
    responses = _batch(org, 3)
    _send(responses)
    assert TextAnalysis.objects.count() == 3
    waiting = TextAnalysis.objects.get(response=responses[0])
    assert waiting.language == "en"
    assert waiting.sentiment == "negative"
    assert waiting.engine == settings.TEXT_ENGINE
    names = set(
        ThemeMention.objects.filter(response=responses[0]).values_list("theme__name", flat=True)
    )
    assert "Waiting time" in names
    assert ThemeMention.objects.filter(response=responses[1], theme=themes["Report"]).exists()
    praise = TextAnalysis.objects.get(response=responses[2])
    assert praise.sentiment == "positive"


def test_the_receiver_costs_the_same_queries_for_5_or_50_answers(
    org, django_assert_max_num_queries
):
    """Other apps listen to the same signal: the budget is this app's receiver's."""
    demo_taxonomy()
    small, large = _batch(org, 5), _batch(org, 50)
    analyse_batch(sender=Response, responses=small[:1], created=frozenset())  # prepares
    with django_assert_max_num_queries(10) as few:
        analyse_batch(sender=Response, responses=small, created=frozenset())
    with django_assert_max_num_queries(10) as many:
        analyse_batch(sender=Response, responses=large, created=frozenset())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_batch_run_twice_stores_the_same(org):
    demo_taxonomy()
    responses = _batch(org, 6)
    _send(responses)
    first = sorted(ThemeMention.objects.values_list("response", "theme", "sentiment"))
    _send(responses)
    assert sorted(ThemeMention.objects.values_list("response", "theme", "sentiment")) == first
    assert TextAnalysis.objects.count() == 6


def test_an_answer_edited_to_no_reason_loses_its_analysis(org):
    demo_taxonomy()
    [response] = _batch(org, 1)
    analyses_store(responses=[response])
    response.reason = ""
    response.save(update_fields=["reason"])
    analyses_store(responses=[response])
    assert not TextAnalysis.objects.filter(response=response).exists()
    assert not ThemeMention.objects.filter(response=response).exists()


def test_answers_without_reason_get_no_analysis(org):
    demo_taxonomy()
    response = ResponseFactory.create(customer=org.oulu_customer, score=9, reason="")
    _send([response])
    assert not TextAnalysis.objects.exists()


def test_a_correction_wins_over_the_engine_when_analysed_again(org):
    themes = demo_taxonomy()
    [response] = _batch(org, 1)  # about waiting
    analyses_store(responses=[response])
    correction_create(
        actor=org.cx_lead,
        response=response,
        themes=[themes["Booking"]],
        sentiment="neutral",
        refresh=False,
    )
    analyses_store(responses=[response])
    mentions = list(ThemeMention.objects.filter(response=response))
    assert [(m.theme.name, m.source) for m in mentions] == [("Booking", MentionSource.CORRECTION)]
    assert TextAnalysis.objects.get(response=response).sentiment == "neutral"


def test_a_failing_engine_does_not_hold_up_the_follow_up_and_the_sweep_catches_up(
    org, settings, caplog
):
    from earful.themes.analysis import analyses_refresh_stale

    demo_taxonomy()
    [response] = _batch(org, 1)
    settings.TEXT_ENGINE, settings.TEXT_MODEL_PATH = "embedding", "/nonexistent/model"
    _send([response])  # no exception reaches the sender
    assert not TextAnalysis.objects.filter(response=response).exists()
    assert "the sweep will retry" in caplog.text
    settings.TEXT_ENGINE, settings.TEXT_MODEL_PATH = "fast", ""
    assert analyses_refresh_stale().analysed == 1
    assert TextAnalysis.objects.filter(response=response).exists()
