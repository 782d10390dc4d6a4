"""Few-shot learning from a small, hand-written example set owned by this repository."""

from __future__ import annotations

import numpy as np
import pytest

from earful.text import Example, Taxonomy, Theme
from earful.text.fast import FastEngine
from earful.text.learning import ThemeModel, fit_themes

TEN_PER_THEME = {
    "delivery": [
        "The parcel arrived three days late.",
        "Delivery took forever.",
        "My order was never delivered.",
        "The courier left the package at the wrong door.",
        "Shipping was slow this time.",
        "Toimitus myöhästyi viikolla.",
        "Paketti tuli perille nopeasti.",
        "Leveransen kom en vecka för sent.",
        "Fast shipping, arrived the next day.",
        "The tracking link never updated and the box came late.",
    ],
    "staff": [
        "The shop assistant was very friendly.",
        "Staff were rude and unhelpful.",
        "The salesperson knew the products well.",
        "Nobody at the counter greeted us.",
        "The cashier was patient with my questions.",
        "Myyjä oli todella ystävällinen.",
        "Henkilökunta ei auttanut ollenkaan.",
        "Personalen var trevlig och hjälpsam.",
        "The employee helped me find the right size.",
        "Great advice from the woman at the desk.",
    ],
    "price": [
        "Far too expensive for what you get.",
        "Prices went up again.",
        "Good value for money.",
        "Cheaper than the other shops.",
        "The discount was not applied at checkout.",
        "Hinnat ovat liian korkeat.",
        "Halpa ja hyvä.",
        "Priset var för högt.",
        "I was overcharged on my bill.",
        "Affordable prices and fair offers.",
    ],
}

UNSEEN = [
    ("The package came a week late and the courier never called.", "delivery"),
    ("My parcel still hasn't been delivered.", "delivery"),
    ("Lähetys saapui nopeasti.", "delivery"),
    ("The staff member at the till was so friendly.", "staff"),
    ("The assistant was rude to my mother.", "staff"),
    ("Myyjä osasi neuvoa hyvin.", "staff"),
    ("Everything is so expensive now.", "price"),
    ("Great prices, much cheaper than online.", "price"),
    ("Hinnat nousivat taas.", "price"),
]


def taxonomy() -> Taxonomy:
    themes = (
        Theme("delivery", "Delivery", "Shipping, couriers, parcels arriving late or on time"),
        Theme("staff", "Staff", "How the employees in the shop treated the customer"),
        Theme("price", "Price", "Prices, value for money, discounts, bills"),
    )
    examples = tuple(
        Example(text, themes=frozenset({key}))
        for key, texts in TEN_PER_THEME.items()
        for text in texts
    ) + (
        Example("Nice weather today.", themes=frozenset()),
        Example("I go there every Saturday.", themes=frozenset()),
    )
    return Taxonomy(themes=themes, examples=examples)


def test_ten_examples_per_theme_are_enough_to_find_themes_in_unseen_texts():
    analyser = FastEngine().prepare(taxonomy())
    results = analyser.analyse([text for text, _ in UNSEEN])
    right = sum(
        bool(r.themes) and r.themes[0].key == key
        for r, (_, key) in zip(results, UNSEEN, strict=True)
    )
    assert right >= 7, [(r.themes, key) for r, (_, key) in zip(results, UNSEEN, strict=True)]


def test_a_text_about_nothing_in_the_taxonomy_gets_no_theme():
    analyser = FastEngine().prepare(taxonomy())
    (result,) = analyser.analyse(["We came by bus on a sunny Sunday."])
    assert result.themes == ()


def test_theme_names_and_example_phrases_alone_give_a_start():
    themes = (
        Theme("parking", "Parking", "Car park, parking spaces", examples=("no parking spaces",)),
        Theme("opening", "Opening hours", "When the shop is open", examples=("open on sundays",)),
    )
    analyser = FastEngine().prepare(Taxonomy(themes=themes))
    (parking, opening) = analyser.analyse(
        ["There were no parking spaces left.", "Please open on Sundays too."]
    )
    assert parking.themes[0].key == "parking"
    assert opening.themes[0].key == "opening"


def test_corrections_change_the_result():
    base = taxonomy()
    text = "My loyalty card points were not added."
    before = FastEngine().prepare(base).analyse([text])[0]
    assert "price" not in {m.key for m in before.themes}
    corrected = Taxonomy(
        themes=base.themes,
        examples=base.examples
        + tuple(
            Example(t, themes=frozenset({"price"}))
            for t in ("Loyalty card points missing.", "The loyalty points never came.")
        ),
    )
    after = FastEngine().prepare(corrected).analyse([text])[0]
    assert after.themes and after.themes[0].key == "price"


def test_sentiment_corrections_are_learnt():
    texts = [f"Order {i} arrived as ordered." for i in range(12)]
    examples = tuple(
        Example(t, sentiment="positive" if i % 2 else "neutral") for i, t in enumerate(texts)
    )
    examples += tuple(
        Example(f"Order {i} arrived as ordered, meh.", sentiment="negative") for i in range(6)
    )
    analyser = FastEngine().prepare(Taxonomy(examples=examples))
    (result,) = analyser.analyse(["Order 99 arrived as ordered, meh."])
    assert result.sentiment == "negative"


def test_a_child_themes_examples_teach_its_parent():
    themes = (
        Theme("product", "Product"),
        Theme("fit", "Fit and size", parent="product"),
        Theme("staff", "Staff"),
    )
    examples = tuple(
        Example(t, themes=frozenset({"fit"}))
        for t in ("Runs small.", "Too tight at the waist.", "The size was wrong.")
    ) + tuple(
        Example(t, themes=frozenset({"staff"}))
        for t in ("Friendly staff.", "The assistant was rude.", "Helpful employee.")
    )
    analyser = FastEngine().prepare(Taxonomy(themes=themes, examples=examples))
    (result,) = analyser.analyse(["It runs small and the size is wrong."])
    assert {"fit", "product"} <= {m.key for m in result.themes}


def test_single_label_taxonomies_always_give_their_best_theme():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(40, 5)).astype(np.float32)
    labels = [frozenset({"a" if row[0] > 0 else "b"}) for row in features]
    model = fit_themes(features, labels, ["a", "b"])
    assert isinstance(model, ThemeModel)
    assert not model.multi_label
    predictions = model.predict(features)
    assert all(len(p) == 1 for p in predictions)
    right = sum(p[0][0] == next(iter(lab)) for p, lab in zip(predictions, labels, strict=True))
    assert right >= 36


@pytest.mark.parametrize("n_positive", [3, 30])
def test_thresholds_stay_sane_with_few_or_many_examples(n_positive):
    rng = np.random.default_rng(1)
    features = rng.normal(size=(60, 4)).astype(np.float32)
    labels = [frozenset({"x"}) if i < n_positive else frozenset() for i in range(60)]
    features[:n_positive, 0] += 3
    model = fit_themes(features, labels, ["x"])
    assert 0.15 <= float(model.thresholds[0]) <= 0.85


def test_multi_label_taxonomies_whose_examples_all_have_a_theme_always_give_one():
    rng = np.random.default_rng(2)
    features = rng.normal(size=(60, 4)).astype(np.float32)
    labels = [frozenset({"a"}) if row[0] > 0 else frozenset({"b"}) for row in features]
    labels[:5] = [frozenset({"a", "b"})] * 5  # several themes at once: multi-label
    model = fit_themes(features, labels, ["a", "b"])
    assert model.multi_label
    assert model.at_least_one
    assert all(model.predict(np.zeros((3, 4), np.float32)))


def test_an_example_with_no_theme_lets_texts_have_none():
    rng = np.random.default_rng(3)
    features = rng.normal(size=(60, 4)).astype(np.float32)
    labels = [frozenset({"a"}) if row[0] > 1 else frozenset() for row in features]
    model = fit_themes(features, labels, ["a"])
    assert not model.at_least_one


def test_cross_validation_chooses_the_regularisation_and_shifts_scores_for_macro_f1():
    rng = np.random.default_rng(4)
    centres = np.eye(3, dtype=np.float32) * 2
    sizes = (60, 20, 8)  # unbalanced, as complaint reasons are
    features = np.vstack([rng.normal(centres[k], 1.0, (n, 3)) for k, n in enumerate(sizes)])
    labels = [frozenset({key}) for key, n in zip("abc", sizes, strict=True) for _ in range(n)]
    model = fit_themes(features.astype(np.float32), labels, ["a", "b", "c"], c_grid=(0.1, 1.0))
    predicted = [p[0][0] for p in model.predict(features.astype(np.float32))]
    assert set(predicted) == {"a", "b", "c"}
    assert not model.at_least_one  # single-label: the best theme is given anyway
