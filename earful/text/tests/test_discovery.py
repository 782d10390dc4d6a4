"""Discovery: planted clusters in a small hand-written set are found and named by their
key phrases, with any engine's vectors. No database."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from earful.text.discovery import discover, key_phrases
from earful.text.stopwords import STOP_WORDS

# Hand-written feedback about three things a hotel's taxonomy lacks (not dataset text).
PLANTED = {
    "parking": [
        "The parking garage was full when we arrived",
        "Parking costs 40 euros a night, far too much",
        "No parking spaces left after six pm",
        "The car park entrance is hard to find",
        "We had to leave the car on the street, the parking was full",
        "Parking fees were not mentioned when booking",
        "Valet parking took forty minutes to bring our car",
        "The parking garage is dark and feels unsafe",
    ],
    "wifi": [
        "The wifi kept dropping in our room",
        "Wifi was too slow to join a video call",
        "Could not connect to the wifi at all",
        "The wifi password at reception did not work",
        "Internet in the room was painfully slow, the wifi is useless",
        "Wifi only worked in the lobby",
        "Paid extra for premium wifi and it still kept disconnecting",
        "The wifi signal is weak on the upper floors",
    ],
    "breakfast": [
        "Breakfast ran out of eggs by eight",
        "The breakfast buffet was cold and stale",
        "Great coffee at breakfast but no gluten free bread",
        "Breakfast room was crowded and noisy",
        "The breakfast should start earlier than seven",
        "Fresh fruit at breakfast was lovely",
        "Breakfast was not included although the booking said so",
        "Long queue for the breakfast omelette station",
    ],
}
TEXTS = [t for texts in PLANTED.values() for t in texts]
TRUTH = [topic for topic, texts in PLANTED.items() for _ in texts]


def tfidf_vectors(texts):
    matrix = TfidfVectorizer(
        stop_words=sorted(w for w in STOP_WORDS if w.isalpha()), token_pattern=r"(?u)\b\w+\b"
    ).fit_transform(texts)
    return np.asarray(matrix.todense(), dtype=np.float32)


def check_planted(proposals):
    assert len(proposals) == 3
    found = {}
    for proposal in proposals:
        topics = {TRUTH[i] for i in proposal.members}
        assert len(topics) == 1, f"{proposal.label} mixes {topics}"
        (topic,) = topics
        found[topic] = proposal
    assert set(found) == set(PLANTED)
    for topic, proposal in found.items():
        assert proposal.size == len(PLANTED[topic])
        assert any(topic in phrase for phrase in proposal.key_phrases), proposal.key_phrases
        assert topic in proposal.label
        assert proposal.examples and all(e in PLANTED[topic] for e in proposal.examples)


def test_it_finds_planted_clusters_in_embedding_vectors():
    from earful.text.embedding import EmbeddingEngine

    vectors = EmbeddingEngine().vectorise(TEXTS)
    check_planted(discover(TEXTS, vectors, min_size=4, n_clusters=3))


def test_it_chooses_the_number_of_clusters_itself():
    from earful.text.embedding import EmbeddingEngine

    vectors = EmbeddingEngine().vectorise(TEXTS)
    check_planted(discover(TEXTS, vectors, min_size=4, max_clusters=6))


def test_it_works_with_any_vectors():
    check_planted(discover(TEXTS, tfidf_vectors(TEXTS), min_size=4, n_clusters=3))


def test_it_is_deterministic():
    vectors = tfidf_vectors(TEXTS)
    first = discover(TEXTS, vectors, min_size=4, max_clusters=6, seed=3)
    again = discover(TEXTS, vectors, min_size=4, max_clusters=6, seed=3)
    assert first == again


def test_small_clusters_are_not_proposed():
    vectors = tfidf_vectors(TEXTS)
    assert discover(TEXTS, vectors, min_size=9, n_clusters=3) == []


def test_too_few_texts_give_no_proposal():
    assert discover(TEXTS[:3], tfidf_vectors(TEXTS[:3]), min_size=2) == []


def test_empty_texts_and_zero_vectors_are_left_out():
    texts = [*TEXTS, "", "😀", "   "]
    vectors = np.vstack([tfidf_vectors(TEXTS), np.zeros((3, tfidf_vectors(TEXTS).shape[1]))])
    proposals = discover(texts, vectors.astype(np.float32), min_size=4, n_clusters=3)
    members = {i for p in proposals for i in p.members}
    assert members.isdisjoint({len(TEXTS), len(TEXTS) + 1, len(TEXTS) + 2})


def test_it_needs_a_vector_per_text():
    with pytest.raises(ValueError, match="one vector per text"):
        discover(TEXTS, tfidf_vectors(TEXTS)[:5])


def test_key_phrases_skip_stop_words_in_every_language():
    groups = [
        ["Der Parkplatz ist zu klein", "Der Parkplatz war voll und der Parkplatz teuer"],
        ["La piscina está fría", "La piscina es pequeña y la piscina sucia"],
    ]
    phrases = key_phrases(groups, top=1)
    assert phrases == [["parkplatz"], ["piscina"]]


def test_a_phrase_said_once_does_not_name_a_cluster():
    groups = [["slow wifi", "slow wifi again", "wifi down", "zebra"]]
    (phrases,) = key_phrases(groups)
    assert "zebra" not in phrases
    assert phrases[0] == "wifi"
