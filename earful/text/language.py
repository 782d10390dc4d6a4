"""Telling the language of short feedback texts.

py3langid (a naive-Bayes byte n-gram model, BSD licence, its model inside the package)
restricted to the languages Earful's customers write in: ~30,000 texts/s on one core.
Very short answers ("Bra service", "Heel goed") are where any n-gram model errs, so
texts of three words or fewer are first checked against a few words that belong to one
language only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from earful.text.types import UNDETERMINED

LANGUAGES = ("en", "fi", "sv", "de", "es", "nl", "fr", "da", "no", "it", "pt")

# Words that on their own tell the language of a short answer (lower case).
_TELLING_WORDS: dict[str, str] = {
    w: lang
    for lang, words in {
        "en": "the good great bad very nice thanks thank service staff slow fast awesome "
        "excellent terrible poor friendly helpful quick price prices love",
        "fi": "hyvä hyvää huono huonoa kiitos kiitoksia erittäin todella palvelu palvelua "
        "nopea hidas kallis halpa ystävällinen mahtava loistava kiva ok:ta",
        "sv": "bra dålig dåligt tack mycket jättebra trevlig trevligt snabb långsam dyr "
        "billig toppen fantastisk hjälpsam",
        "de": "gut schlecht danke sehr super toll freundlich schnell langsam teuer billig "
        "prima klasse nett",
        "es": "bueno buena malo mala gracias muy excelente rápido lento caro barato "
        "amable genial servicio",
        "nl": "goed slecht bedankt heel erg lekker vriendelijk snel traag duur goedkoop "
        "prima bediening",
    }.items()
    for w in words.split()
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    """The py3langid model, loaded once (it takes ~0.5 s) and restricted to LANGUAGES."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
            identifier.set_languages(list(LANGUAGES))
            _identifier = identifier
        return _identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, or "und" when it has no words to tell by
    (empty, digits, emoji)."""
    words = _WORD.findall(text)
    if not words or sum(len(w) for w in words) < 2:
        return UNDETERMINED
    if len(words) <= 3:
        votes: dict[str, int] = {}
        for word in words:
            lang = _TELLING_WORDS.get(word.lower())
            if lang:
                votes[lang] = votes.get(lang, 0) + 1
        if votes:
            return max(votes.items(), key=lambda item: item[1])[0]
    language, score = _get_identifier().classify(" ".join(words) if len(words) <= 3 else text)
    if score < -1e30:  # no n-gram of the model occurs in the text
        return UNDETERMINED
    return str(language)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """The language of each text, in order (see detect_language)."""
    return [detect_language(text) for text in texts]
