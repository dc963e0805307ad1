"""`hearth load_reference`: upsert the code lists from hearth/reference/data/ (never deletes)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.reference.loader import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = "Load the DfE and local code lists from hearth/reference/data/ (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_reference_data()
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        if report.changed:
            Auditor(system_job="load_reference").record(
                AuditAction.UPDATE,
                object_type="reference.code",
                summary=f"Reference data loaded: {report.summary()}",
            )
        self.stdout.write(report.summary())
        for list_name, code in report.created:
            self.stdout.write(f"  added {list_name} {code}", style_func=self.style.SUCCESS)
        for list_name, code in report.updated:
            self.stdout.write(f"  updated {list_name} {code}")
