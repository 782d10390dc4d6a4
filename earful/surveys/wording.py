"""The questions' default wording in every language Earful ships."""

from __future__ import annotations

RECOMMEND = {
    "en": "How likely is it that you would recommend us to a friend or colleague?",
    "fi": "Kuinka todennäköisesti suosittelisit meitä ystävällesi tai kollegallesi?",
    "sv": "Hur sannolikt är det att du skulle rekommendera oss till en vän eller kollega?",
    "de": "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?",
    "es": "¿Qué probabilidad hay de que nos recomiende a un amigo o colega?",
}
REASON = {
    "en": "What are the reasons behind your assessment?",
    "fi": "Mitkä ovat arviosi syyt?",
    "sv": "Vilka är skälen till din bedömning?",
    "de": "Was sind die Gründe für Ihre Bewertung?",
    "es": "¿Cuáles son las razones de su valoración?",
}
LANGUAGES_WITH_WORDING = frozenset(RECOMMEND)


def question_text(wording: dict[str, dict[str, str]], language: str, key: str) -> str:
    """A program's own wording for the language, else Earful's default, else English."""
    defaults = {"recommend": RECOMMEND, "reason": REASON}[key]
    own = wording.get(language, {}).get(key)
    return own or defaults.get(language) or defaults["en"]
