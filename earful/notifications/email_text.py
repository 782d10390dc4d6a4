"""The notification emails' sentences, whole, one dict per language (like
`earful.surveys.email_text`). Unknown languages fall back to English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject_new_response": "New feedback: {score}/10 from {customer}",
        "subject_case_opened": "Follow-up case: {score}/10 from {customer}",
        "subject_case_escalated": "Past its SLA: {score}/10 from {customer}",
        "subject_kudos": "Kudos from {customer}",
        "subject_digest": "Your feedback digest: {count} new",
        "greeting": "Hello {name},",
        "intro_one": "There is new feedback you should know about.",
        "intro_digest": "Here is what happened since your last digest.",
        "why": "Why you",
        "score": "Score",
        "customer": "Customer",
        "unit": "Unit",
        "comment": "Comment",
        "open": "Open your inbox",
        "walk_in": "a walk-in customer",
        "settings": "Change how you are notified",
    },
    "fi": {
        "subject_new_response": "Uutta palautetta: {score}/10, {customer}",
        "subject_case_opened": "Seurantatapaus: {score}/10, {customer}",
        "subject_case_escalated": "Määräaika ylittyi: {score}/10, {customer}",
        "subject_kudos": "Kiitoksia asiakkaalta {customer}",
        "subject_digest": "Palautekoosteesi: {count} uutta",
        "greeting": "Hei {name},",
        "intro_one": "Sinulle on uutta palautetta.",
        "intro_digest": "Tässä on, mitä edellisen koosteen jälkeen on tullut.",
        "why": "Miksi sinulle",
        "score": "Arvosana",
        "customer": "Asiakas",
        "unit": "Yksikkö",
        "comment": "Kommentti",
        "open": "Avaa saapuneet",
        "walk_in": "asiakas paikan päällä",
        "settings": "Muuta ilmoitusasetuksia",
    },
    "sv": {
        "subject_new_response": "Ny feedback: {score}/10 från {customer}",
        "subject_case_opened": "Uppföljningsärende: {score}/10 från {customer}",
        "subject_case_escalated": "Tidsgränsen passerad: {score}/10 från {customer}",
        "subject_kudos": "Beröm från {customer}",
        "subject_digest": "Din sammanfattning: {count} nya",
        "greeting": "Hej {name},",
        "intro_one": "Det finns ny feedback som du bör känna till.",
        "intro_digest": "Det här har hänt sedan din senaste sammanfattning.",
        "why": "Varför du",
        "score": "Betyg",
        "customer": "Kund",
        "unit": "Enhet",
        "comment": "Kommentar",
        "open": "Öppna inkorgen",
        "walk_in": "en besökande kund",
        "settings": "Ändra hur du meddelas",
    },
}


def texts(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])
