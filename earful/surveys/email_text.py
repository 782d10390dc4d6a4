"""The invitation and reminder emails' sentences in every language Earful ships.

Whole sentences, one dict per language, so a translator sees each sentence entire.
The question itself comes from `wording.question_text` (a program may override it).
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "A quick question from {site_name}",
        "reminder_subject": "Reminder: a quick question from {site_name}",
        "greeting": "Hello {name},",
        "intro": "We would value your opinion. It takes one click.",
        "reminder_intro": "A few days ago we asked for your opinion. One click is enough.",
        "choose": "Choose a number from 0 to 10:",
        "low": "Not at all likely",
        "high": "Extremely likely",
        "open": "Or open the survey:",
        "unsubscribe": "Do not send me surveys",
        "why": "You receive this email because you are a customer of {site_name}.",
    },
    "fi": {
        "subject": "Lyhyt kysymys: {site_name}",
        "reminder_subject": "Muistutus: lyhyt kysymys, {site_name}",
        "greeting": "Hei {name},",
        "intro": "Arvostaisimme mielipidettäsi. Vastaaminen vie yhden klikkauksen.",
        "reminder_intro": "Pyysimme muutama päivä sitten mielipidettäsi. Yksi klikkaus riittää.",
        "choose": "Valitse luku 0–10:",
        "low": "Erittäin epätodennäköisesti",
        "high": "Erittäin todennäköisesti",
        "open": "Tai avaa kysely:",
        "unsubscribe": "Älä lähetä minulle kyselyitä",
        "why": "Saat tämän viestin, koska olet yrityksen {site_name} asiakas.",
    },
    "sv": {
        "subject": "En snabb fråga från {site_name}",
        "reminder_subject": "Påminnelse: en snabb fråga från {site_name}",
        "greeting": "Hej {name},",
        "intro": "Vi skulle uppskatta din åsikt. Det tar ett klick.",
        "reminder_intro": "För några dagar sedan bad vi om din åsikt. Ett klick räcker.",
        "choose": "Välj ett tal från 0 till 10:",
        "low": "Inte alls sannolikt",
        "high": "Mycket sannolikt",
        "open": "Eller öppna enkäten:",
        "unsubscribe": "Skicka inga fler enkäter till mig",
        "why": "Du får detta mejl eftersom du är kund hos {site_name}.",
    },
    "de": {
        "subject": "Eine kurze Frage von {site_name}",
        "reminder_subject": "Erinnerung: eine kurze Frage von {site_name}",
        "greeting": "Hallo {name},",
        "intro": "Ihre Meinung ist uns wichtig. Es dauert nur einen Klick.",
        "reminder_intro": "Vor ein paar Tagen haben wir Sie um Ihre Meinung gebeten. "
        "Ein Klick genügt.",
        "choose": "Wählen Sie eine Zahl von 0 bis 10:",
        "low": "Überhaupt nicht wahrscheinlich",
        "high": "Äußerst wahrscheinlich",
        "open": "Oder öffnen Sie die Umfrage:",
        "unsubscribe": "Keine Umfragen mehr senden",
        "why": "Sie erhalten diese E-Mail, weil Sie Kunde von {site_name} sind.",
    },
    "es": {
        "subject": "Una pregunta rápida de {site_name}",
        "reminder_subject": "Recordatorio: una pregunta rápida de {site_name}",
        "greeting": "Hola {name}:",
        "intro": "Nos gustaría conocer su opinión. Solo hace falta un clic.",
        "reminder_intro": "Hace unos días le pedimos su opinión. Basta con un clic.",
        "choose": "Elija un número del 0 al 10:",
        "low": "Nada probable",
        "high": "Muy probable",
        "open": "O abra la encuesta:",
        "unsubscribe": "No enviarme más encuestas",
        "why": "Recibe este correo porque es cliente de {site_name}.",
    },
}


def email_texts(language: str, **values: str) -> dict[str, str]:
    """The language's sentences (English when unknown), with `{placeholders}` filled."""
    texts = TEXTS.get(language) or TEXTS["en"]
    return {key: text.format(**values) for key, text in texts.items()}
