"""Finding the person names a text mentions ("Anna was so helpful", "kiitos Mikolle"),
so that praise can be routed to the employee (see earful/notifications/kudos_matching.py,
whose Finnish and Swedish inflection rules this reuses: it is plain Python).

A capitalised word is taken for a name when one of its base forms is a common first
name (or a nickname kudos_matching knows), and it is not a sentence's first word
unless a verb that people do follows ("Anna helped", "Mikko oli"). An unknown
capitalised word counts only right after a thank-you ("thanks to Zlatan", "tack till
Ebbe"). A capitalised word right after a found first name is kept as the surname.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from earful.notifications.kudos_matching import COMMON_WORDS, NICKNAME_GROUPS, base_forms
from earful.text.cleaning import split_sentences
from earful.text.first_names import FIRST_NAMES


@lru_cache(maxsize=1 << 16)  # pure; the same words come back in every batch
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_KNOWN = frozenset(_fold(n) for n in FIRST_NAMES) | frozenset(
    _fold(n) for group in NICKNAME_GROUPS for n in group if len(n) >= 3
)
# Words that are names elsewhere but far more often ordinary words here.
_NOT_NAMES = frozenset(
    _fold(w)
    for w in "may june april august will mark rose joy hope grace faith dean "
    "bill max pat sue jan kai per bo ed ted rich frank art ray bob".split()
) | (frozenset(COMMON_WORDS) - {"anna", "mika"})
# Finnish words that are also names ("anna" = give, "mika" = what).
_FINNISH_WORDS = frozenset("anna annan annoin mika maja saara".split())
# Names that are also short words in some language, accepted only with a verb after.
_PERSON_VERBS = frozenset(
    _fold(w)
    for w in "was is has had helped did made went knew explained solved fixed answered "
    "took gave showed called sorted handled went came made listened guided "
    "oli on auttoi teki selitti palveli hoiti ratkaisi neuvoi vastasi järjesti kuunteli "
    "var är hjälpte gjorde förklarade löste har ordnade fixade lyssnade "
    "war ist hat half hatte erklärte löste hörte "
    "fue es nos me ayudó estuvo resolvió explicó atendió "
    "heeft hielp had legde loste luisterde".split()
)
_TRIGGERS = (
    ("thanks", "to"),
    ("thank", "you"),
    ("thanks",),
    ("kudos", "to"),
    ("shout", "out", "to"),
    ("kiitos",),
    ("kiitokset",),
    ("tack", "till"),
    ("tack",),
    ("dank", "an"),
    ("danke",),
    ("gracias", "a"),
    ("gracias",),
    ("bedankt",),
    ("dank", "aan"),
    ("met",),
)
_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’\-]*(?:-[^\W\d_]+)?", re.UNICODE)


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and not (len(token) > 1 and token.isupper())


@lru_cache(maxsize=1 << 16)  # pure, and a batch's capitalised words repeat
def _name_forms(token: str) -> tuple[str, ...]:
    """The first names `token` may be a form of ("Annalle" → anna)."""
    folded = _fold(token)
    if folded in _KNOWN:
        return (folded,)
    return tuple(
        form for form, cost in base_forms(token).items() if 0 < cost <= 0.12 and form in _KNOWN
    )


def _known_name(token: str, language: str) -> bool:
    """A first name that is no everyday word as well (in `language`)."""
    folded = _fold(token)
    if folded in _NOT_NAMES or (language in ("fi", "und") and folded in _FINNISH_WORDS):
        return False
    return any(form not in _NOT_NAMES for form in _name_forms(token))


def _after_trigger(folded: list[str], index: int) -> bool:
    for trigger in _TRIGGERS:
        start = index - len(trigger)
        if start >= 0 and tuple(folded[start:index]) == trigger:
            return True
    return False


def find_names(text: str, language: str = "und") -> tuple[str, ...]:
    """The person names in `text`, as written (a surname joined to its first name),
    each once, in order of first mention. In Finnish (or an undetermined language)
    names that are also Finnish words ("Anna" = give) need a verb after them; the
    inflection rules cover Finnish and Swedish whatever the language."""
    if not text or text.isupper() or not any(ch.isupper() for ch in text):
        return ()
    found: list[str] = []
    for sentence in split_sentences(text):
        tokens = _TOKEN.findall(sentence)
        folded = [_fold(t) for t in tokens]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if len(token) < 2 or not _is_capitalised(token):
                i += 1
                continue
            known = _known_name(token, language)
            # "Anna" is also Finnish for "give": such names need a verb after them.
            verb_after = bool(_name_forms(token)) and (
                i + 1 < len(tokens) and folded[i + 1] in _PERSON_VERBS
            )
            if i == 0:
                name = verb_after or (known and _is_capitalised_name(tokens, 1))
            else:
                name = (
                    known
                    or verb_after
                    or (
                        _after_trigger(folded, i) and folded[i] not in _NOT_NAMES and len(token) > 2
                    )
                )
            if not name:
                i += 1
                continue
            full = token
            if (
                i + 1 < len(tokens)
                and _is_capitalised(tokens[i + 1])
                and folded[i + 1] not in _NOT_NAMES
                and not _known_name(tokens[i + 1], language)
                and len(tokens[i + 1]) > 2
            ):
                full = f"{token} {tokens[i + 1]}"
                i += 1
            if full not in found:
                found.append(full)
            i += 1
    return tuple(found)


def _is_capitalised_name(tokens: list[str], index: int) -> bool:
    """A sentence that opens "Anna Virtanen …": a first name then a capitalised word
    that is no common word."""
    return (
        index < len(tokens)
        and _is_capitalised(tokens[index])
        and _fold(tokens[index]) not in _NOT_NAMES
        and len(tokens[index]) > 2
    )
