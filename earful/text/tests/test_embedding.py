"""The embedding engine: the ONNX model the package ships, a model folder of one's own,
batching, awkward texts, and themes learnt from a handful of examples. No database."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from earful.text import Example, Taxonomy, Theme, get_engine
from earful.text.embedding import SHIPPED_HEAD, EmbeddingEngine
from earful.text.onnx_encoder import SHIPPED_TOKENIZER, ModelNotFound, shipped_model_files


@pytest.fixture(scope="module")
def engine() -> EmbeddingEngine:
    return EmbeddingEngine()


@pytest.fixture
def model_folder(tmp_path: Path) -> Path:
    """A model folder laid out as an operator would download one."""
    folder = tmp_path / "my-model"
    folder.mkdir()
    shutil.copy(shipped_model_files().model, folder / "model.onnx")
    shutil.copy(SHIPPED_TOKENIZER, folder / "tokenizer.json")
    return folder


def test_it_loads_the_model_the_package_ships(engine):
    vectors = engine.vectorise(["The staff were lovely"])
    assert vectors.shape == (1, 384)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)


def test_it_is_chosen_by_name():
    assert get_engine("embedding").name == "embedding"


def test_it_loads_a_model_from_a_folder_and_gives_the_same_vectors(engine, model_folder):
    own = EmbeddingEngine(model_path=str(model_folder))
    texts = ["Delivery took three weeks", "Great value for money"]
    assert np.allclose(own.vectorise(texts), engine.vectorise(texts), atol=1e-5)


def test_a_folder_model_uses_the_shipped_head_only_when_it_is_the_same_model(model_folder):
    analyser = EmbeddingEngine(model_path=str(model_folder)).prepare(Taxonomy())
    assert (analyser.head is not None) == SHIPPED_HEAD.exists()


def test_a_folder_without_the_model_names_the_missing_file(model_folder):
    (model_folder / "model.onnx").unlink()
    with pytest.raises(ModelNotFound, match="model.onnx"):
        EmbeddingEngine(model_path=str(model_folder))


def test_a_folder_without_the_tokenizer_names_the_missing_file(model_folder):
    (model_folder / "tokenizer.json").unlink()
    with pytest.raises(ModelNotFound, match="tokenizer.json"):
        EmbeddingEngine(model_path=str(model_folder))


def test_a_folder_that_does_not_exist_says_so(tmp_path):
    with pytest.raises(ModelNotFound, match="does not exist"):
        EmbeddingEngine(model_path=str(tmp_path / "nowhere"))


def test_batching_gives_the_same_vectors_as_one_by_one(engine):
    texts = [
        "ok",
        "The app crashes every time I open my invoices, please fix it",
        "Kiitos nopeasta palvelusta!",
        "Wait times on the phone are far too long and nobody calls back " * 3,
        "Bra service",
        "ok",
    ]
    together = engine.vectorise(texts)
    alone = np.vstack([engine.vectorise([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert np.array_equal(together[0], together[5])


def test_token_maxima_come_from_the_same_run_in_batches_and_alone(engine):
    texts = ["The waiter was rude", "Lovely food " * 80, "The waiter was rude", "ok"]
    vectors, salient = engine.encoder.encode_views(texts)
    assert salient is not None and salient.shape == vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(salient, axis=1), 1.0, atol=1e-5)
    assert np.allclose(vectors, engine.vectorise(texts), atol=1e-5)
    alone = np.vstack([engine.encoder.encode_views([t])[1] for t in texts])
    assert np.allclose(salient, alone, atol=1e-4)
    assert np.array_equal(salient[0], salient[2])
    # The maximum is not the mean: a salient word keeps its own direction.
    assert not np.allclose(salient, vectors, atol=1e-2)


def test_token_maxima_of_no_texts_are_empty(engine):
    vectors, salient = engine.encoder.encode_views([])
    assert vectors.shape == (0, 384)
    assert salient is not None and salient.shape == (0, 384)


def test_similar_complaints_lie_closer_than_unrelated_texts(engine):
    late, delayed, price = engine.vectorise(
        ["My flight was delayed by four hours", "The plane left very late", "Prices went up"]
    )
    assert late @ delayed > late @ price


def test_awkward_texts_are_analysed_without_error(engine):
    texts = [
        "",
        "   \n\t ",
        "😀😀🙏",
        "<p>The <b>checkout</b> page&nbsp;broke</p><script>alert(1)</script>",
        "Great service! " * 700,  # 10,500 characters
        "Service was great, mutta hinta oli liian kallis.",
    ]
    analyser = engine.prepare(Taxonomy())
    results = analyser.analyse(texts)
    assert len(results) == len(texts)
    for result in results[:3]:
        assert result.language == "und"
        assert result.themes == ()
    assert results[0].sentiment == results[1].sentiment == "neutral"
    assert results[2].sentiment != "negative"  # emoji are read by the lexicon
    assert results[4].sentiment == "positive"
    vectors = engine.vectorise(texts)
    assert vectors.shape == (len(texts), 384)
    assert np.isfinite(vectors).all()


def test_markup_does_not_change_what_the_model_reads(engine):
    plain, marked = engine.vectorise(
        ["The checkout page broke", "<p>The <b>checkout</b> page broke</p>"]
    )
    assert plain @ marked > 0.99


def test_the_shipped_head_tells_praise_from_complaint(engine):
    if not SHIPPED_HEAD.exists():
        pytest.skip("no sentiment head trained yet (scripts/train_embedding_head.py)")
    results = engine.prepare(Taxonomy()).analyse(
        [
            "Absolutely wonderful staff, thank you so much!",
            "Worst customer service ever, I am furious.",
        ]
    )
    assert [r.sentiment for r in results] == ["positive", "negative"]
    assert results[0].sentiment_score > 0 > results[1].sentiment_score


THEMES = (
    Theme("delivery", "Delivery", "Shipping time and parcels", ("the parcel arrived late",)),
    Theme("price", "Price", "What things cost", ("too expensive",)),
    Theme("staff", "Staff", "How our people treated the customer", ("the staff were rude",)),
)
# Ten hand-written examples per theme (not dataset text).
EXAMPLES = {
    "delivery": [
        "my order took three weeks to arrive",
        "the courier left the box in the rain",
        "tracking said delivered but nothing came",
        "shipping was slow again",
        "package arrived damaged",
        "delivery date kept moving",
        "the parcel never showed up",
        "it came a week after the promised date",
        "the driver did not ring the bell",
        "waiting for my shipment for ages",
    ],
    "price": [
        "way too expensive for what you get",
        "prices went up again this year",
        "cheaper elsewhere",
        "the subscription costs too much",
        "hidden fees at checkout",
        "not worth the money",
        "good value for the price",
        "the discount was not applied",
        "I was overcharged on my bill",
        "your rates are higher than competitors",
    ],
    "staff": [
        "the cashier was very friendly",
        "the agent on the phone was rude to me",
        "your team member Anna went out of her way",
        "the staff ignored us",
        "helpful and polite employees",
        "the manager was dismissive",
        "the salesperson pushed too hard",
        "support person was patient and kind",
        "nobody at the desk knew anything",
        "the waiter was attentive",
    ],
}


def test_themes_are_learnt_from_ten_examples_each(engine):
    examples = tuple(
        Example(text, themes=frozenset({key})) for key, texts in EXAMPLES.items() for text in texts
    )
    analyser = engine.prepare(Taxonomy(themes=THEMES, examples=examples))
    results = analyser.analyse(
        [
            "The box showed up two weeks late",
            "Far too pricey, I found it for less at another shop",
            "The lady at the counter was so nice to my kids",
        ]
    )
    top = [r.themes[0].key if r.themes else None for r in results]
    assert top == ["delivery", "price", "staff"]
    for result in results:
        assert 0.0 <= result.themes[0].confidence <= 1.0


def test_each_theme_gets_the_sentiment_of_its_own_clause(engine):
    if not SHIPPED_HEAD.exists():
        pytest.skip("no sentiment head trained yet")
    examples = tuple(
        Example(text, themes=frozenset({key})) for key, texts in EXAMPLES.items() for text in texts
    ) + (
        # Corrections with two themes and with none make the taxonomy multi-label.
        Example("nice driver but the parcel came late", themes=frozenset({"staff", "delivery"})),
        Example("see you next year", themes=frozenset()),
    )
    analyser = engine.prepare(Taxonomy(themes=THEMES, examples=examples))
    (result,) = analyser.analyse(
        ["The staff were wonderful and so helpful, but the delivery was three weeks late."]
    )
    by_key = {m.key: m for m in result.themes}
    assert by_key["staff"].sentiment == "positive"
    assert by_key["delivery"].sentiment == "negative"


def test_corrections_change_the_sentiment_it_gives(engine):
    # A company whose customers call things "sick" in praise teaches the engine so.
    praise = [f"the new {thing} is sick" for thing in ("app", "menu", "store", "website", "shop")]
    examples = tuple(Example(t, sentiment="positive") for t in praise * 3) + tuple(
        Example(t, sentiment="negative")
        for t in ("I am sick of waiting", "rude staff", "broken again", "never again", "awful") * 3
    )
    before = engine.prepare(Taxonomy()).analyse(["the new checkout is sick"])[0]
    after = engine.prepare(Taxonomy(examples=examples)).analyse(["the new checkout is sick"])[0]
    assert after.sentiment == "positive"
    assert after.sentiment_score > before.sentiment_score


def test_scores_lean_the_sentiment_when_the_taxonomy_is_score_aware(engine):
    text = ["It was fine I guess"]
    plain = engine.prepare(Taxonomy()).analyse(text, [0])[0]
    aware = engine.prepare(Taxonomy(use_scores=True)).analyse(text, [0])[0]
    assert aware.sentiment_score < plain.sentiment_score


def test_language_opportunities_and_names_are_found(engine):
    (result,) = engine.prepare(Taxonomy()).analyse(
        ["The staff were great, especially Anna. I wish you also offered late check-out."]
    )
    assert result.language == "en"
    assert "Anna" in result.names
    assert any("wish" in o for o in result.opportunities)
