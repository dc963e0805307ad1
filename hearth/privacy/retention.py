"""The retention schedule: how long each kind of child's record is kept, from
`settings.HEARTH["RETENTION_SCHEDULE"]` (defaults and their sources: docs/domain/retention.md),
the review list of records past retention for the data protection officer, and erasure.

A child's record type is the first that applies: adopted (an adoption order), care leaver (a
personal adviser allocated), looked after (any period of care), child protection (a section 47
enquiry or a child protection plan), otherwise child in need (every other child known)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.deletion import ProtectedError
from django.db.utils import IntegrityError
from django.utils import timezone

from hearth.core.audit import Auditor
from hearth.core.models import AuditAction
from hearth.people.models import Person
from hearth.privacy.graph import collect
from hearth.privacy.models import ErasureRecord

if TYPE_CHECKING:
    from hearth.accounts.models import User

RECORD_TYPES = {
    "adopted": "Adopted (adoption order made)",
    "looked_after": "Looked after",
    "care_leaver": "Care leaver (a personal adviser was allocated)",
    "child_protection": "Child protection",
    "child_in_need": "Child in need or other involvement",
}


def schedule() -> dict[str, dict[str, Any]]:
    rules = cast(dict[str, dict[str, Any]], settings.HEARTH["RETENTION_SCHEDULE"])
    return dict(rules)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Facts:
    date_of_birth: date | None
    date_of_death: date | None
    adoption_order_on: date | None
    looked_after: bool
    child_protection: bool
    last_activity: date
    care_leaver: bool = False


def record_type(facts: Facts) -> str:
    if facts.adoption_order_on:
        return "adopted"
    if facts.care_leaver:
        return "care_leaver"
    if facts.looked_after:
        return "looked_after"
    if facts.child_protection:
        return "child_protection"
    return "child_in_need"


def retain_until(facts: Facts, kind: str | None = None) -> date:
    """The day after which the record is past retention under the schedule's rule."""
    kind = kind or record_type(facts)
    rule = schedule()[kind]
    years = int(rule["years"])
    start = rule["from"]
    born = facts.date_of_birth
    if start == "adoption_order" and facts.adoption_order_on:
        return _add_years(facts.adoption_order_on, years)
    if start == "birth" and born:
        died = facts.date_of_death
        if died and rule.get("after_death") and died < _add_years(born, 18):
            return _add_years(died, int(rule["after_death"]))
        return _add_years(born, years)
    if start == "adulthood_or_last_activity" and born:
        return _add_years(max(_add_years(born, 18), facts.last_activity), years)
    return _add_years(facts.last_activity, years)


@dataclass(frozen=True)
class ReviewRow:
    person: Person
    kind: str
    until: date

    @property
    def kind_label(self) -> str:
        return RECORD_TYPES.get(self.kind, self.kind)


def _annotated() -> Any:
    from hearth.adoption.models import AdoptionJourney
    from hearth.care_leavers.models import AdviserAllocation
    from hearth.casework.models import ChronologyEntry
    from hearth.child_protection.models import CPPlan, Section47Enquiry
    from hearth.children_in_care.models import PeriodOfCare

    child = OuterRef("pk")
    orders = AdoptionJourney.objects.filter(child=child, adoption_order_on__isnull=False)
    lines = ChronologyEntry.objects.filter(child=child).order_by("-occurred_on")
    return Person.objects.children().annotate(
        order_on=Subquery(orders.order_by("-adoption_order_on").values("adoption_order_on")[:1]),
        in_care=Exists(PeriodOfCare.objects.filter(child=child)),
        leaver=Exists(AdviserAllocation.objects.filter(young_person=child)),
        on_cp_plan=Exists(CPPlan.objects.filter(child=child)),
        had_s47=Exists(Section47Enquiry.objects.filter(child=child)),
        last_on=Subquery(lines.values("occurred_on")[:1]),
    )


def facts_for(person: Any) -> Facts:
    """From a row of `_annotated()`."""
    updated = timezone.localdate(person.updated_at)
    return Facts(
        date_of_birth=person.date_of_birth,
        date_of_death=person.date_of_death,
        adoption_order_on=person.order_on,
        looked_after=person.in_care,
        care_leaver=person.leaver,
        child_protection=person.on_cp_plan or person.had_s47,
        last_activity=max(person.last_on or updated, updated),
    )


def review_list(today: date | None = None) -> list[ReviewRow]:
    """Children's records past retention on `today`, longest overdue first (one query)."""
    today = today or timezone.localdate()
    rows = []
    for person in _annotated().only(
        "id", "first_name", "last_name", "date_of_birth", "date_of_death", "updated_at"
    ):
        facts = facts_for(person)
        kind = record_type(facts)
        until = retain_until(facts, kind)
        if until < today:
            rows.append(ReviewRow(person=person, kind=kind, until=until))
    return sorted(rows, key=lambda r: (r.until, r.person.pk))


def retention_for(person: Person) -> ReviewRow:
    annotated = _annotated().get(pk=person.pk)
    facts = facts_for(annotated)
    kind = record_type(facts)
    return ReviewRow(person=person, kind=kind, until=retain_until(facts, kind))


class ErasureRefused(Exception):
    pass


def person_erase(
    *, person: Person, user: User, reason: str, today: date | None = None
) -> ErasureRecord:
    """Erase a child's record past retention: every row that exists only for them (notes,
    documents and their files, plans, allocations, family links, chronology), links to them
    from other records cleared, and the person. What was removed is kept as counts by record
    type, with who and when, in an `ErasureRecord` and an audit entry; the audit log itself is
    never touched, so its chain still verifies. Refused before the retention date."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ErasureRefused("Enter the reason for the erasure")
    with transaction.atomic():
        row = retention_for(person)
        if row.until >= today:
            raise ErasureRefused(f"The record is kept until {row.until:%d %B %Y}")
        graph = collect(person, follow_nullable=False)
        files = _files(graph)
        cleared: dict[str, int] = {}
        for edge in graph.nullable:
            label = f"{edge.model._meta.label_lower}.{edge.field_name}"
            cleared[label] = edge.model._base_manager.filter(pk__in=edge.pks).update(
                **{edge.field_name: None}
            )
        removed = _delete(graph)
        record = ErasureRecord(
            person_ref=person.pk,
            record_type=row.kind,
            retention_until=row.until,
            erased_at=timezone.now(),
            erased_by=user,
            reason=reason.strip(),
            removed={"deleted": removed, "links_cleared": cleared},
        )
        record.full_clean()
        record.save()
        Auditor(user=user).record(
            AuditAction.DELETE,
            object_type="people.person",
            object_id=record.person_ref,
            child_id=record.person_ref,
            summary=f"Erased the record of person #{record.person_ref} past retention "
            f"({RECORD_TYPES.get(row.kind, row.kind)}, kept until {row.until:%d/%m/%Y})",
            changes={"deleted": removed, "links_cleared": cleared},
            reason=record.reason,
        )
        transaction.on_commit(lambda: _remove_files(files))
    return record


def _files(graph: Any) -> list[Any]:
    from django.db import models

    found = []
    for model, pks in graph.rows.items():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for obj in model._base_manager.filter(pk__in=pks):
            for f in file_fields:
                value = getattr(obj, f.attname)
                if value:
                    found.append((value.storage, value.name))
    return found


def _remove_files(files: list[Any]) -> None:
    for storage, name in files:
        storage.delete(name)


def _delete(graph: Any) -> dict[str, int]:
    """Delete the graph's rows, deepest first; a model whose rows another pending row still
    protects is retried after the others (each try in its own savepoint)."""
    pending = sorted(graph.rows, key=lambda m: -graph.depth[m])
    removed: dict[str, int] = {}
    for _ in range(len(pending) + 1):
        if not pending:
            break
        still: list[Any] = []
        for model in pending:
            try:
                with transaction.atomic():
                    _, by_model = model._base_manager.filter(pk__in=graph.rows[model]).delete()
            except (ProtectedError, IntegrityError):
                still.append(model)
                continue
            for label, n in by_model.items():
                if n:
                    removed[label.lower()] = removed.get(label.lower(), 0) + n
        pending = still
    if pending:
        names = ", ".join(m._meta.label_lower for m in pending)
        raise ErasureRefused(f"Could not erase: {names} still refer to the record")
    return removed
