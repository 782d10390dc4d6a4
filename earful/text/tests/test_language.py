from __future__ import annotations

import pytest

from earful.text.language import detect_language, detect_languages

SENTENCES = {
    "en": "The staff were friendly and the delivery arrived on time.",
    "fi": "Henkilökunta oli ystävällistä ja toimitus tuli ajallaan.",
    "sv": "Personalen var trevlig och leveransen kom i tid.",
    "de": "Das Personal war freundlich und die Lieferung kam pünktlich.",
    "es": "El personal fue amable y la entrega llegó a tiempo.",
    "nl": "Het personeel was vriendelijk en de levering kwam op tijd.",
    "fr": "Le personnel était aimable et la livraison est arrivée à temps.",
}

SHORT = {
    "en": "Great service",
    "fi": "Hyvä palvelu",
    "sv": "Bra service",
    "de": "Sehr gut",
    "es": "Muy bien",
    "nl": "Heel goed",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_it_tells_each_language_from_a_sentence(language):
    assert detect_language(SENTENCES[language]) == language


@pytest.mark.parametrize("language", sorted(SHORT))
def test_it_tells_each_language_from_two_words(language):
    assert detect_language(SHORT[language]) == language


def test_texts_without_words_are_undetermined():
    assert detect_languages(["", "   ", "😀😀", "12345", "!!!"]) == ["und"] * 5


def test_a_mixed_text_gets_its_main_language():
    text = "Palvelu oli todella hyvää ja henkilökunta ystävällistä, kiitos paljon. Great job!"
    assert detect_language(text) == "fi"
