from __future__ import annotations

import numpy as np
import pytest

from earful.text import Analysis, Example, Taxonomy, Theme, analyse, get_engine
from earful.text.fast import FastEngine


@pytest.fixture(scope="module")
def analyser():
    return FastEngine().prepare(Taxonomy())


def test_engines_are_chosen_by_name():
    assert isinstance(get_engine("fast"), FastEngine)
    assert get_engine("fast").name == "fast"
    with pytest.raises(ValueError, match="unknown text engine"):
        get_engine("psychic")


def test_it_gives_one_analysis_per_text_in_order(analyser):
    texts = ["Great service, thank you!", "", "Terrible, the order never arrived."]
    results = analyser.analyse(texts)
    assert [type(r) for r in results] == [Analysis] * 3
    assert results[0].sentiment == "positive"
    assert results[2].sentiment == "negative"
    assert analyser.analyse([]) == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t \u00a0", "<p></p>", "12345"])
def test_empty_and_whitespace_texts_are_neutral_and_undetermined(analyser, text):
    (result,) = analyser.analyse([text])
    assert result.language == "und"
    assert result.sentiment == "neutral"
    assert result.sentiment_score == 0.0
    assert result.themes == result.opportunities == result.names == ()


def test_emoji_only_texts_carry_the_emojis_sentiment(analyser):
    happy, angry = analyser.analyse(["😍😍👍", "😡👎"])
    assert happy.language == angry.language == "und"
    assert happy.sentiment == "positive"
    assert angry.sentiment == "negative"


def test_a_ten_thousand_character_text_is_analysed(analyser):
    text = ("The staff were lovely and the room was clean. " * 220)[:10_000]
    (result,) = analyser.analyse([text])
    assert result.language == "en"
    assert result.sentiment == "positive"


def test_html_markup_does_not_change_the_reading(analyser):
    plain, marked = analyser.analyse(
        [
            "The delivery was late and the box was broken.",
            "<div><p>The <b>delivery</b> was late</p><p>and the box was broken.</p></div>",
        ]
    )
    assert plain.sentiment == marked.sentiment == "negative"
    assert marked.language == "en"


def test_a_mixed_language_text_is_read(analyser):
    (result,) = analyser.analyse(
        ["Erittäin hyvä palvelu ja ystävällinen henkilökunta. Thank you Anna, great job!"]
    )
    assert result.language == "fi"
    assert result.sentiment == "positive"
    assert result.names == ("Anna",)


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Absolutely love this shop, the staff are wonderful.", "positive"),
        ("Worst experience ever, rude staff and I waited two hours.", "negative"),
        ("Loistava palvelu, kiitos!", "positive"),
        ("Todella huono palvelu, olen pettynyt.", "negative"),
        ("Jättebra service, tack!", "positive"),
        ("Dålig service och lång väntetid, mycket besviken.", "negative"),
        ("Sehr freundliches Personal, alles super!", "positive"),
        ("Schlechter Service, ich bin sehr enttäuscht.", "negative"),
        ("Excelente servicio, muy amables.", "positive"),
        ("Pésimo servicio, muy decepcionado.", "negative"),
        ("Heerlijk gegeten en vriendelijke bediening.", "positive"),
        ("Slechte service, erg teleurgesteld.", "negative"),
    ],
)
def test_clear_sentiment_is_read_in_each_language(analyser, text, sentiment):
    (result,) = analyser.analyse([text])
    assert result.sentiment == sentiment


def test_scores_are_ordered_with_sentiment(analyser):
    good, bad = analyser.analyse(["Excellent, thank you so much!", "Awful. Never again."])
    assert -1 <= bad.sentiment_score < 0 < good.sentiment_score <= 1


def test_opportunities_and_names_come_through(analyser):
    (result,) = analyser.analyse(["Anna was great. I wish you also offered home delivery."])
    assert result.opportunities == ("I wish you also offered home delivery.",)
    assert result.names == ("Anna",)


def test_the_score_aware_option_moves_an_unclear_text():
    taxonomy = Taxonomy(use_scores=True)
    analyser = FastEngine().prepare(taxonomy)
    text = "It was the usual visit."
    low, high = analyser.analyse([text, text], [0, 10])
    assert low.sentiment_score < high.sentiment_score


def test_the_package_level_analyse_uses_the_fast_engine_by_default():
    (result,) = analyse(["Great!"])
    assert result.sentiment == "positive"


def test_vectorise_gives_unit_rows_that_group_similar_texts():
    rows = FastEngine().vectorise(
        ["the delivery was late", "late delivery again", "friendly staff", ""]
    )
    assert rows.shape == (4, 2048)
    assert rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0, atol=1e-5)
    assert float(rows[0] @ rows[1]) > float(rows[0] @ rows[2])


def test_themes_carry_their_own_sentiment():
    themes = (
        Theme("food", "Food", examples=("the food", "tasty dishes", "the meal")),
        Theme("service", "Service", examples=("the service", "the waiter", "the staff")),
    )
    examples = tuple(
        Example(text, themes=frozenset(keys))
        for text, keys in [
            ("The food was delicious.", {"food"}),
            ("Tasty dishes and a great meal.", {"food"}),
            ("The pasta was cold.", {"food"}),
            ("The soup was bland.", {"food"}),
            ("The waiter was rude.", {"service"}),
            ("Friendly staff and quick service.", {"service"}),
            ("We waited ages for the waiter.", {"service"}),
            ("The staff were lovely.", {"service"}),
            ("Nice place, we went on Sunday.", set()),
            ("We came by car.", set()),
        ]
    )
    analyser = FastEngine().prepare(Taxonomy(themes=themes, examples=examples))
    (result,) = analyser.analyse(["The food was absolutely delicious but the waiter was rude."])
    by_key = {m.key: m for m in result.themes}
    assert set(by_key) == {"food", "service"}
    assert by_key["food"].sentiment == "positive"
    assert by_key["service"].sentiment == "negative"


def test_empty_batches_give_empty_results():
    assert FastEngine().vectorise([]).shape == (0, 2048)
    assert FastEngine().prepare(Taxonomy()).analyse([]) == []


def test_one_ten_thousand_letter_word_is_survived(analyser):
    (result,) = analyser.analyse(["x" * 10_000])
    assert result.themes == ()
    assert result.sentiment in ("negative", "neutral", "positive")
