"""`hearth demo-users`: the demo logins (all share the password given to `hearth demo`)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hearth.demo.users import demo_users, summary_table


class Command(BaseCommand):
    help = "List the demo users: --json for every account, --summary for one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="Every demo user as JSON")
        group.add_argument("--summary", action="store_true", help="One login per role (default)")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_users()
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No demo users yet: run `hearth demo` first.")
            return
        self.stdout.write(summary_table(rows))
