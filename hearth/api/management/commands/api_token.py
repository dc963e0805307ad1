"""API tokens from the command line:

    manage.py api_token create --user USERNAME --name "What it is for" [--write] [--days N]
    manage.py api_token create --integration "Police gateway" --role partner_referrer \
        --name "Referrals" [--write] [--days N]
    manage.py api_token list
    manage.py api_token revoke TOKEN_ID

`create` prints the token once; only its hash is kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.accounts.models import User
from hearth.api import services
from hearth.api.models import ApiToken, TokenKind


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token (printed once)")
        owner = create.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="Username the token acts as")
        owner.add_argument("--integration", help="Integration name (account made if new)")
        create.add_argument("--role", default="", help="Integration's role")
        create.add_argument("--name", required=True, help="What the token is for")
        create.add_argument("--write", action="store_true", help="May send partner referrals")
        create.add_argument("--days", type=int, default=None, help="Expires after N days")
        sub.add_parser("list", help="List tokens (never the tokens themselves)")
        revoke = sub.add_parser("revoke", help="Revoke a token")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                self._create(options)
            elif action == "list":
                self._list()
            else:
                token = ApiToken.objects.filter(pk=options["token_id"]).first()
                if token is None:
                    raise CommandError(f"No token {options['token_id']}")
                services.token_revoke(user=None, token=token)
                self.stdout.write(f"Revoked token {token.pk} ({token.name})")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _create(self, options: dict[str, Any]) -> None:
        if options["integration"]:
            owner = services.integration_account(
                user=None, name=options["integration"], role=options["role"]
            )
            kind = TokenKind.INTEGRATION
        else:
            found = User.objects.filter(username=options["user"], is_active=True).first()
            if found is None:
                raise CommandError(f"No active user {options['user']}")
            owner, kind = found, TokenKind.USER
        issued = services.token_create(
            user=None,
            owner=owner,
            name=options["name"],
            kind=kind,
            can_write=options["write"],
            expires_in_days=options["days"],
        )
        self.stdout.write(f"Token {issued.token.pk} for {owner.username} (shown once):")
        self.stdout.write(issued.secret)

    def _list(self) -> None:
        for token in ApiToken.objects.for_listing():
            self.stdout.write(
                f"{token.pk}\thth_{token.prefix}_…\t{token.name}\t{token.user.username}\t"
                f"{'write' if token.can_write else 'read'}\t{token.status}"
            )
