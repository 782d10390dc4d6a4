from __future__ import annotations

import pytest

from earful.text.names import find_names

CASES = [
    ("en", "Anna was so helpful, thanks!", ("Anna",)),
    ("en", "We were served by Thomas Miller, who knew the menu well.", ("Thomas Miller",)),
    ("en", "Thanks to Zlatan for sorting it out.", ("Zlatan",)),
    ("fi", "Kiitos Annalle hyvästä palvelusta!", ("Annalle",)),
    ("fi", "Iso kiitos Mikolle nopeasta avusta.", ("Mikolle",)),
    ("fi", "Pekan neuvot olivat hyviä, ja Heikki oli avulias.", ("Heikki",)),
    ("sv", "Tack till Lars för bra hjälp.", ("Lars",)),
    ("sv", "Vi fick hjälp av Ingrid som var jättetrevlig.", ("Ingrid",)),
    ("de", "Danke an Sabine für die tolle Beratung.", ("Sabine",)),
    ("es", "Gracias a María por su ayuda.", ("María",)),
    ("nl", "Bedankt aan Jeroen voor de hulp.", ("Jeroen",)),
]


@pytest.mark.parametrize(("language", "text", "names"), CASES)
def test_it_finds_names_in_each_language(language, text, names):
    assert find_names(text, language) == names


def test_ordinary_capitalised_words_are_no_names():
    assert find_names("Great service from the team in May. Will come again!", "en") == ()


def test_a_finnish_verb_that_looks_like_a_name_is_no_name():
    assert find_names("Anna meille lisää aikaa.", "fi") == ()


def test_shouting_and_empty_text_give_nothing():
    assert find_names("GREAT SERVICE ANNA", "en") == ()
    assert find_names("", "en") == ()
