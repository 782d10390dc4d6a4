from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from earful.api.models import ApiToken
from earful.api.tokens import api_token_authenticate, api_token_create, api_token_revoke
from earful.directory.tests.factories import EmployeeFactory
from earful.platform.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_new_token_keeps_only_the_digest_of_its_secret(org):
    token, secret = api_token_create(actor=org.admin, name="CRM")

    assert secret.startswith("ea_")
    assert len(secret) > 40
    token.refresh_from_db()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest}
    assert secret.startswith(token.prefix)
    assert token.created_by == org.admin


def test_every_token_gets_its_own_secret(org):
    _, first = api_token_create(actor=None, name="CRM")
    _, second = api_token_create(actor=None, name="CRM")

    assert first != second


def test_making_and_revoking_a_token_are_audited(org):
    token, _ = api_token_create(actor=org.admin, name="CRM")
    api_token_revoke(actor=org.admin, token=token)

    entries = AuditEntry.objects.filter(
        object_type="api.apitoken", object_id=str(token.pk)
    ).order_by("pk")
    assert [e.action for e in entries] == ["api_token.created", "api_token.revoked"]
    assert all(e.actor == org.admin for e in entries)
    assert entries[0].data == {"name": "CRM", "prefix": token.prefix}


def test_a_token_needs_a_name(org):
    with pytest.raises(Exception, match="blank"):
        api_token_create(actor=None, name="  ")
    assert not ApiToken.objects.exists()


def test_a_bearer_header_with_the_secret_authenticates(org):
    token, secret = api_token_create(actor=None, name="CRM")

    assert api_token_authenticate(f"Bearer {secret}") == token
    assert api_token_authenticate(f"bearer  {secret} ") == token


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic abc", "ea_secret", "Bearer ea_wrong", "Bearer a b"],
)
def test_a_missing_malformed_or_unknown_header_does_not_authenticate(org, header):
    api_token_create(actor=None, name="CRM")

    assert api_token_authenticate(header) is None


def test_a_revoked_token_no_longer_authenticates(org):
    token, secret = api_token_create(actor=None, name="CRM")

    api_token_revoke(actor=None, token=token)

    assert api_token_authenticate(f"Bearer {secret}") is None


def test_a_secret_with_one_character_changed_does_not_authenticate(org):
    _, secret = api_token_create(actor=None, name="CRM")
    changed = secret[:-1] + ("A" if secret[-1] != "A" else "B")

    assert api_token_authenticate(f"Bearer {changed}") is None


def test_last_used_is_noted_at_most_once_a_minute(org):
    token, secret = api_token_create(actor=None, name="CRM")
    now = timezone.now()

    api_token_authenticate(f"Bearer {secret}", now=now)
    api_token_authenticate(f"Bearer {secret}", now=now + dt.timedelta(seconds=30))
    token.refresh_from_db()
    assert token.last_used_at == now

    api_token_authenticate(f"Bearer {secret}", now=now + dt.timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == now + dt.timedelta(seconds=61)


def test_revoking_twice_keeps_the_first_revocation(org):
    token, _ = api_token_create(actor=None, name="CRM")
    first = timezone.now() - dt.timedelta(days=1)
    api_token_revoke(actor=None, token=token, now=first)

    api_token_revoke(actor=None, token=token)

    token.refresh_from_db()
    assert token.revoked_at == first
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_the_command_creates_a_token_and_prints_its_secret_once(org, capsys):
    call_command("api_token", "create", "CRM")

    out = capsys.readouterr().out
    secret = next(line for line in out.splitlines() if line.startswith("ea_"))
    token = ApiToken.objects.get()
    assert token.name == "CRM"
    assert api_token_authenticate(f"Bearer {secret}") == token

    call_command("api_token", "list")
    listing = capsys.readouterr().out
    assert token.prefix in listing
    assert "CRM" in listing
    assert "live" in listing
    assert secret not in listing


def test_the_command_revokes_a_token_by_its_prefix(org, capsys):
    token, secret = api_token_create(actor=None, name="CRM")

    call_command("api_token", "revoke", token.prefix)

    assert api_token_authenticate(f"Bearer {secret}") is None
    call_command("api_token", "list")
    assert "revoked" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_prefix(org):
    with pytest.raises(CommandError, match="No live token"):
        call_command("api_token", "revoke", "ea_nothing")


def test_the_command_refuses_a_blank_name(org):
    with pytest.raises(CommandError, match="blank"):
        call_command("api_token", "create", " ")


@pytest.fixture
def superuser(org):
    return EmployeeFactory.create(username="root", is_staff=True, is_superuser=True)


def test_an_admin_revokes_tokens_in_the_django_admin(client, superuser):
    token, secret = api_token_create(actor=None, name="CRM")
    client.force_login(superuser)

    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert api_token_authenticate(f"Bearer {secret}") is None
    entry = AuditEntry.objects.get(action="api_token.revoked")
    assert entry.actor == superuser


def test_tokens_cannot_be_added_in_the_django_admin_where_the_secret_would_be_lost(
    client, superuser
):
    client.force_login(superuser)

    assert client.get("/admin/api/apitoken/add/").status_code == 403
