"""`hearth audit verify` checks the hash chain; `hearth audit show --child ID` prints the
recent entries about a child's record."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.audit import verify_chain
from hearth.core.audit_presenters import entry_rows
from hearth.core.models import AuditEntry


class Command(BaseCommand):
    help = "Check or read the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, title="subcommands")
        verify = subcommands.add_parser(
            "verify", help="Walk the hash chain and report the first broken link."
        )
        verify.add_argument("--batch-size", type=int, default=5000)
        show = subcommands.add_parser("show", help="Print recent entries.")
        target = show.add_mutually_exclusive_group(required=True)
        target.add_argument("--child", type=int, help="The child's record id.")
        target.add_argument("--user", type=int, help="The user id of the person who acted.")
        show.add_argument("--limit", type=int, default=50, help="How many entries (newest first).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(batch_size=options["batch_size"])
        else:
            self.show(child=options["child"], user=options["user"], limit=options["limit"])

    def verify(self, *, batch_size: int) -> None:
        report = verify_chain(batch_size=batch_size)
        if not report.ok:
            # CommandError prints to stderr and exits with status 1.
            raise CommandError(report.message(), returncode=1)
        self.stdout.write(report.message())

    def show(self, *, child: int | None, user: int | None, limit: int) -> None:
        if limit < 1:
            raise CommandError("--limit must be 1 or more")
        entries = AuditEntry.objects.select_related("actor__team").order_by("-id")
        if child is not None:
            entries = entries.filter(child_id=child)
            subject = f"child {child}"
        else:
            entries = entries.filter(actor_id=user)
            subject = f"user {user}"
        rows = entry_rows(list(entries[:limit]))
        if not rows:
            self.stdout.write(f"No audit entries for {subject}.")
            return
        for row in rows:
            who = row.who
            if row.who_role:
                who += f" ({', '.join(p for p in (row.who_role, row.who_team) if p)})"
            line = f"#{row.id}  {row.when}  {who}  {row.action}: {row.object_label}"
            if row.summary:
                line += f" ({row.summary})"
            self.stdout.write(line)
            for change in row.changes:
                self.stdout.write(f"    {change.field}: {change.old} -> {change.new}")
            if row.reason:
                self.stdout.write(f"    Reason: {row.reason}")
