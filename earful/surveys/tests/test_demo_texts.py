from __future__ import annotations

import random
import re
import statistics

import pytest

from earful.surveys.demo_texts import LANGUAGES, mood_of, reason_text, short_reason

# Common words of each language, none shared with another language's list.
MARKERS = {
    "en": set(
        "the and was we our for with to good great thanks but too days work fine expensive "
        "very were within is it of by before after all had that us weeks hours".split()
    ),
    "fi": set(
        "ja oli ei mutta kiitos tarkastaja hyvä hyvää kaikki liian raportti raporttia työtä "
        "nopeaa meillä kyse hinta tämä tällä ilman kuin joten koska vain siitä saimme tosi jo "
        "mikä tehtiin sisällä erittäin kuten aina todella päivää päivän olemme tarkastus "
        "tarkastuksen tarkastuksesta ennen vastattiin viikkoa viikon selitti selkeästi puutteet "
        "alusta loppuun nähdään seuraavassa".split()
    ),
    "sv": set(
        "och var vi inte för att är med bra tack rapporten inspektören snabbt jag på som "
        "ingen här kom vår vårt efter inom dagar veckor mycket alltid när det fick".split()
    ),
    "de": set(
        "der die das und wir war nicht ist mit zu gut gute danke aber bericht auf nach "
        "schnell wurden von innerhalb weiter fragen sehr uns unsere unser vor tagen wochen "
        "hat haben immer ich eine sie am zur".split()
    ),
    "es": set(
        "el la y que los las fue muy con por bien gracias informe buen trabajo demasiado caro "
        "rápido nos días semanas se del una un lo todo siempre nuestro nuestra más".split()
    ),
}

POSITIVE = {
    "en": "excellent happy good great thanks thank fair clear friendly professional quick fast "
    "easy helpful recommend well satisfied competent patiently smooth reasonable value",
    "fi": "erinomaista erinomaisesti tyytyväisiä hyvä hyvin hyvää kiitos reilu selkeä selkeästi "
    "ystävällinen ammattitaitoinen nopeaa nopeampaa helppolukuinen kätevää suosittelen "
    "asiantunteva sujuvaa kohtuullinen hienoa täsmälleen",
    "sv": "utmärkt utmärkta nöjda bra tack rimligt tydlig tydligt vänlig professionell "
    "professionellt snabbt snabbare smidigt rekommenderar kunnig prisvärt toppen precis",
    "de": "hervorragend hervorragender zufrieden gut gute danke fair klar freundlich "
    "freundlicher professionell professioneller schnell schneller hilfreich empfehlen "
    "kompetent pünktlich reibungslos angemessener super",
    "es": "excelente excelentes contentos bien gracias justo claro amable profesional rápido "
    "útil recomiendo competente puntual razonable genial satisfechos",
}
NEGATIVE = {
    "en": "disappointed disappointing unacceptable late slow expensive rude hurry hassle failing "
    "nobody delayed unclear unanswered cancelled too not frustrating poor bad hard surprise",
    "fi": "pettynyt pettymys kohtuuton myöhässä hidasta kallis kallista töykeä kiire hankalaa "
    "eikä viivästyi epäselviksi selittämättä peruttiin liian turhauttavaa huono huonoa "
    "yllätyksenä vaikea vasta",
    "sv": "besviken besvikelse oacceptabel sen sent långsamt dyrt otrevlig bråttom krånglig "
    "inte ingen försenades oklara ställdes frustrerande dålig överraskning svår först",
    "de": "enttäuscht enttäuschend inakzeptabel spät langsam teuer unfreundlich eilig mühsam "
    "nicht niemand verzögert unklar unbeantwortet abgesagt frustrierend schlecht schlechte "
    "schlechter überraschung schwer erst",
    "es": "decepcionados decepcionante inaceptable tarde retraso lento caro maleducado prisa "
    "lío nadie retrasó demasiado frustrante mala sorpresa difícil seguimos",
}
WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def language_counts(text: str) -> dict[str, int]:
    found = words(text)
    return {language: sum(w in MARKERS[language] for w in found) for language in MARKERS}


def in_language(text: str, language: str) -> bool:
    """The text has common words of `language`, and more of them than of any other."""
    counts = language_counts(text)
    return counts[language] > 0 and all(
        counts[language] > n for other, n in counts.items() if other != language
    )


def tone(text: str, language: str) -> int:
    found = words(text)
    positive, negative = set(POSITIVE[language].split()), set(NEGATIVE[language].split())
    return sum(w in positive for w in found) - sum(w in negative for w in found)


def test_the_language_markers_tell_the_languages_apart():
    for language, markers in MARKERS.items():
        for other, theirs in MARKERS.items():
            assert other == language or not markers & theirs, (language, other)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_of_a_thousand_reasons_are_the_same(language):
    rng = random.Random(2026)
    texts = [reason_text(language=language, score=rng.randint(0, 10), rng=rng) for _ in range(1000)]
    assert len(set(texts)) == 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_of_a_thousand_reasons_naming_employees_are_the_same(language):
    rng = random.Random(7)
    names = ["Anna", "Mikko", "Sanna"]
    texts = [
        reason_text(language=language, score=rng.randint(0, 10), rng=rng, names=names)
        for _ in range(1000)
    ]
    assert len(set(texts)) == 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_is_written_in_its_language(language):
    rng = random.Random(11)
    for _ in range(500):
        score = rng.randint(0, 10)
        text = reason_text(language=language, score=score, rng=rng, names=["Anna"])
        assert in_language(text, language), text
        short = short_reason(language=language, score=score, rng=rng, names=["Anna"])
        assert in_language(short, language), short


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentiment_follows_the_score(language):
    rng = random.Random(3)

    def mean_tone(score: int) -> float:
        return statistics.mean(
            tone(reason_text(language=language, score=score, rng=rng), language) for _ in range(300)
        )

    promoters, passives, detractors = mean_tone(10), mean_tone(8), mean_tone(2)
    assert promoters > passives > detractors
    assert promoters > 1 and detractors < -1


def test_scores_split_into_praise_mixed_and_complaints_as_nps_does():
    assert [mood_of(score) for score in range(11)] == ["bad"] * 7 + ["mixed"] * 2 + ["good"] * 2


def test_some_praise_names_the_employees_the_customer_deals_with():
    rng = random.Random(5)
    texts = [
        reason_text(language="fi", score=10, rng=rng, names=["Aino", "Lauri"]) for _ in range(300)
    ]
    named = [t for t in texts if "Aino" in t or "Lauri" in t]
    assert 20 < len(named) < 250
    assert not any("Pekka" in t for t in texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_texts_without_names_leave_no_gaps_or_placeholders(language):
    rng = random.Random(13)
    for _ in range(500):
        score = rng.randint(0, 10)
        for text in (
            reason_text(language=language, score=score, rng=rng),
            short_reason(language=language, score=score, rng=rng),
        ):
            assert text and text == text.strip()
            assert "{" not in text and "  " not in text and " ," not in text and " ." not in text
            assert text[0].isupper() or text[0] in "¡¿" or text[0].isdigit(), text


def test_the_same_seed_writes_the_same_texts():
    def texts(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [reason_text(language="sv", score=rng.randint(0, 10), rng=rng) for _ in range(50)]

    assert texts(1) == texts(1)
    assert texts(1) != texts(2)


def test_an_office_with_long_queues_hears_about_waiting_times():
    def share_about_waiting(complaints: dict[str, float] | None) -> float:
        rng = random.Random(17)
        texts = [
            reason_text(language="en", score=3, rng=rng, complaints=complaints) for _ in range(300)
        ]
        return sum("slot" in t or "waiting time" in t for t in texts) / len(texts)

    assert share_about_waiting({"waiting": 6.0}) > share_about_waiting(None) + 0.2


def test_some_texts_have_typos_or_a_word_of_another_language():
    rng = random.Random(19)
    texts = [reason_text(language="en", score=10, rng=rng) for _ in range(1000)]
    assert any(t.endswith("Kiitos!") for t in texts)
    vocabulary = set()
    for score in range(11):
        probe = random.Random(score)
        for _ in range(300):
            vocabulary.update(words(reason_text(language="en", score=score, rng=probe)))
    # A typo makes a word no template holds; few texts have one.
    misspelt = [t for t in texts if any(w not in vocabulary for w in words(t))]
    assert 0 < len(misspelt) < 150
