"""hearth sar PERSON_ID --out DIR: a subject access bundle (index.html, subject-access.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.audit import Auditor
from hearth.people.models import Person
from hearth.privacy.subject_access import subject_access_export


class Command(BaseCommand):
    help = (
        "Everything held about a person as a readable HTML bundle and JSON, third-party "
        "information marked for redaction review. The export is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id", type=int)
        parser.add_argument("--out", required=True, type=Path, help="Directory to write to")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"No person with id {options['person_id']}")
        out: Path = options["out"]
        bundle = subject_access_export(
            person=person, auditor=Auditor(system_job="hearth sar"), out_dir=out
        )
        self.stdout.write(
            f"Wrote {out / 'index.html'} and {out / 'subject-access.json'}: "
            f"{len(bundle.sections)} record types, {len(bundle.access_log)} audit entries, "
            f"{bundle.review_count} items marked for redaction review"
        )
