"""The questions' default wording in every language Earful ships."""

from __future__ import annotations

from collections.abc import Mapping

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


def question_text(wording: Mapping[str, Mapping[str, str]], language: str, key: str) -> str:
    """A program's own wording for the language, else Earful's default, else English."""
    defaults = {"recommend": RECOMMEND, "reason": REASON, "csat": CSAT, "ces": CES}[key]
    own = wording.get(language, {}).get(key)
    return own or defaults.get(language) or defaults["en"]


# Optional questions beyond recommend and reason. Their customer-facing words live here,
# next to the two main questions, so a program in any shipped language needs no
# translation catalogue to ask them.
CSAT = {
    "en": "Overall, how satisfied are you with our service?",
    "fi": "Kuinka tyytyväinen olet kaiken kaikkiaan palveluumme?",
    "sv": "Hur nöjd är du överlag med vår service?",
    "de": "Wie zufrieden sind Sie insgesamt mit unserem Service?",
    "es": "En general, ¿qué tan satisfecho está con nuestro servicio?",
}
CSAT_ENDS = {
    "en": ("1 = very dissatisfied", "5 = very satisfied"),
    "fi": ("1 = erittäin tyytymätön", "5 = erittäin tyytyväinen"),
    "sv": ("1 = mycket missnöjd", "5 = mycket nöjd"),
    "de": ("1 = sehr unzufrieden", "5 = sehr zufrieden"),
    "es": ("1 = muy insatisfecho", "5 = muy satisfecho"),
}
CES = {
    "en": "How easy was it to get what you needed from us?",
    "fi": "Kuinka helppoa oli saada meiltä tarvitsemasi?",
    "sv": "Hur lätt var det att få det du behövde från oss?",
    "de": "Wie einfach war es, von uns zu bekommen, was Sie brauchten?",
    "es": "¿Qué tan fácil fue obtener de nosotros lo que necesitaba?",
}
CES_ENDS = {
    "en": ("1 = very difficult", "7 = very easy"),
    "fi": ("1 = erittäin vaikeaa", "7 = erittäin helppoa"),
    "sv": ("1 = mycket svårt", "7 = mycket lätt"),
    "de": ("1 = sehr schwierig", "7 = sehr einfach"),
    "es": ("1 = muy difícil", "7 = muy fácil"),
}
# SERVQUAL: each dimension is asked twice on a 1–7 scale, what an excellent company
# would offer (expectation) and what we offered (perception); the gap is the finding.
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
SERVQUAL = {
    "tangibles": {
        "en": "Modern equipment, and professional-looking staff and materials",
        "fi": "Nykyaikaiset välineet sekä ammattimaiselta näyttävä henkilöstö ja materiaalit",
        "sv": "Modern utrustning samt professionellt uppträdande personal och material",
        "de": "Moderne Ausstattung sowie professionell auftretende Mitarbeiter und Unterlagen",
        "es": "Equipos modernos, y personal y materiales de aspecto profesional",
    },
    "reliability": {
        "en": "Doing what was promised, correctly and on time",
        "fi": "Luvatun tekeminen oikein ja ajallaan",
        "sv": "Att göra det som lovats, korrekt och i tid",
        "de": "Das Versprochene korrekt und pünktlich erledigen",
        "es": "Hacer lo prometido, correctamente y a tiempo",
    },
    "responsiveness": {
        "en": "Prompt service and willingness to help",
        "fi": "Nopea palvelu ja halu auttaa",
        "sv": "Snabb service och vilja att hjälpa",
        "de": "Schneller Service und Hilfsbereitschaft",
        "es": "Servicio rápido y disposición a ayudar",
    },
    "assurance": {
        "en": "Knowledgeable, courteous staff you can trust",
        "fi": "Osaava ja kohtelias henkilöstö, johon voi luottaa",
        "sv": "Kunnig och artig personal som man kan lita på",
        "de": "Kompetente, höfliche Mitarbeiter, denen man vertrauen kann",
        "es": "Personal competente y cortés en quien se puede confiar",
    },
    "empathy": {
        "en": "Individual attention and understanding of your needs",
        "fi": "Yksilöllinen huomio ja tarpeidesi ymmärtäminen",
        "sv": "Individuell uppmärksamhet och förståelse för dina behov",
        "de": "Individuelle Aufmerksamkeit und Verständnis für Ihre Bedürfnisse",
        "es": "Atención individual y comprensión de sus necesidades",
    },
}
SERVQUAL_EXPECTATION = {
    "en": "How important is this in an excellent company?",
    "fi": "Kuinka tärkeää tämä on erinomaisessa yrityksessä?",
    "sv": "Hur viktigt är detta hos ett utmärkt företag?",
    "de": "Wie wichtig ist das bei einem ausgezeichneten Unternehmen?",
    "es": "¿Qué importancia tiene esto en una empresa excelente?",
}
SERVQUAL_PERCEPTION = {
    "en": "How well did we do this?",
    "fi": "Kuinka hyvin onnistuimme tässä?",
    "sv": "Hur väl lyckades vi med detta?",
    "de": "Wie gut ist uns das gelungen?",
    "es": "¿Qué tan bien lo hicimos?",
}
SERVQUAL_ENDS = {
    "en": ("1 = not at all", "7 = completely"),
    "fi": ("1 = ei lainkaan", "7 = täysin"),
    "sv": ("1 = inte alls", "7 = helt och hållet"),
    "de": ("1 = überhaupt nicht", "7 = voll und ganz"),
    "es": ("1 = en absoluto", "7 = completamente"),
}
OPTIONAL = {
    "en": "optional",
    "fi": "vapaaehtoinen",
    "sv": "frivillig",
    "de": "optional",
    "es": "opcional",
}
EXTRA_QUESTIONS = ("csat", "ces", *(f"servqual:{d}" for d in SERVQUAL_DIMENSIONS))


def localised[T](texts: dict[str, T], language: str) -> T:
    """The text in the language, else English."""
    return texts.get(language) or texts["en"]
