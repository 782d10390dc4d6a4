from __future__ import annotations

from earful.text.cleaning import MAX_CHARS, clean, has_letters, split_clauses, split_sentences


def test_it_strips_html_and_keeps_the_words():
    html = "<p>The <b>food</b> was&nbsp;great.</p><script>alert(1)</script><br>Slow&amp;cold"
    assert clean(html) == "The food was great.\nSlow&cold"


def test_it_strips_markdown_links_mentions_and_urls():
    text = "**Great** [shop](http://example.org) @united see https://x.org/a?b #fail"
    assert clean(text) == "Great shop see fail"


def test_it_returns_empty_for_nothing_or_whitespace():
    assert clean(None) == ""
    assert clean("") == ""
    assert clean(" \n\t  \u00a0 ") == ""


def test_it_caps_length_at_a_word_boundary():
    text = "word " * 3_000
    cleaned = clean(text)
    assert len(cleaned) <= MAX_CHARS
    assert cleaned.endswith("word")


def test_emoji_are_kept_but_have_no_letters():
    assert clean("😀 😀") == "😀 😀"
    assert not has_letters("😀 😀 !!")
    assert has_letters("ok 😀")


def test_it_splits_sentences_but_not_at_abbreviations():
    text = "Dr. Smith was great! The wait, e.g. at 5 p.m., was long. Why?\nThanks"
    assert split_sentences(text) == [
        "Dr. Smith was great!",
        "The wait, e.g. at 5 p.m., was long.",
        "Why?",
        "Thanks",
    ]


def test_it_splits_clauses_at_contrast_words_in_each_language():
    assert split_clauses("The food was great but the service was slow") == [
        "The food was great",
        "the service was slow",
    ]
    assert len(split_clauses("Ruoka oli hyvää mutta palvelu hidasta")) == 2
    assert len(split_clauses("Maten var god men servicen långsam")) == 2
    assert len(split_clauses("Das Essen war gut, aber der Service langsam")) == 2
    assert len(split_clauses("La comida buena pero el servicio lento")) == 2
    assert len(split_clauses("Het eten was lekker maar de bediening traag")) == 2
