"""The one funnel for outgoing email: three templates per email, one builder, one sender.

Each email named `<name>` has `emails/<name>-subject.txt`, `emails/<name>-body.txt` and
`emails/<name>-body.html`. Callers describe an email with `Email` and never build
messages themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Email:
    """What to send: which templates, to whom, with what context, in which language."""

    template: str
    to: str
    context: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    headers: dict[str, str] = field(default_factory=dict)
    from_email: str | None = None


def make_message(email: Email) -> EmailMultiAlternatives:
    """Render the three templates under the email's language."""
    context = {"site_name": settings.SITE_NAME, "site_root": settings.SITE_ROOT} | email.context
    with translation.override(email.language):
        # A subject is one line: templates may end with a newline, and headers must not.
        subject = " ".join(
            render_to_string(f"emails/{email.template}-subject.txt", context).split()
        )
        text = render_to_string(f"emails/{email.template}-body.txt", context).strip() + "\n"
        html = render_to_string(f"emails/{email.template}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=dict(email.headers),
    )
    message.attach_alternative(html, "text/html")
    return message


def send(
    messages: Sequence[EmailMultiAlternatives], connection: BaseEmailBackend | None = None
) -> int:
    """Send through the given connection, else the default mailer. SMTP errors propagate:
    the caller (an outbox) decides what a failure means."""
    if not messages:
        return 0
    mailer = connection if connection is not None else mailers.default
    return int(mailer.send_messages(list(messages)) or 0)
