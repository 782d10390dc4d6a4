"""Survey links: building them for emails, and finding the invitation behind one."""

from __future__ import annotations

import re

from django.conf import settings

from earful.surveys.models import Invitation, WalkInLink

# secrets.token_urlsafe(32) gives 43 characters of base64url: 256 random bits.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43,64}$")


def token_is_well_formed(token: str) -> bool:
    """Cheap check before touching the database: wrong length or charset is unknown."""
    return bool(TOKEN_RE.fullmatch(token))


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation behind a link, with its program, customer and response (if any),
    in one query, or None. Malformed tokens never reach the database; well-formed ones
    are an exact lookup on the unique index (no prefix matching)."""
    if not token_is_well_formed(token):
        return None
    try:
        # get(), not first(): no ORDER BY to build and run for a unique key.
        return Invitation.objects.select_related("program", "customer", "response").get(token=token)
    except Invitation.DoesNotExist:
        return None


def survey_url(invitation: Invitation, score: int | None = None) -> str:
    base = f"{settings.SITE_ROOT}/r/{invitation.token}/"
    if score is None:
        return base
    return f"{base}?score={score}"


def unsubscribe_url(invitation: Invitation) -> str:
    return f"{settings.SITE_ROOT}/r/{invitation.token}/unsubscribe/"


def walk_in_url(link: WalkInLink) -> str:
    """A unit's public walk-in link, as printed under its QR code."""
    return f"{settings.SITE_ROOT}/w/{link.token}/"
