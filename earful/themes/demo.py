"""The demo's themes: a taxonomy that fits Aurora Inspection's answers, every verbatim
analysed, a few corrections by the CX lead, and a discovery run.

The taxonomy leaves out one topic the customers do write about, price, on purpose:
discovery finds it among the answers that fit no theme and proposes it. Idempotent: a
second run only brings stale analyses up to date.
"""

from __future__ import annotations

import random
import re
import time
from typing import TYPE_CHECKING

from earful.directory.choices import Role
from earful.directory.models import Employee
from earful.surveys.models import Response
from earful.themes.analysis import analyses_refresh_stale, analyses_store
from earful.themes.choices import SentimentChoice
from earful.themes.demo_taxonomy import TAXONOMY
from earful.themes.models import Theme
from earful.themes.proposals import discovery_run
from earful.themes.services import correction_create, theme_create

if TYPE_CHECKING:
    from earful.platform.demo import DemoResult

BATCH = 1000
CORRECTIONS = 12  # two per theme

# What the CX lead looks for when reading an answer, per theme, in the demo's five
# languages: the corrections label each chosen answer with every theme it raises.
_WORDS = {
    "Waiting time": r"wait|slot|queue|odot|jono|vänta|väntetid|wart|esper",
    "Booking": r"book|varau|varaa|varaus|bokn|boka|buch|reserv",
    "Inspector": r"inspector|competent|rude|tarkastaja(?! (?:oli|saapui) .*(?:myöhässä|ajallaan))"
    r"|inspektör|prüfer|inspector",
    "Report": r"report|raport|rapport|bericht|informe",
    "Communication": r"e-?mail|sähköpost|viesti|e-post|kommunik|correo|comunicaci|reminder"
    r"|muistutu|påminn|erinnerung|recordatorio|told us|kerrottu|berättade|gesagt|avis",
    "Punctuality": r"\blate\b|on time|myöhässä|ajallaan|\bsen\b|i tid|pünktlich|zu spät"
    r"|tarde|puntual|cancel|perui|inställ|abgesagt|cancel",
}
_PRICE = r"pric|invoice|expensive|hint|lasku|kallis|\bpris|faktura|dyr|preis|rechnung|teuer"
r"|precio|factura|caro"


def _cx_lead() -> Employee | None:
    return Employee.objects.filter(role=Role.CX_LEAD, is_active=True).order_by("pk").first()


def _sentiment_of(score: int) -> str:
    if score <= 6:
        return SentimentChoice.NEGATIVE
    return SentimentChoice.POSITIVE if score >= 9 else SentimentChoice.NEUTRAL


def _labels(text: str) -> set[str]:
    return {name for name, words in _WORDS.items() if re.search(words, text, re.IGNORECASE)}


def _corrections(lead: Employee | None, rng: random.Random, themes: dict[str, Theme]) -> int:
    """The CX lead read a few answers, two per theme, and said which themes each raises
    (all of them) and how it feels (as its score implies): corrections the engine then
    learns from. Answers about price are left alone: discovery is to find that topic."""
    candidates = list(
        Response.objects.exclude(reason="").order_by("pk").values_list("pk", "reason")[:3000]
    )
    rng.shuffle(candidates)
    chosen: dict[int, set[str]] = {}
    for name in themes:
        picked = 0
        for pk, text in candidates:
            labels = _labels(text)
            if pk in chosen or name not in labels or re.search(_PRICE, text, re.IGNORECASE):
                continue
            chosen[pk] = labels
            picked += 1
            if picked == CORRECTIONS // len(themes):
                break
    for response in Response.objects.filter(pk__in=chosen).order_by("pk"):
        correction_create(
            actor=lead,
            response=response,
            themes=[themes[name] for name in sorted(chosen[response.pk])],
            sentiment=_sentiment_of(response.score),
            refresh=False,
        )
    return len(chosen)


def _analyse_all() -> int:
    analysed = 0
    last = 0
    while True:
        batch = list(
            Response.objects.filter(pk__gt=last)
            .exclude(reason="")
            .select_related("program", "customer", "unit")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return analysed
        analysed += analyses_store(responses=batch)
        last = batch[-1].pk


def build(result: DemoResult, seed: int) -> None:
    started = time.monotonic()
    if Theme.objects.exists():
        refresh = analyses_refresh_stale()
        result.notes.append(f"themes: already there; {refresh.analysed} answers re-analysed")
        return
    lead = _cx_lead()
    themes = {
        name: theme_create(
            actor=lead, name=name, description=description, examples=examples, refresh=False
        )
        for name, description, examples in TAXONOMY
    }
    corrected = _corrections(lead, random.Random(seed), themes)
    analysed = _analyse_all()
    proposals = discovery_run(actor=lead)
    result.notes.append(
        f"themes: {len(themes)} themes, {analysed} answers analysed, {corrected} corrections, "
        f"{len(proposals)} proposed by discovery "
        f"({', '.join(p.label for p in proposals[:3]) or 'none'}) "
        f"in {time.monotonic() - started:.1f} s"
    )
