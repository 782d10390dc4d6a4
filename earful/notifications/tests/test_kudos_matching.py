"""Finding employees' names in praise: typos, nicknames, inflection, genitives."""

from __future__ import annotations

import pytest

from earful.notifications.kudos_matching import (
    Candidate,
    Mention,
    base_forms,
    edit_distance,
    find_mentions,
)

ANNA = Candidate(1, "Anna", "Virtanen")
MIKKO = Candidate(2, "Mikko", "Korhonen")
PEKKA = Candidate(3, "Pekka", "Nieminen")
HEIKKI = Candidate(4, "Heikki", "Mäkinen")
ANTTI = Candidate(5, "Antti", "Laine")
JUKKA = Candidate(6, "Jukka", "Heikkinen")
LAURA = Candidate(7, "Laura", "Koskinen")
LARS = Candidate(8, "Lars", "Johansson")
KATARIINA = Candidate(9, "Katariina", "Järvinen")
ROBERT = Candidate(10, "Robert", "Smith")
GRETA = Candidate(11, "Greta", "Lindqvist")
FRANCISCO = Candidate(12, "Francisco", "García")
ALEKSANTERI = Candidate(13, "Aleksanteri", "Lehtonen")
STAFF = [
    ANNA,
    MIKKO,
    PEKKA,
    HEIKKI,
    ANTTI,
    JUKKA,
    LAURA,
    LARS,
    KATARIINA,
    ROBERT,
    GRETA,
    FRANCISCO,
    ALEKSANTERI,
]


def who(mentions: list[Mention]) -> list[str]:
    return [m.candidate.first_name if m.candidate else f"?{m.text}" for m in mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana was very helpful.", "Anna"),
        ("Anne was very helpful.", "Anna"),
        ("Thanks, Miko was super friendly!", "Mikko"),
        ("The service from Laure was excellent.", "Laura"),
        ("Mr Korhonenn was very professional.", "Mikko"),
    ],
)
def test_it_matches_misspelled_names(text: str, expected: str) -> None:
    assert who(find_mentions(text, STAFF)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iso kiitos Annalle avusta!", "Anna"),
        ("Kiitos Mikolle, todella avulias palvelu.", "Mikko"),
        ("Pekalle kiitos, asiantunteva palvelu.", "Pekka"),
        ("Heikille iso kiitos!", "Heikki"),
        ("Kiitos Antille ja hyvä palvelu.", "Antti"),
        ("Kiitos Jukalle.", "Jukka"),
        ("Lauralle kiitos ystävällisestä palvelusta.", "Laura"),
        ("Annan palvelu oli ystävällistä.", "Anna"),
        ("Mikon neuvot olivat asiantuntevia.", "Mikko"),
        ("Pekan ansiosta kaikki sujui, kiitos.", "Pekka"),
        ("Olin tyytyväinen Annaan, mukava palvelu.", "Anna"),
        ("Sain apua Annasta, kiitos.", "Anna"),
        ("Sain apua Heikiltä, kiitos.", "Heikki"),
    ],
)
def test_it_matches_finnish_inflected_names(text: str, expected: str) -> None:
    assert who(find_mentions(text, STAFF)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Annas hjälp var fantastisk, tack!", "Anna"),
        ("Lars's help was great.", "Lars"),
        ("Lars' advice was helpful.", "Lars"),
        ("Annas Beratung war sehr freundlich.", "Anna"),
        ("Tack till Lars, mycket trevlig!", "Lars"),
    ],
)
def test_it_matches_swedish_and_german_genitives(text: str, expected: str) -> None:
    assert who(find_mentions(text, STAFF)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kati oli tosi avulias!", "Katariina"),
        ("Bob was very helpful.", "Robert"),
        ("Thanks to Rob, great service.", "Robert"),
        ("Greta var hjälpsam.", "Greta"),
        ("Paco fue muy amable, gracias.", "Francisco"),
        ("Aleksi oli asiantunteva.", "Aleksanteri"),
    ],
)
def test_it_matches_nicknames_and_short_forms(text: str, expected: str) -> None:
    assert who(find_mentions(text, STAFF)) == [expected]


def test_a_name_that_matches_nobody_after_thanks_is_kept_unmatched() -> None:
    mentions = find_mentions("Thanks to Zygmunt, everything worked.", STAFF)
    assert [(m.text, m.candidate) for m in mentions] == [("Zygmunt", None)]
    assert who(find_mentions("Kiitos Tuulikille!", STAFF)) == ["?Tuulikille"]
    assert who(find_mentions("Gracias a Ximena.", STAFF)) == ["?Ximena"]
    assert who(find_mentions("Dank an Wolfram!", STAFF)) == ["?Wolfram"]


@pytest.mark.parametrize(
    "text",
    [
        "Great job, everyone was friendly.",
        "Monday was a great day at the store.",
        "Excellent service in Helsinki, thank you.",
        "Thanks! Great team.",
        "All staff were great.",
        "Kiitos hyvästä palvelusta!",
        "The shop in Oulu is nice.",
    ],
)
def test_ordinary_capitalised_words_are_no_names(text: str) -> None:
    assert find_mentions(text, STAFF) == []


def test_the_same_person_named_twice_is_one_mention() -> None:
    text = "Anna was helpful. Later Anna called back, thanks Annalle!"
    mentions = find_mentions(text, STAFF)
    assert who(mentions) == ["Anna"]


def test_two_people_in_one_answer_are_two_mentions() -> None:
    assert sorted(who(find_mentions("Anna and Mikko were both great.", STAFF))) == [
        "Anna",
        "Mikko",
    ]


def test_a_first_and_last_name_settle_which_of_two_namesakes_is_meant() -> None:
    other_anna = Candidate(20, "Anna", "Lahtinen")
    mentions = find_mentions("Anna Lahtinen was helpful.", [ANNA, other_anna])
    assert [(m.text, m.candidate) for m in mentions] == [("Anna Lahtinen", other_anna)]


def test_namesakes_without_a_last_name_keep_the_name_but_guess_nobody() -> None:
    other_anna = Candidate(20, "Anna", "Lahtinen")
    mentions = find_mentions("Anna was helpful.", [ANNA, other_anna])
    assert [(m.text, m.candidate) for m in mentions] == [("Anna", None)]


def test_the_customers_own_contact_wins_a_tie_between_namesakes() -> None:
    own = Candidate(20, "Anna", "Lahtinen", preferred=True)
    assert find_mentions("Anna was helpful.", [ANNA, own])[0].candidate == own


def test_a_name_in_a_complaint_is_no_kudos() -> None:
    assert find_mentions("Anna was rude and slow.", STAFF) == []
    assert find_mentions("Anna was not helpful.", STAFF) == []
    assert find_mentions("Mikko ei ollut avulias.", STAFF) == []


def test_a_promoters_answer_counts_as_praise_throughout() -> None:
    assert who(find_mentions("Anna sorted it out.", STAFF, score=9)) == ["Anna"]
    assert find_mentions("Anna sorted it out.", STAFF, score=6) == []


def test_an_exact_match_is_surer_than_a_typo() -> None:
    exact = find_mentions("Anna was helpful.", STAFF)[0]
    typo = find_mentions("Ana was helpful.", STAFF)[0]
    inflected = find_mentions("Kiitos Annalle!", STAFF)[0]
    assert exact.confidence == 1.0
    assert typo.confidence < inflected.confidence < exact.confidence


def test_base_forms_undo_gradation_and_case_endings() -> None:
    assert "mikko" in base_forms("Mikolle")
    assert "pekka" in base_forms("Pekan")
    assert "anna" in base_forms("Annasta")
    assert base_forms("Anna")["anna"] == 0.0


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    assert edit_distance("anna", "anan") == 1
    assert edit_distance("mikko", "miko") == 1
    assert edit_distance("anna", "robert", limit=2) == 3
