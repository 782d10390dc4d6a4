"""Storing what the engine read, set-based: one engine call and a handful of queries per
batch of answers, whatever its size. Also the sweep that brings stale analyses up to the
current taxonomy version, batch by batch, so a crash mid-way loses nothing and repeats
nothing."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from earful.surveys.models import Response
from earful.text import Analysis
from earful.themes.choices import ChangeKind, MentionSource
from earful.themes.engine import Prepared, analyser_current, latest_corrections, one_thread
from earful.themes.models import (
    Correction,
    TaxonomyVersion,
    TextAnalysis,
    Theme,
    ThemeMention,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# What a corrected sentiment scores when the engine read the text otherwise.
SENTIMENT_SCORES = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


def _mentions_for(
    response: Response,
    result: Analysis,
    correction: Correction | None,
    themes: dict[str, Theme],
) -> list[ThemeMention]:
    """The answer's themes: the engine's, or those of its latest correction (with the
    engine's reading of how the text speaks of each, where it has one)."""
    found = {match.key: match for match in result.themes}
    if correction is None:
        return [
            ThemeMention(
                response=response,
                theme=themes[match.key],
                confidence=match.confidence,
                sentiment=match.sentiment,
                sentiment_score=match.sentiment_score,
                source=MentionSource.ENGINE,
            )
            for match in result.themes
            if match.key in themes
        ]
    mentions = []
    for theme in correction.themes.all():
        if theme.key not in themes:
            continue  # deactivated since
        match = found.get(theme.key)
        sentiment = match.sentiment if match else correction.sentiment
        mentions.append(
            ThemeMention(
                response=response,
                theme=themes[theme.key],
                confidence=1.0,
                sentiment=sentiment,
                sentiment_score=match.sentiment_score
                if match
                else SENTIMENT_SCORES[correction.sentiment],
                source=MentionSource.CORRECTION,
            )
        )
    return mentions


def _analysis_row(
    response: Response,
    result: Analysis,
    correction: Correction | None,
    prepared: Prepared,
    engine_name: str,
) -> TextAnalysis:
    sentiment, score = result.sentiment, result.sentiment_score
    if correction is not None and correction.sentiment != sentiment:
        sentiment, score = correction.sentiment, SENTIMENT_SCORES[correction.sentiment]  # type: ignore[assignment]
    return TextAnalysis(
        response=response,
        language=result.language,
        sentiment=sentiment,
        sentiment_score=score,
        opportunities=list(result.opportunities),
        names=list(result.names),
        engine=engine_name,
        taxonomy_version=prepared.version,
        analysed_at=timezone.now(),
    )


def analyses_store(*, responses: Sequence[Response]) -> int:
    """Analyse a batch of answers and store the results: answers with a reason get their
    analysis and themes (corrections win over the engine); answers whose reason is now
    empty lose theirs. Idempotent: a batch run twice stores the same. Returns how many
    texts were analysed."""
    from django.conf import settings

    # Any reason at all is analysed (the engine says "und" and neutral for blank ones),
    # so that "has an analysis" and "has a reason" are the same test in SQL.
    with_text = [r for r in responses if r.reason]
    without_text = [r.pk for r in responses if not r.reason]
    results: list[Analysis] = []
    themes: dict[str, Theme] = {}
    corrections: dict[int, Correction] = {}
    prepared = analyser_current()
    if with_text:
        with one_thread():
            results = prepared.analyser.analyse(
                [r.reason for r in with_text], [r.score for r in with_text]
            )
        themes = {t.key: t for t in Theme.objects.filter(is_active=True)}
        corrections = latest_corrections([r.pk for r in with_text])
    rows: list[TextAnalysis] = []
    mentions: list[ThemeMention] = []
    for response, result in zip(with_text, results, strict=True):
        correction = corrections.get(response.pk)
        rows.append(_analysis_row(response, result, correction, prepared, settings.TEXT_ENGINE))
        mentions.extend(_mentions_for(response, result, correction, themes))
    with transaction.atomic():
        ThemeMention.objects.filter(response_id__in=[r.pk for r in responses]).delete()
        if without_text:
            TextAnalysis.objects.filter(response_id__in=without_text).delete()
        # Upserts: a second worker on the same batch writes the same rows, never twice.
        TextAnalysis.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["response"],
            update_fields=[
                "language",
                "sentiment",
                "sentiment_score",
                "opportunities",
                "names",
                "engine",
                "taxonomy_version",
                "analysed_at",
            ],
        )
        ThemeMention.objects.bulk_create(mentions, ignore_conflicts=True)
    return len(with_text)


@dataclass(frozen=True)
class Refresh:
    analysed: int  # texts the engine read again
    carried: int  # analyses brought up to date without the engine (removals only)
    left: int  # still stale when the sweep stopped (a later run goes on)


def _last_full_change(current: int) -> int:
    """The newest version whose change may affect every text (anything but a removal)."""
    last = (
        TaxonomyVersion.objects.filter(number__lte=current)
        .exclude(kind=ChangeKind.REMOVAL)
        .aggregate(n=Max("number"))["n"]
    )
    return int(last or 0)


def _stale_q(current: int, last_full: int) -> Q:
    """Answers with a reason whose analysis is missing or older than `last_full`, or
    whose analysis exists while the reason is gone."""
    has_text = ~Q(reason="")
    return (
        (has_text & Q(analysis__isnull=True))
        | Q(analysis__taxonomy_version__lt=last_full)
        | (Q(reason="") & Q(analysis__isnull=False))
    )


def analyses_refresh_stale(
    *, batch_size: int = BATCH_SIZE, max_batches: int | None = None
) -> Refresh:
    """Bring every analysis up to the current taxonomy version, doing only what the
    changes since each analysis can affect: after removals only, the removed themes'
    mentions go (two queries, no engine); after anything else, the text is read again,
    in batches by response id. Each batch is committed on its own, so a sweep that dies
    is resumed by the next one, and a rerun repeats nothing."""
    version = TaxonomyVersion.objects.order_by("-number").first()
    current = version.number if version else 0
    last_full = _last_full_change(current)
    carried = 0
    with transaction.atomic():
        removed_only = TextAnalysis.objects.filter(
            taxonomy_version__gte=last_full, taxonomy_version__lt=current
        )
        ThemeMention.objects.filter(
            response__in=removed_only.values("response"), theme__is_active=False
        ).delete()
        carried = removed_only.update(taxonomy_version=current)
    analysed = 0
    batches = 0
    stale = _stale_q(current, last_full)
    after = 0  # a cursor: the sweep never reads a batch twice, so it always ends
    while max_batches is None or batches < max_batches:
        ids = list(
            Response.objects.filter(stale, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        after = ids[-1]
        batch = list(
            Response.objects.filter(pk__in=ids).select_related("program", "customer", "unit")
        )
        analysed += analyses_store(responses=batch)
        batches += 1
        latest = (
            TaxonomyVersion.objects.order_by("-number").values_list("number", flat=True).first()
        )
        if (latest or 0) != current:
            break  # the taxonomy changed meanwhile: the task enqueued by that change goes on
    left = Response.objects.filter(stale).count()
    if analysed or carried:
        logger.info("Re-analysed %d texts, carried %d forward, %d left", analysed, carried, left)
    return Refresh(analysed=analysed, carried=carried, left=left)
