"""`earful api_token create NAME | revoke PREFIX | list`"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from earful.api.models import ApiToken
from earful.api.tokens import api_token_create, api_token_revoke


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "never"


class Command(BaseCommand):
    help = "Create, revoke and list the tokens other systems use to call /api/v1/."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token and print its secret, once")
        create.add_argument("name", help='what the token is for, e.g. "CRM"')
        revoke = actions.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("prefix", help="the token's prefix, as `list` shows it")
        actions.add_parser("list", help="list every token, newest first")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self.create(options["name"])
        elif action == "revoke":
            self.revoke(options["prefix"])
        else:
            self.list()

    def create(self, name: str) -> None:
        try:
            token, secret = api_token_create(actor=None, name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Created token {token.prefix}… ({token.name}). Its secret:\n")
        self.stdout.write(secret)
        self.stdout.write("\nStore it now: it is not shown again.")

    def revoke(self, prefix: str) -> None:
        tokens = list(ApiToken.objects.filter(prefix=prefix.rstrip("…"), revoked_at__isnull=True))
        if not tokens:
            raise CommandError(f"No live token has the prefix {prefix}.")
        if len(tokens) > 1:
            raise CommandError(
                f"{len(tokens)} tokens have the prefix {prefix}; revoke them in the admin."
            )
        token = api_token_revoke(actor=None, token=tokens[0])
        self.stdout.write(f"Revoked {token}.")

    def list(self) -> None:
        tokens = ApiToken.objects.order_by("-created_at", "-pk")
        if not tokens:
            self.stdout.write("No tokens.")
            return
        for token in tokens:
            state = f"revoked {_when(token.revoked_at)}" if token.revoked_at else "live"
            self.stdout.write(
                f"{token.prefix}  {token.name}  created {_when(token.created_at)}  "
                f"last used {_when(token.last_used_at)}  {state}"
            )
