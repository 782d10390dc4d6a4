"""Every respondent hears back: an acknowledgement for each new answer.

A detractor is told that their answer was read and who will get back to them; a passive
is thanked; a promoter is thanked and, where the program has the links, invited to
refer a friend or leave a public review.

Once per response. The acknowledgement is recorded as an audit entry
("response.acknowledged"); a worker holds the response's row lock while it checks for
that entry, sends and records, so two workers never send it twice (on SQLite, which has
one writer, the check and the write cannot interleave with another worker's either).

Failures. A temporary SMTP failure is recorded ("response.acknowledgement_failed") and
retried with backoff by the periodic `acknowledge_retry` task; a permanent one (5xx) is
recorded and not retried. A failing acknowledgement never touches the answer itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone

from earful.directory.models import Employee
from earful.platform.audit import log_actions
from earful.platform.emails import Email, make_message, send
from earful.platform.models import AuditEntry
from earful.surveys.models import Response
from earful.surveys.sending import email_is_bounced, retry_delay

logger = logging.getLogger(__name__)

ACKNOWLEDGED = "response.acknowledged"
ACK_FAILED = "response.acknowledgement_failed"
OBJECT_TYPE = "surveys.response"
# Attempts before an acknowledgement is given up, and how long failures are retried.
MAX_ATTEMPTS = 6
RETRY_WINDOW = dt.timedelta(days=2)

Outcome = Literal["sent", "off", "no_address", "already", "busy", "failed", "given_up"]

# Whole sentences, one dict per language, so a translator sees each sentence entire.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Thank you for your feedback",
        "promoter_subject": "Thank you for your kind words",
        "greeting": "Hello {name},",
        "greeting_anonymous": "Hello,",
        "read": "Thank you for your answer. We read every answer, and yours too.",
        "sorry": "We are sorry that we did not meet your expectations.",
        "owner_will_call": "{owner} will get back to you personally.",
        "team_will_call": "We will look into it and get back to you.",
        "passive": "Your answer helps us see what we should do better.",
        "promoter": "It is great to hear that you are happy with us. "
        "Thank you for recommending us!",
        "refer": "Do you know someone who would benefit from working with us? Tell a friend:",
        "review": "Would you share your experience in a public review?",
        "review_link": "Write a review",
        "refer_link": "Refer a friend",
        "signoff": "Best regards,",
        "team": "The {site_name} team",
    },
    "fi": {
        "subject": "Kiitos palautteestasi",
        "promoter_subject": "Kiitos lämpimistä sanoistasi",
        "greeting": "Hei {name},",
        "greeting_anonymous": "Hei,",
        "read": "Kiitos vastauksestasi. Luemme jokaisen vastauksen, myös sinun vastauksesi.",
        "sorry": "Olemme pahoillamme, ettemme vastanneet odotuksiasi.",
        "owner_will_call": "{owner} ottaa sinuun henkilökohtaisesti yhteyttä.",
        "team_will_call": "Selvitämme asian ja palaamme siihen kanssasi.",
        "passive": "Vastauksesi auttaa meitä näkemään, missä voimme parantaa.",
        "promoter": "On hienoa kuulla, että olet tyytyväinen. Kiitos, että suosittelet meitä!",
        "refer": "Tiedätkö jonkun, joka hyötyisi yhteistyöstä kanssamme? Kerro ystävällesi:",
        "review": "Haluaisitko kertoa kokemuksestasi julkisessa arviossa?",
        "review_link": "Kirjoita arvio",
        "refer_link": "Suosittele ystävälle",
        "signoff": "Ystävällisin terveisin",
        "team": "{site_name}-tiimi",
    },
    "sv": {
        "subject": "Tack för din återkoppling",
        "promoter_subject": "Tack för dina vänliga ord",
        "greeting": "Hej {name},",
        "greeting_anonymous": "Hej,",
        "read": "Tack för ditt svar. Vi läser varje svar, även ditt.",
        "sorry": "Vi beklagar att vi inte levde upp till dina förväntningar.",
        "owner_will_call": "{owner} kommer att höra av sig till dig personligen.",
        "team_will_call": "Vi tittar på saken och återkommer till dig.",
        "passive": "Ditt svar hjälper oss att se vad vi kan göra bättre.",
        "promoter": "Det är roligt att höra att du är nöjd med oss. "
        "Tack för att du rekommenderar oss!",
        "refer": "Känner du någon som skulle ha nytta av att arbeta med oss? Tipsa en vän:",
        "review": "Vill du dela din upplevelse i en offentlig recension?",
        "review_link": "Skriv en recension",
        "refer_link": "Tipsa en vän",
        "signoff": "Med vänliga hälsningar",
        "team": "{site_name}-teamet",
    },
    "de": {
        "subject": "Vielen Dank für Ihr Feedback",
        "promoter_subject": "Vielen Dank für Ihre freundlichen Worte",
        "greeting": "Hallo {name},",
        "greeting_anonymous": "Hallo,",
        "read": "Vielen Dank für Ihre Antwort. Wir lesen jede Antwort, auch Ihre.",
        "sorry": "Es tut uns leid, dass wir Ihre Erwartungen nicht erfüllt haben.",
        "owner_will_call": "{owner} wird sich persönlich bei Ihnen melden.",
        "team_will_call": "Wir kümmern uns darum und melden uns bei Ihnen.",
        "passive": "Ihre Antwort hilft uns zu erkennen, was wir besser machen können.",
        "promoter": "Es freut uns sehr, dass Sie mit uns zufrieden sind. "
        "Danke, dass Sie uns weiterempfehlen!",
        "refer": "Kennen Sie jemanden, für den die Zusammenarbeit mit uns ein Gewinn wäre? "
        "Empfehlen Sie uns weiter:",
        "review": "Möchten Sie Ihre Erfahrung in einer öffentlichen Bewertung teilen?",
        "review_link": "Bewertung schreiben",
        "refer_link": "Weiterempfehlen",
        "signoff": "Mit freundlichen Grüßen",
        "team": "Ihr {site_name}-Team",
    },
    "es": {
        "subject": "Gracias por su opinión",
        "promoter_subject": "Gracias por sus amables palabras",
        "greeting": "Hola, {name}:",
        "greeting_anonymous": "Hola:",
        "read": "Gracias por su respuesta. Leemos todas las respuestas, también la suya.",
        "sorry": "Lamentamos no haber estado a la altura de sus expectativas.",
        "owner_will_call": "{owner} se pondrá en contacto con usted personalmente.",
        "team_will_call": "Vamos a revisarlo y nos pondremos en contacto con usted.",
        "passive": "Su respuesta nos ayuda a ver qué podemos hacer mejor.",
        "promoter": "Nos alegra mucho saber que está satisfecho con nosotros. "
        "¡Gracias por recomendarnos!",
        "refer": "¿Conoce a alguien a quien le vendría bien trabajar con nosotros? Recomiéndenos:",
        "review": "¿Le gustaría compartir su experiencia en una reseña pública?",
        "review_link": "Escribir una reseña",
        "refer_link": "Recomendar a un amigo",
        "signoff": "Saludos cordiales,",
        "team": "El equipo de {site_name}",
    },
}


def ack_texts(language: str, **values: str) -> dict[str, str]:
    """The language's sentences (English when unknown), with `{placeholders}` filled."""
    texts = TEXTS.get(language) or TEXTS["en"]
    return {key: text.format(**values) for key, text in texts.items()}


# Sending one email -------------------------------------------------------------------


class SendFailure(Exception):
    """A send that failed; `temporary` when trying again later may succeed."""

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


def deliver(email: Email) -> None:
    """Render and send one email on a fresh connection. SMTP outcomes become
    `SendFailure`: 4xx replies, refused connections and timeouts are temporary, 5xx
    replies permanent. Used by acknowledgements and by the case owner's replies."""
    message = make_message(email)
    connection = mailers.default
    try:
        send([message], connection=connection)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()), (451, b"refused"))
        text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        raise SendFailure(f"{code} {text}", temporary=not 500 <= code < 600) from error
    except smtplib.SMTPResponseException as error:
        text = f"{error.smtp_code} {error.smtp_error!r}"
        raise SendFailure(text, temporary=not 500 <= error.smtp_code < 600) from error
    except OSError as error:
        raise SendFailure(f"{type(error).__name__}: {error}", temporary=True) from error
    finally:
        try:
            connection.close()
        except OSError:
            logger.debug("closing a broken SMTP connection failed", exc_info=True)


# The acknowledgement -----------------------------------------------------------------


def response_address(response: Response) -> str:
    """Where to write to the respondent: the customer's address (unless it has bounced),
    else the address a walk-in respondent gave; "" when there is none."""
    customer = response.customer
    if customer is not None:
        if customer.email and not email_is_bounced(customer):
            return customer.email
        return ""
    return response.respondent_email


def respondent_name(response: Response) -> str:
    if response.customer is not None:
        return response.customer.name
    return response.respondent_name


def is_detractor(response: Response) -> bool:
    return response.score <= response.program.detractor_threshold


@dataclass(frozen=True)
class _Kind:
    template: str
    group: str  # detractor, passive, promoter


def _kind(response: Response) -> _Kind:
    if is_detractor(response):
        return _Kind("acknowledgement", "detractor")
    if response.score >= 9:
        return _Kind("promoter_thanks", "promoter")
    return _Kind("acknowledgement", "passive")


def acknowledgement_email(response: Response) -> Email | None:
    """The acknowledgement for a response, or None when there is no address to send it."""
    to = response_address(response)
    if not to:
        return None
    language = response.language
    kind = _kind(response)
    # Only a detractor is told who will call (and only then is the owner loaded).
    owner = (
        response.customer.owner
        if kind.group == "detractor" and response.customer is not None
        else None
    )
    name = respondent_name(response)
    program = response.program
    return Email(
        template=kind.template,
        to=to,
        language=language,
        context={
            "language": language,
            "t": ack_texts(
                language,
                name=name,
                owner=str(owner) if owner is not None else "",
                site_name=settings.SITE_NAME,
            ),
            "has_name": bool(name),
            "group": kind.group,
            "owner_name": str(owner) if owner is not None else "",
            "referral_url": program.referral_url if kind.group == "promoter" else "",
            "review_url": program.review_url if kind.group == "promoter" else "",
        },
    )


def _given_up(failures: list[AuditEntry]) -> bool:
    return len(failures) >= MAX_ATTEMPTS or any(
        not entry.data.get("temporary", True) for entry in failures
    )


def _with_owners(responses: Sequence[Response]) -> None:
    """Load the owners a detractor's acknowledgement names, in one query."""
    customers = [r.customer for r in responses if r.customer is not None and is_detractor(r)]
    owners = Employee.objects.in_bulk({c.owner_id for c in customers if c.owner_id})
    for customer in customers:
        if customer.owner_id is not None:
            customer.owner = owners.get(customer.owner_id)


def responses_acknowledge(responses: Sequence[Response]) -> dict[int, Outcome]:
    """Send each response's acknowledgement unless it has been sent (or given up), and
    record the outcomes, in a fixed number of queries whatever the number of responses
    (the emails themselves go one by one). Safe to call any number of times, from any
    number of workers."""
    outcomes: dict[int, Outcome] = {}
    wanted = [r for r in responses if r.program.acknowledge_responses]
    outcomes.update({r.pk: "off" for r in responses if not r.program.acknowledge_responses})
    _with_owners(wanted)
    emails: dict[int, tuple[Response, Email]] = {}
    for response in wanted:
        email = acknowledgement_email(response)
        if email is None:
            outcomes[response.pk] = "no_address"
        else:
            emails[response.pk] = (response, email)
    if not emails:
        return outcomes
    # No savepoint: nothing in the block is rolled back on its own, and the queries
    # it would cost come on top of every answer's follow-up.
    with transaction.atomic(savepoint=False):
        # The locks are the claim; FOR NO KEY UPDATE lets other rows still point at them.
        locked = set(
            Response.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(pk__in=emails)
            .values_list("pk", flat=True)
        )
        entries: dict[int, list[AuditEntry]] = {}
        for entry in AuditEntry.objects.filter(
            object_type=OBJECT_TYPE,
            object_id__in=[str(pk) for pk in locked],
            action__in=[ACKNOWLEDGED, ACK_FAILED],
        ):
            entries.setdefault(int(entry.object_id), []).append(entry)
        sent: list[tuple[Response, dict[str, Any]]] = []
        failed: list[tuple[Response, dict[str, Any]]] = []
        for pk, (response, email) in emails.items():
            mine = entries.get(pk, [])
            if pk not in locked:
                outcomes[pk] = "busy"  # another worker is acknowledging it right now
            elif any(entry.action == ACKNOWLEDGED for entry in mine):
                outcomes[pk] = "already"
            elif _given_up(mine):
                outcomes[pk] = "given_up"
            else:
                try:
                    deliver(email)
                except SendFailure as error:
                    failed.append(
                        (response, {"error": str(error)[:2000], "temporary": error.temporary})
                    )
                    outcomes[pk] = "failed"
                    continue
                sent.append(
                    (
                        response,
                        {"to": email.to, "language": email.language, "template": email.template},
                    )
                )
                outcomes[pk] = "sent"
        log_actions(ACKNOWLEDGED, actor=None, entries=sent)
        log_actions(ACK_FAILED, actor=None, entries=failed)
    return outcomes


def response_acknowledge(*, response: Response) -> Outcome:
    """`responses_acknowledge` for one response."""
    return responses_acknowledge([response])[response.pk]


def acknowledgements_retry(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Try again the acknowledgements that failed temporarily and whose backoff has
    passed; how many were sent."""
    now = now or timezone.now()
    recent = AuditEntry.objects.filter(object_type=OBJECT_TYPE, created_at__gte=now - RETRY_WINDOW)
    failed_ids = set(recent.filter(action=ACK_FAILED).values_list("object_id", flat=True))
    done_ids = set(
        AuditEntry.objects.filter(
            object_type=OBJECT_TYPE, action=ACKNOWLEDGED, object_id__in=failed_ids
        ).values_list("object_id", flat=True)
    )
    pending = sorted(int(pk) for pk in failed_ids - done_ids)[:batch]
    failures: dict[int, list[AuditEntry]] = {}
    for entry in AuditEntry.objects.filter(
        object_type=OBJECT_TYPE, action=ACK_FAILED, object_id__in=[str(pk) for pk in pending]
    ):
        failures.setdefault(int(entry.object_id), []).append(entry)
    responses = Response.objects.select_related("program", "customer", "customer__owner").in_bulk(
        pending
    )
    sent = 0
    for pk in pending:
        mine = failures.get(pk, [])
        response = responses.get(pk)
        if response is None or not mine or _given_up(mine):
            continue
        last = max(entry.created_at for entry in mine)
        if now < last + retry_delay(len(mine)):
            continue
        if response_acknowledge(response=response) == "sent":
            sent += 1
    return sent
