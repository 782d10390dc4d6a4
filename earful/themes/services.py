"""Writes by people: the taxonomy (themes and its settings) and corrections of what the
engine read. Every change records a new taxonomy version and, after commit, enqueues the
sweep that re-analyses what the change can affect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from earful.directory.models import Employee
from earful.platform.audit import log_action
from earful.surveys.models import Response
from earful.themes.analysis import SENTIMENT_SCORES
from earful.themes.choices import ChangeKind, MentionSource, SentimentChoice
from earful.themes.models import (
    Correction,
    TaxonomyVersion,
    TextAnalysis,
    Theme,
    ThemeMention,
)

MAX_EXAMPLES = 200


def _enqueue_refresh() -> None:
    from earful.themes.tasks import reanalyse_stale

    transaction.on_commit(lambda: reanalyse_stale.enqueue())


def taxonomy_settings() -> TaxonomyVersion | None:
    """The latest version: its `use_scores` is the setting in force."""
    return TaxonomyVersion.objects.order_by("-number").first()


def taxonomy_bump(
    *,
    actor: Employee | None,
    kind: ChangeKind,
    themes: Sequence[str] = (),
    use_scores: bool | None = None,
    refresh: bool = True,
) -> TaxonomyVersion:
    """Record a new taxonomy version (settings carried over unless given) and enqueue
    the re-analysis after commit. Two concurrent bumps: one wins the number, the other
    takes the next."""
    for _attempt in range(5):
        latest = taxonomy_settings()
        try:
            with transaction.atomic():
                version = TaxonomyVersion.objects.create(
                    number=(latest.number if latest else 0) + 1,
                    kind=kind,
                    themes=list(themes),
                    use_scores=latest.use_scores
                    if use_scores is None and latest
                    else bool(use_scores),
                    created_by=actor if actor is not None and actor.pk else None,
                )
        except IntegrityError:
            continue
        if refresh:
            _enqueue_refresh()
        return version
    raise RuntimeError("could not record a taxonomy version")  # pragma: no cover


def _clean_examples(examples: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for example in examples:
        text = " ".join(str(example).split())
        if text and text.casefold() not in {s.casefold() for s in seen}:
            seen[text] = None
    cleaned = list(seen)
    if len(cleaned) > MAX_EXAMPLES:
        raise ValidationError(
            {"examples": _("At most %(n)d example phrases.") % {"n": MAX_EXAMPLES}}
        )
    return cleaned


def _unique_key(name: str) -> str:
    base = slugify(name)[:90] or "theme"
    key, n = base, 2
    while Theme.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def _check_parent(theme: Theme | None, parent: Theme | None) -> None:
    """A theme cannot sit under itself or under one of its own descendants."""
    node, seen = parent, set()
    while node is not None and node.pk not in seen:
        if theme is not None and node.pk == theme.pk:
            raise ValidationError({"parent": _("A theme cannot sit under itself.")})
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def theme_create(
    *,
    actor: Employee | None,
    name: str,
    description: str = "",
    examples: Iterable[str] = (),
    parent: Theme | None = None,
    refresh: bool = True,
) -> Theme:
    _check_parent(None, parent)
    theme = Theme(
        name=name.strip(),
        key=_unique_key(name),
        description=description.strip(),
        examples=_clean_examples(examples),
        parent=parent,
    )
    theme.full_clean()
    theme.save()
    taxonomy_bump(actor=actor, kind=ChangeKind.THEMES, refresh=refresh)
    log_action("theme.created", actor=actor, obj=theme, data={"name": theme.name})
    return theme


@transaction.atomic
def theme_update(
    *,
    actor: Employee | None,
    theme: Theme,
    name: str,
    description: str,
    examples: Iterable[str],
    parent: Theme | None,
    is_active: bool,
) -> Theme:
    """Save a theme's changes. Deactivating only drops its mentions; any other change may
    move every text's themes, so those are read again."""
    _check_parent(theme, parent)
    before = (theme.name, theme.description, list(theme.examples), theme.parent_id)
    was_active = theme.is_active
    theme.name = name.strip()
    theme.description = description.strip()
    theme.examples = _clean_examples(examples)
    theme.parent = parent
    theme.is_active = is_active
    theme.full_clean()
    theme.save()
    after = (theme.name, theme.description, list(theme.examples), theme.parent_id)
    if was_active and not is_active:
        taxonomy_bump(actor=actor, kind=ChangeKind.REMOVAL, themes=[theme.key])
    elif (before != after and is_active) or (is_active and not was_active):
        taxonomy_bump(actor=actor, kind=ChangeKind.THEMES)
    log_action(
        "theme.updated",
        actor=actor,
        obj=theme,
        data={"name": theme.name, "is_active": theme.is_active},
    )
    return theme


@transaction.atomic
def taxonomy_settings_update(*, actor: Employee | None, use_scores: bool) -> TaxonomyVersion:
    """Turn the score-aware option on or off (a new version only when it changes)."""
    latest = taxonomy_settings()
    if latest is not None and latest.use_scores == use_scores:
        return latest
    version = taxonomy_bump(actor=actor, kind=ChangeKind.SETTINGS, use_scores=use_scores)
    log_action("taxonomy.settings_changed", actor=actor, data={"use_scores": use_scores})
    return version


def _apply_correction(response: Response, correction: Correction, themes: list[Theme]) -> None:
    """Show the correction at once: the answer's themes and sentiment become the
    corrected ones (the sweep re-reads it with the retrained engine later, and the
    correction still wins)."""
    previous = {m.theme_id: m for m in ThemeMention.objects.filter(response=response)}
    ThemeMention.objects.filter(response=response).delete()
    mentions = []
    for theme in themes:
        if not theme.is_active:
            continue
        old = previous.get(theme.pk)
        mentions.append(
            ThemeMention(
                response=response,
                theme=theme,
                confidence=1.0,
                sentiment=old.sentiment if old else correction.sentiment,
                sentiment_score=old.sentiment_score
                if old
                else SENTIMENT_SCORES[correction.sentiment],
                source=MentionSource.CORRECTION,
            )
        )
    ThemeMention.objects.bulk_create(mentions)
    analysis = TextAnalysis.objects.filter(response=response).first()
    if analysis is not None and analysis.sentiment != correction.sentiment:
        analysis.sentiment = correction.sentiment
        analysis.sentiment_score = SENTIMENT_SCORES[correction.sentiment]
        analysis.save(update_fields=["sentiment", "sentiment_score"])


@transaction.atomic
def correction_create(
    *,
    actor: Employee | None,
    response: Response,
    themes: Iterable[Theme],
    sentiment: str,
    refresh: bool = True,
) -> Correction:
    """A CX lead's reading of an answer: it shows at once, becomes a training example,
    and the retrained engine then re-reads every text."""
    if not response.reason:
        raise ValidationError(_("This answer has no text to correct."))
    if sentiment not in SentimentChoice.values:
        raise ValidationError({"sentiment": _("Choose negative, neutral or positive.")})
    chosen = list(themes)
    correction = Correction(response=response, sentiment=sentiment, by=actor)
    correction.full_clean()
    correction.save()
    correction.themes.set(chosen)
    _apply_correction(response, correction, chosen)
    taxonomy_bump(actor=actor, kind=ChangeKind.CORRECTION, refresh=refresh)
    log_action(
        "verbatim.corrected",
        actor=actor,
        obj=response,
        data={"themes": sorted(t.key for t in chosen), "sentiment": sentiment},
    )
    return correction


@transaction.atomic
def corrections_add_theme(
    *, actor: Employee | None, theme: Theme, responses: Sequence[Response]
) -> list[Correction]:
    """Say of several answers that they raise `theme` too (the examples of an accepted
    or merged proposal): one correction each, keeping their other themes and their
    sentiment, and one new taxonomy version for them all."""
    from earful.themes.engine import latest_corrections

    with_text = [r for r in responses if r.reason]
    if not with_text:
        return []
    ids = [r.pk for r in with_text]
    previous = latest_corrections(ids)
    current: dict[int, set[int]] = {}
    for response_id, theme_id in ThemeMention.objects.filter(response_id__in=ids).values_list(
        "response_id", "theme_id"
    ):
        current.setdefault(response_id, set()).add(theme_id)
    sentiments = dict(
        TextAnalysis.objects.filter(response_id__in=ids).values_list("response_id", "sentiment")
    )
    corrections = []
    for response in with_text:
        before = previous.get(response.pk)
        themes = (
            {t.pk for t in before.themes.all()} if before else current.get(response.pk, set())
        ) | {theme.pk}
        sentiment = before.sentiment if before else sentiments.get(response.pk, "neutral")
        correction = Correction.objects.create(response=response, sentiment=sentiment, by=actor)
        correction.themes.set(themes)
        _apply_correction(response, correction, list(Theme.objects.filter(pk__in=themes)))
        corrections.append(correction)
    taxonomy_bump(actor=actor, kind=ChangeKind.CORRECTION)
    log_action(
        "verbatim.corrected",
        actor=actor,
        obj=theme,
        data={"added_theme": theme.key, "responses": ids},
    )
    return corrections
