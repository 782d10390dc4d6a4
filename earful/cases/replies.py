"""Closing the loop: the case owner's personal reply, and the invitation to help shape
the fix.

The owner starts from a draft in the customer's language, signed with their name, edits
it and sends it. Sending is an outbox: the Reply row is committed first, then a worker
sends it through the email funnel and records the outcome. Temporary SMTP failures are
retried with backoff by the periodic `send_replies` task; the retry schedule is counted
from the reply's creation, so a worker that dies after claiming a reply only delays it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from earful.cases.choices import ReplyKind
from earful.cases.models import Case, Reply
from earful.directory.models import Employee
from earful.platform.audit import log_action
from earful.platform.emails import Email
from earful.surveys.acknowledgements import (
    SendFailure,
    deliver,
    respondent_name,
    response_address,
)
from earful.surveys.sending import retry_delay

# Attempts before a reply is given up (its last error stays on the row).
MAX_ATTEMPTS = 6

# Whole messages, one per language and kind, for the owner to edit before sending.
DRAFTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        ReplyKind.PERSONAL: (
            "About your feedback",
            "{greeting}\n\n"
            "Thank you for taking the time to tell us what you think. I have read your "
            "answer carefully, and I am sorry that we did not meet your expectations.\n\n"
            "We are looking into what went wrong, and I will let you know what we change. "
            "If there is anything you would like to add, just reply to this email: it "
            "comes straight to me.\n\n"
            "Best regards,\n{signature}",
        ),
        ReplyKind.SHAPE_THE_FIX: (
            "Would you help us shape the fix?",
            "{greeting}\n\n"
            "Thank you again for your honest feedback. We are working on the issue you "
            "raised, and this time we want to get it right.\n\n"
            "Would you help us shape the fix? We are inviting a few customers to a short "
            "product review, to try early (beta) versions, or to a 30-minute interview "
            "with the team building it, whichever suits you best.\n\n"
            "If you are interested, just reply to this email and tell me what works for "
            "you.\n\n"
            "Best regards,\n{signature}",
        ),
    },
    "fi": {
        ReplyKind.PERSONAL: (
            "Palautteestasi",
            "{greeting}\n\n"
            "Kiitos, että kerroit meille mielipiteesi. Luin vastauksesi huolellisesti, ja "
            "olen pahoillani, ettemme vastanneet odotuksiasi.\n\n"
            "Selvitämme, mikä meni vikaan, ja kerron sinulle, mitä muutamme. Jos haluat "
            "lisätä jotain, vastaa tähän viestiin: se tulee suoraan minulle.\n\n"
            "Ystävällisin terveisin\n{signature}",
        ),
        ReplyKind.SHAPE_THE_FIX: (
            "Auttaisitko meitä korjaamaan asian?",
            "{greeting}\n\n"
            "Kiitos vielä suorasta palautteestasi. Työstämme esiin nostamaasi asiaa, ja "
            "haluamme tehdä sen tällä kertaa oikein.\n\n"
            "Auttaisitko meitä löytämään oikean ratkaisun? Kutsumme muutamia asiakkaita "
            "lyhyeen tuotekatselmointiin, kokeilemaan keskeneräisiä (beta)versioita tai "
            "30 minuutin haastatteluun ratkaisua rakentavan tiimin kanssa, sen mukaan mikä "
            "sinulle sopii.\n\n"
            "Jos olet kiinnostunut, vastaa tähän viestiin ja kerro, mikä sinulle sopii.\n\n"
            "Ystävällisin terveisin\n{signature}",
        ),
    },
    "sv": {
        ReplyKind.PERSONAL: (
            "Om din återkoppling",
            "{greeting}\n\n"
            "Tack för att du tog dig tid att berätta vad du tycker. Jag har läst ditt svar "
            "noga, och jag beklagar att vi inte levde upp till dina förväntningar.\n\n"
            "Vi undersöker vad som gick fel, och jag berättar för dig vad vi ändrar. Om du "
            "vill tillägga något är det bara att svara på det här mejlet: det kommer "
            "direkt till mig.\n\n"
            "Med vänliga hälsningar\n{signature}",
        ),
        ReplyKind.SHAPE_THE_FIX: (
            "Vill du hjälpa oss att hitta rätt lösning?",
            "{greeting}\n\n"
            "Tack igen för din ärliga återkoppling. Vi arbetar med frågan du tog upp, och "
            "den här gången vill vi göra rätt.\n\n"
            "Vill du hjälpa oss att forma lösningen? Vi bjuder in några kunder till en kort "
            "produktgenomgång, till att prova tidiga (beta)versioner eller till en "
            "30 minuter lång intervju med teamet som bygger den, det som passar dig "
            "bäst.\n\n"
            "Om du är intresserad, svara bara på det här mejlet och berätta vad som passar "
            "dig.\n\n"
            "Med vänliga hälsningar\n{signature}",
        ),
    },
    "de": {
        ReplyKind.PERSONAL: (
            "Zu Ihrem Feedback",
            "{greeting}\n\n"
            "vielen Dank, dass Sie sich die Zeit genommen haben, uns Ihre Meinung zu "
            "sagen. Ich habe Ihre Antwort aufmerksam gelesen, und es tut mir leid, dass "
            "wir Ihre Erwartungen nicht erfüllt haben.\n\n"
            "Wir gehen der Sache nach, und ich werde Ihnen mitteilen, was wir ändern. "
            "Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese E-Mail: sie "
            "kommt direkt bei mir an.\n\n"
            "Mit freundlichen Grüßen\n{signature}",
        ),
        ReplyKind.SHAPE_THE_FIX: (
            "Helfen Sie uns, die richtige Lösung zu finden?",
            "{greeting}\n\n"
            "nochmals vielen Dank für Ihr offenes Feedback. Wir arbeiten an dem Problem, "
            "das Sie angesprochen haben, und dieses Mal wollen wir es richtig machen.\n\n"
            "Möchten Sie uns helfen, die Lösung mitzugestalten? Wir laden einige Kunden zu "
            "einer kurzen Produktvorstellung ein, zum Testen früher (Beta-)Versionen oder "
            "zu einem 30-minütigen Gespräch mit dem Team, das die Lösung entwickelt, ganz "
            "wie es Ihnen am besten passt.\n\n"
            "Wenn Sie Interesse haben, antworten Sie einfach auf diese E-Mail und sagen "
            "Sie mir, was für Sie passt.\n\n"
            "Mit freundlichen Grüßen\n{signature}",
        ),
    },
    "es": {
        ReplyKind.PERSONAL: (
            "Sobre su opinión",
            "{greeting}\n\n"
            "Gracias por dedicar su tiempo a contarnos su opinión. He leído su respuesta "
            "con atención y lamento que no hayamos estado a la altura de sus "
            "expectativas.\n\n"
            "Estamos analizando qué salió mal y le contaré qué vamos a cambiar. Si desea "
            "añadir algo, basta con responder a este correo: me llega directamente a "
            "mí.\n\n"
            "Saludos cordiales,\n{signature}",
        ),
        ReplyKind.SHAPE_THE_FIX: (
            "¿Nos ayuda a encontrar la solución?",
            "{greeting}\n\n"
            "Gracias de nuevo por su opinión sincera. Estamos trabajando en el problema "
            "que nos señaló y esta vez queremos hacerlo bien.\n\n"
            "¿Le gustaría ayudarnos a dar forma a la solución? Invitamos a algunos clientes "
            "a una breve revisión del producto, a probar versiones preliminares (beta) o a "
            "una entrevista de 30 minutos con el equipo que la desarrolla, lo que mejor le "
            "convenga.\n\n"
            "Si le interesa, responda a este correo y dígame qué le viene mejor.\n\n"
            "Saludos cordiales,\n{signature}",
        ),
    },
}

GREETINGS = {
    "en": ("Hello {name},", "Hello,"),
    "fi": ("Hei {name},", "Hei,"),
    "sv": ("Hej {name},", "Hej,"),
    "de": ("Guten Tag {name},", "Guten Tag,"),
    "es": ("Hola, {name}:", "Hola:"),
}


def reply_language(case: Case) -> str:
    """The customer's language: the one they answered in."""
    language = case.response.language
    return language if language in DRAFTS else "en"


def reply_address(case: Case) -> str:
    return response_address(case.response)


def _signature(case: Case) -> str:
    owner = case.owner
    name = str(owner) if owner is not None else ""
    return f"{name}\n{settings.SITE_NAME}" if name else settings.SITE_NAME


def reply_draft(*, case: Case, kind: str) -> tuple[str, str]:
    """The subject and body to start from, in the customer's language, signed with the
    owner's name."""
    language = reply_language(case)
    subject, body = DRAFTS[language][ReplyKind(kind)]
    named, anonymous = GREETINGS[language]
    name = respondent_name(case.response)
    greeting = named.format(name=name) if name else anonymous
    return subject, body.format(greeting=greeting, signature=_signature(case))


@transaction.atomic
def reply_send(*, actor: Employee, case: Case, kind: str, subject: str, body: str) -> Reply:
    """Queue the (edited) reply: committed here, sent by a worker right after."""
    to = reply_address(case)
    if not to:
        raise ValidationError(_("This customer has no email address to reply to."))
    reply = Reply(
        case=case,
        kind=kind,
        by=actor,
        to=to,
        language=reply_language(case),
        subject=" ".join(subject.split()),
        body=body.strip(),
    )
    reply.full_clean()
    reply.save()
    log_action(
        "case.reply_queued",
        actor=actor,
        obj=case,
        data={"reply": reply.pk, "kind": kind, "to": to},
    )
    reply_id = reply.pk
    from earful.cases.tasks import deliver_reply

    transaction.on_commit(lambda: deliver_reply.enqueue(reply_id))
    return reply


# The outbox --------------------------------------------------------------------------


def reply_email(reply: Reply) -> Email:
    sender = reply.by
    headers = {"Reply-To": sender.email} if sender is not None and sender.email else {}
    return Email(
        template="case_reply",
        to=reply.to,
        language=reply.language,
        context={"language": reply.language, "subject": reply.subject, "body": reply.body},
        headers=headers,
    )


def next_attempt_at(reply: Reply) -> dt.datetime:
    """When the reply is due again: backoff after each attempt, counted from creation."""
    wait = sum((retry_delay(n) for n in range(1, reply.attempts + 1)), dt.timedelta())
    return reply.created_at + wait


def reply_deliver(*, reply: Reply, now: dt.datetime | None = None) -> bool:
    """Send one unsent reply if it is due and no other worker has claimed it; whether it
    was sent."""
    now = now or timezone.now()
    if reply.sent_at is not None or reply.attempts >= MAX_ATTEMPTS or now < next_attempt_at(reply):
        return False
    claimed = Reply.objects.filter(
        pk=reply.pk, sent_at__isnull=True, attempts=reply.attempts
    ).update(attempts=F("attempts") + 1)
    if claimed != 1:
        return False  # another worker has it
    reply.attempts += 1
    mine = Reply.objects.filter(pk=reply.pk, sent_at__isnull=True, attempts=reply.attempts)
    try:
        deliver(reply_email(reply))
    except SendFailure as error:
        attempts = reply.attempts if error.temporary else MAX_ATTEMPTS
        mine.update(last_error=str(error)[:2000], attempts=attempts)
        if not error.temporary or attempts >= MAX_ATTEMPTS:
            log_action(
                "case.reply_failed",
                actor=None,
                obj=reply.case,
                data={"reply": reply.pk, "error": str(error)[:500]},
            )
        return False
    mine.update(sent_at=now, last_error="")
    reply.sent_at = now
    log_action(
        "case.reply_sent",
        actor=reply.by,
        obj=reply.case,
        data={"reply": reply.pk, "kind": reply.kind, "to": reply.to},
    )
    return True


def replies_send_due(*, now: dt.datetime | None = None, batch: int = 100) -> int:
    """Send the unsent replies whose backoff has passed; how many were sent."""
    now = now or timezone.now()
    due = (
        Reply.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .select_related("case", "by")
        .order_by("created_at", "pk")[:batch]
    )
    return sum(reply_deliver(reply=reply, now=now) for reply in due)
