from __future__ import annotations

import pytest

from earful.text.opportunities import find_opportunities

REQUESTS = [
    ("en", "I wish you also offered home delivery."),
    ("en", "Do you do repairs on weekends?"),
    ("en", "It would be great if the app showed opening hours."),
    ("en", "Please add a vegan option."),
    ("fi", "Toivoisin että teillä olisi myös kotiinkuljetus."),
    ("fi", "Myyttekö myös lahjakortteja?"),
    ("fi", "Olisi kiva jos aukioloajat olisivat pidemmät."),
    ("sv", "Jag önskar att ni hade öppet på söndagar."),
    ("sv", "Säljer ni presentkort?"),
    ("sv", "Det vore bra om appen fungerade offline."),
    ("de", "Es wäre schön, wenn Sie auch Lieferung anbieten würden."),
    ("de", "Bieten Sie auch Reparaturen an?"),
    ("de", "Ich wünsche mir längere Öffnungszeiten."),
    ("es", "Ojalá ofrecieran envío a domicilio."),
    ("es", "¿Tienen opciones veganas?"),
    ("es", "Me gustaría que abrieran los domingos."),
    ("nl", "Het zou fijn zijn als jullie ook bezorgen."),
    ("nl", "Hebben jullie ook glutenvrije opties?"),
    ("nl", "Ik zou graag een vegetarische optie zien."),
]

STATEMENTS = [
    ("en", "Why is my order late again?"),
    ("en", "I wish I had never booked with you."),
    ("en", "The food was cold and the staff rude."),
    ("fi", "Palvelu oli hidasta ja ruoka kylmää."),
    ("sv", "Maten var god men dyr."),
    ("de", "Das Essen war kalt."),
    ("es", "La comida estaba fría."),
    ("nl", "Het eten was koud."),
]


@pytest.mark.parametrize(("language", "sentence"), REQUESTS)
def test_it_finds_a_request_in_each_language(language, sentence):
    text = f"Thanks for the visit. {sentence} Best regards."
    assert find_opportunities(text, language) == (sentence,)


@pytest.mark.parametrize(("language", "sentence"), STATEMENTS)
def test_complaints_and_praise_are_no_opportunities(language, sentence):
    assert find_opportunities(sentence, language) == ()


def test_an_undetermined_language_uses_every_languages_patterns():
    assert find_opportunities("Säljer ni presentkort?", "und") == ("Säljer ni presentkort?",)


def test_empty_text_has_none():
    assert find_opportunities("", "en") == ()
