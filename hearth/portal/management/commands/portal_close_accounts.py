"""Close the portal accounts of young people who have turned 25 or whose leaving care support
has ended (run daily from cron or a systemd timer). Sign-in refuses them meanwhile anyway."""

from typing import Any

from django.core.management.base import BaseCommand

from hearth.portal.services import accounts_close_due


class Command(BaseCommand):
    help = "Close portal accounts at 25 or when leaving care support has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = accounts_close_due()
        self.stdout.write(f"Closed {closed} portal account{'s' if closed != 1 else ''}.")
