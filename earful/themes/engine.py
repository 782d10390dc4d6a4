"""The text engine as the web side uses it: chosen by settings, prepared for the current
taxonomy version and cached per process, so a batch of answers costs one engine call and
no retraining unless the taxonomy changed."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from earful.text import Analyser, Engine, Example, Taxonomy, get_engine
from earful.text import Theme as EngineTheme
from earful.themes.models import Correction, TaxonomyVersion, Theme

_lock = threading.Lock()
_engines: dict[tuple[str, str], Engine] = {}
_prepared: dict[tuple[object, ...], Prepared] = {}  # by version: the newest only
_by_content: OrderedDict[str, Analyser] = OrderedDict()  # by what the taxonomy says
KEEP_ANALYSERS = 4


@dataclass(frozen=True)
class Prepared:
    """An analyser for one taxonomy version (0: no version recorded yet)."""

    analyser: Analyser
    version: int
    use_scores: bool


@contextmanager
def one_thread() -> Iterator[None]:
    """The numeric libraries' thread pools (BLAS, OpenMP) cut to one thread while the
    engine works. Workers run side by side, each a process with a pool per core, and on
    a busy machine the pools fight over the cores: measured on 2 shared cores, k-means
    ran 20 times and the analysis 10 times slower than with one thread each."""
    with threadpool_limits(limits=1):
        yield


def engine_get() -> Engine:
    """The engine named by TEXT_ENGINE, loaded once per process."""
    name, path = settings.TEXT_ENGINE, settings.TEXT_MODEL_PATH or ""
    with _lock:
        if (name, path) not in _engines:
            _engines[(name, path)] = get_engine(name, model_path=path or None)
        return _engines[(name, path)]


def taxonomy_version_current() -> TaxonomyVersion | None:
    return TaxonomyVersion.objects.order_by("-number").first()


def latest_corrections(response_ids: list[int] | None = None) -> dict[int, Correction]:
    """The latest correction of each answer (of those given, or of all), with its themes."""
    qs = Correction.objects.select_related("response").prefetch_related("themes")
    if response_ids is not None:
        qs = qs.filter(response_id__in=response_ids)
    latest: dict[int, Correction] = {}
    for correction in qs.order_by("response_id", "-created_at", "-pk"):
        latest.setdefault(correction.response_id, correction)
    return latest


def taxonomy_build(*, use_scores: bool = False) -> Taxonomy:
    """The engine's view of the taxonomy: the active themes with their example phrases,
    and every answer's latest correction as a labelled example."""
    themes = list(Theme.objects.filter(is_active=True).select_related("parent"))
    active = {theme.pk: theme.key for theme in themes}
    examples = tuple(
        Example(
            text=correction.response.reason,
            themes=frozenset(active[t.pk] for t in correction.themes.all() if t.pk in active),
            sentiment=correction.sentiment,  # type: ignore[arg-type]  # SentimentChoice values
            score=correction.response.score,
        )
        for correction in latest_corrections().values()
        if correction.response.reason.strip()
    )
    return Taxonomy(
        themes=tuple(
            EngineTheme(
                key=theme.key,
                name=theme.name,
                description=theme.description,
                examples=tuple(str(e) for e in theme.examples),
                parent=theme.parent.key if theme.parent and theme.parent.is_active else None,
            )
            for theme in themes
        ),
        examples=examples,
        use_scores=use_scores,
    )


def fingerprint(taxonomy: Taxonomy) -> str:
    """What a prepared analyser depends on, as a digest: two versions that say the same
    (a setting turned off again, a theme renamed back) share one analyser."""
    content = {
        "engine": [settings.TEXT_ENGINE, settings.TEXT_MODEL_PATH],
        "themes": sorted(
            [t.key, t.name, t.description, list(t.examples), t.parent] for t in taxonomy.themes
        ),
        "examples": sorted(
            [e.text, sorted(e.themes), e.sentiment, e.score] for e in taxonomy.examples
        ),
        "use_scores": taxonomy.use_scores,
        "extra": sorted(taxonomy.extra.items()),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def analyser_current() -> Prepared:
    """The engine prepared for the current taxonomy version: one query when this process
    has prepared it already; otherwise the taxonomy is read, and the engine trained only
    if no recent version said the same."""
    version = taxonomy_version_current()
    use_scores = bool(version and version.use_scores)
    number = version.number if version else 0
    # The row's pk and time as well as its number: test databases reuse numbers.
    key = (
        settings.TEXT_ENGINE,
        settings.TEXT_MODEL_PATH,
        number,
        version.pk if version else None,
        version.created_at if version else None,
    )
    with _lock:
        prepared = _prepared.get(key)
    if prepared is not None:
        return prepared
    taxonomy = taxonomy_build(use_scores=use_scores)
    digest = fingerprint(taxonomy)
    with _lock:
        analyser = _by_content.get(digest)
    if analyser is None:
        with one_thread():
            analyser = engine_get().prepare(taxonomy)
    prepared = Prepared(analyser=analyser, version=number, use_scores=use_scores)
    with _lock:
        _prepared.clear()
        _prepared[key] = prepared
        _by_content[digest] = analyser
        _by_content.move_to_end(digest)
        while len(_by_content) > KEEP_ANALYSERS:
            _by_content.popitem(last=False)
    return prepared
