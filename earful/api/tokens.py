"""API tokens: made, revoked and checked here, and nowhere else.

A token's secret is `ea_` followed by 256 random bits (`secrets.token_urlsafe(32)`). Only
its SHA-256 digest is stored. Checking a presented secret looks its digest up through
the unique index: the lookup key is a hash the caller cannot steer, so the time it takes
says nothing about how close a guess was (and the final comparison is constant-time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from earful.api.models import ApiToken
from earful.directory.models import Employee
from earful.platform.audit import log_action

SECRET_PREFIX = "ea_"  # noqa: S105 - a public marker that says "Earful API", not a secret
# Characters of the secret kept in clear, to tell tokens apart: "ea_" and 8 random ones.
PREFIX_LENGTH = len(SECRET_PREFIX) + 8
# `last_used_at` is written at most this often, so a busy client costs no write a call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Employee | None, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret. The secret is returned once and never stored."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name.strip(),
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
        created_by=actor,
    )
    token.full_clean()
    token.save()
    log_action(
        "api_token.created",
        actor=actor,
        obj=token,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(
    *, actor: Employee | None, token: ApiToken, now: dt.datetime | None = None
) -> ApiToken:
    """Revoke the token at once; revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        "api_token.revoked",
        actor=actor,
        obj=token,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token


def bearer_secret(header_value: str | None) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header, or None."""
    if not header_value:
        return None
    scheme, _, secret = header_value.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or " " in secret:
        return None
    return secret


def api_token_authenticate(
    header_value: str | None, *, now: dt.datetime | None = None
) -> ApiToken | None:
    """The live token an `Authorization` header presents, or None (missing, malformed,
    unknown or revoked). Notes when it was used, at most once a minute."""
    secret = bearer_secret(header_value)
    if secret is None or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    digest = token_digest(secret)
    token = ApiToken.objects.filter(digest=digest, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    now = now or timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_RESOLUTION:
        # Conditional, so concurrent calls write once.
        ApiToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION),
            pk=token.pk,
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
