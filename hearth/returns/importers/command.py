"""`hearth returns import [--cin FILE.xml] [--ssda903 DIR] [--user USERNAME]` (the returns
command calls this). With both, the CIN census goes first and the SSDA903 matches its people
by child ID; each file is all or nothing."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError

from hearth.accounts.models import User
from hearth.returns.importers.cin import cin_import
from hearth.returns.importers.problems import ImportRefused, ImportReport

MAX_SHOWN = 200


def import_command(options: dict[str, Any], stdout: Any, stderr: Any) -> None:
    if not options.get("cin") and not options.get("ssda903"):
        raise CommandError("Give --cin FILE.xml, --ssda903 DIR or both")
    user = None
    if options.get("user"):
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']}")
    if options.get("cin"):
        done = _run(lambda: cin_import(path=options["cin"], user=user, on_progress=stdout.write),
                    stderr)  # fmt: skip
        _say(stdout, f"Imported {done.children} children from {options['cin']}", done)
    if options.get("ssda903"):
        _ssda903(options, user, stdout, stderr)


def _ssda903(options: dict[str, Any], user: User | None, stdout: Any, stderr: Any) -> None:
    """Last year's folder first (--ssda903-previous), then this year's, in one transaction:
    a problem in either and neither is imported."""
    from django.db import transaction

    from hearth.returns.importers.ssda903 import ssda903_import

    folders = [(options.get("ssda903_previous"), None), (options["ssda903"], options.get("year"))]
    done = []

    def both() -> None:
        with transaction.atomic():
            for folder, year in folders:
                if folder:
                    found = ssda903_import(
                        folder=folder, user=user, year=year, on_progress=stdout.write
                    )
                    done.append((folder, found))

    _run(both, stderr)
    for folder, found in done:
        _say(stdout, f"Imported {found.children} children from {folder}", found)


def _run(job: Any, stderr: Any) -> Any:
    try:
        return job()
    except ImportRefused as refused:
        stderr.write(f"Nothing was imported: {len(refused.problems)} problems")
        for problem in refused.problems[:MAX_SHOWN]:
            stderr.write(f"  {problem}")
        if len(refused.problems) > MAX_SHOWN:
            stderr.write(f"  ... and {len(refused.problems) - MAX_SHOWN} more")
        sys.exit(1)


def _say(stdout: Any, what: str, done: Any) -> None:
    report: ImportReport = done.report
    stdout.write(
        f"{what} (sha256 {done.sha256[:12]})"
        + (": nothing changed" if report.nothing_changed else "")
    )
    for line in report.lines():
        stdout.write(line)
