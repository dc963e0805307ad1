"""`hearth returns import --cin FILE.xml [--user USERNAME]` (the returns command calls this)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError

from hearth.accounts.models import User
from hearth.returns.importers.cin import cin_import
from hearth.returns.importers.problems import ImportRefused

MAX_SHOWN = 200


def import_command(options: dict[str, Any], stdout: Any, stderr: Any) -> None:
    user = None
    if options.get("user"):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']}")
    try:
        done = cin_import(path=options["cin"], user=user, on_progress=stdout.write)
    except ImportRefused as refused:
        stderr.write(f"Nothing was imported: {len(refused.problems)} problems")
        for problem in refused.problems[:MAX_SHOWN]:
            stderr.write(f"  {problem}")
        if len(refused.problems) > MAX_SHOWN:
            stderr.write(f"  ... and {len(refused.problems) - MAX_SHOWN} more")
        sys.exit(1)
    report = done.report
    stdout.write(
        f"Imported {done.children} children from {options['cin']} (sha256 {done.sha256[:12]})"
        + (": nothing changed" if report.nothing_changed else "")
    )
    for line in report.lines():
        stdout.write(line)
