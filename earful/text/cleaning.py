"""Making raw feedback text fit to analyse: markup out, whitespace collapsed, length
capped, and split into sentences and clauses.

Customers paste e-mails, HTML from web forms, Markdown from chat tools and emoji. The
models see the words only; sentences are what opportunities and per-theme sentiment
are found in.
"""

from __future__ import annotations

import html
import re

MAX_CHARS = 5_000  # beyond this a text is cut (at a word) before analysis

_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/tr|p|div|li|h\d|tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[!/]?[a-zA-Z][^<>]*>|<!--.*?-->", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^)]*)\)")
_MD_MARK = re.compile(r"(\*\*|__|~~|`+)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6}|>+|[-*+]\s|\d+\.\s)\s*", re.MULTILINE)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_MENTION = re.compile(r"(?<![\w@])@\w+")  # "@united": an address, not a word
_HASHTAG = re.compile(r"(?<![\w#])#(?=[^\W\d_])")  # "#fail" reads as "fail"
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Abbreviations whose full stop does not end a sentence (lower-cased, without the dot).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st vs etc eg ie e.g i.e approx no nr jr sr inc ltd co "
    "esim ns yms jne ks mm tms klo "  # fi
    "bl a.a t.ex dvs osv ca resp "  # sv
    "z.b bzw usw ggf evtl ca nr str "  # de
    "sr sra srta ud uds pág "  # es
    "bv dhr mevr mw ca enz nl ".split()  # nl
)
_SENTENCE_END = re.compile(r"([.!?…]+|\n+)(?=\s|$)|([.!?…]+)(?=[\"'”»)\]]?\s)")
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:–—]\s*)?\b(?:but|however|although|though|whereas|mutta|vaikka|kuitenkin|"
    r"men|fast|dock|aber|doch|jedoch|obwohl|pero|aunque|sin embargo|maar|echter|hoewel)\b\s*"
    r"|\s*[;:–—]\s*",
    re.IGNORECASE,
)


def clean(text: str | None, *, max_chars: int = MAX_CHARS) -> str:
    """The text with markup, links and control characters removed and whitespace
    collapsed (single newlines kept: they often separate answers), cut at `max_chars`
    on a word boundary."""
    if not text:
        return ""
    out = _CONTROL.sub(" ", str(text))
    if "<" in out:
        out = _SCRIPT.sub(" ", out)
        out = _BLOCK_TAG.sub("\n", out)
        out = _TAG.sub(" ", out)
    if "&" in out:
        out = html.unescape(out)
    if "[" in out:
        out = _MD_LINK.sub(r"\1", out)
    out = _MD_MARK.sub("", out)
    out = _MD_HEADING.sub("", out)
    out = _URL.sub(" ", out)
    out = _EMAIL.sub(" ", out)
    if "@" in out:
        out = _MENTION.sub(" ", out)
    if "#" in out:
        out = _HASHTAG.sub("", out)
    out = _SPACES.sub(" ", out)
    out = _NEWLINES.sub("\n", out).strip()
    if len(out) > max_chars:
        cut = out.rfind(" ", 0, max_chars)
        out = out[: cut if cut > max_chars // 2 else max_chars].rstrip()
    return out


def has_letters(text: str) -> bool:
    """Whether any word character that is a letter is present (emoji-only: no)."""
    return any(ch.isalpha() for ch in text)


def split_sentences(text: str) -> list[str]:
    """The sentences of a cleaned text, in order, stripped; no empty ones. A full stop
    after a known abbreviation or a single letter ("J. Smith") does not end one."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group(0).startswith(".") and match.group(0) == ".":
            before = text[start : match.start()].rsplit(None, 1)
            last = before[-1].lower().rstrip(".") if before else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or last.isdigit():
                continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def split_clauses(sentence: str) -> list[str]:
    """A sentence cut at contrast words ("but", "mutta", "men", "aber", "pero", "maar")
    and semicolons, so that "the food was great but the service slow" gives two parts
    that can carry different sentiments."""
    parts = [p.strip(" ,.") for p in _CLAUSE_BREAK.split(sentence)]
    return [p for p in parts if p and any(ch.isalpha() for ch in p)] or [sentence]
