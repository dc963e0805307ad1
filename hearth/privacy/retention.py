"""The retention schedule: how long each kind of child's record is kept, from
`settings.HEARTH["RETENTION_SCHEDULE"]` (defaults and their sources: docs/domain/retention.md),
the review list of records past retention for the data protection officer, and erasure.

A child's record type is the first that applies: adopted (an adoption order), care leaver (a
personal adviser allocated), looked after (any period of care), child protection (a section 47
enquiry or a child protection plan), otherwise child in need (every other child known).

An adult (a parent, carer, relative or other adult recorded in a child's case) is kept while
any child's record they appear in is kept (through a family relationship or a front door
contact), and for at least their own period ("adult": 6 years from the last change to their
details or links) once no such record is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.deletion import ProtectedError
from django.db.utils import IntegrityError
from django.utils import timezone

from hearth.core.audit import Auditor, AuditorError, erase_entries
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Person, Relationship
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
    "adult": "Adult in a child's record (parent, carer, relative)",
}

# Used unless `HEARTH["RETENTION_SCHEDULE"]` sets its own (docs/domain/retention.md).
DEFAULT_RULES: dict[str, dict[str, Any]] = {
    "adult": {"years": 6, "from": "last_activity"},
}


def schedule() -> dict[str, dict[str, Any]]:
    rules = cast(dict[str, dict[str, Any]], settings.HEARTH["RETENTION_SCHEDULE"])
    return {**DEFAULT_RULES, **rules}


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
class LinkedChild:
    """A child's record an adult appears in, and how long that record is kept."""

    child_id: int
    kind: str
    until: date

    @property
    def kind_label(self) -> str:
        return RECORD_TYPES.get(self.kind, self.kind)


@dataclass(frozen=True)
class ReviewRow:
    person: Person
    kind: str
    until: date
    # Adults only: the children's records they appear in, kept longest first.
    linked: tuple[LinkedChild, ...] = field(default=())
    own_until: date | None = None

    @property
    def kind_label(self) -> str:
        return RECORD_TYPES.get(self.kind, self.kind)

    def kept_for(self, today: date) -> list[LinkedChild]:
        """The linked children's records still inside their retention period on `today`."""
        return [link for link in self.linked if link.until >= today]


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


def _child_row(person: Any) -> tuple[str, date]:
    facts = facts_for(person)
    kind = record_type(facts)
    return kind, retain_until(facts, kind)


_CHILD_FIELDS = ("id", "first_name", "last_name", "date_of_birth", "date_of_death", "updated_at")


def _adult_links(adult_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """Adult id -> the children whose records name them: as a relative in the family network,
    or on the same front door contact (two queries, whatever the number of adults)."""
    from hearth.front_door.models import ContactPerson

    links: dict[int, set[int]] = defaultdict(set)
    relatives = Relationship.objects.filter(relative__is_child=False, child__is_child=True)
    on_contacts = ContactPerson.objects.filter(person__is_child=False)
    wanted = None if adult_ids is None else set(adult_ids)
    if wanted is not None:
        relatives = relatives.filter(relative_id__in=wanted)
        on_contacts = on_contacts.filter(person_id__in=wanted)
    for adult_id, child_id in relatives.values_list("relative_id", "child_id"):
        links[adult_id].add(child_id)
    by_contact: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for contact_id, person_id, is_child in ContactPerson.objects.filter(
        contact_id__in=on_contacts.values("contact_id")
    ).values_list("contact_id", "person_id", "person__is_child"):
        by_contact[contact_id][0 if is_child else 1].add(person_id)
    for children, adults in by_contact.values():
        for adult_id in adults if wanted is None else adults & wanted:
            links[adult_id] |= children
    return links


def _adults() -> Any:
    return Person.objects.adults().annotate(last_link=Max("relatives_of__updated_at"))


def _adult_row(
    person: Any, linked_ids: set[int], children: dict[int, tuple[str, date]]
) -> ReviewRow:
    updated = timezone.localdate(person.updated_at)
    if person.last_link:
        updated = max(updated, timezone.localdate(person.last_link))
    facts = Facts(
        date_of_birth=person.date_of_birth,
        date_of_death=person.date_of_death,
        adoption_order_on=None,
        looked_after=False,
        child_protection=False,
        last_activity=updated,
    )
    own = retain_until(facts, "adult")
    linked = tuple(
        sorted(
            (LinkedChild(child_id, *children[child_id]) for child_id in linked_ids),
            key=lambda link: (-link.until.toordinal(), link.child_id),
        )
    )
    until = max([own, *(link.until for link in linked)])
    return ReviewRow(person=person, kind="adult", until=until, linked=linked, own_until=own)


def review_list(today: date | None = None) -> list[ReviewRow]:
    """Records past retention on `today`, longest overdue first: children's records by their
    type, adults once every child's record they appear in is past retention and their own
    period has run (a fixed number of queries)."""
    today = today or timezone.localdate()
    children: dict[int, tuple[str, date]] = {}
    rows = []
    for person in _annotated().only(*_CHILD_FIELDS):
        kind, until = _child_row(person)
        children[person.pk] = (kind, until)
        if until < today:
            rows.append(ReviewRow(person=person, kind=kind, until=until))
    links = _adult_links()
    for adult in _adults().only(*_CHILD_FIELDS):
        row = _adult_row(adult, links.get(adult.pk, set()), children)
        if row.until < today:
            rows.append(row)
    return sorted(rows, key=lambda r: (r.until, r.person.pk))


def retention_for(person: Person) -> ReviewRow:
    if not person.is_child:
        linked = _adult_links([person.pk]).get(person.pk, set())
        children = {child.pk: _child_row(child) for child in _annotated().filter(pk__in=linked)}
        return _adult_row(_adults().get(pk=person.pk), linked, children)
    kind, until = _child_row(_annotated().get(pk=person.pk))
    return ReviewRow(person=person, kind=kind, until=until)


def refusal(row: ReviewRow, today: date) -> str:
    """Why the record cannot be erased yet, naming the kept child's record for an adult."""
    kept = row.kept_for(today)
    if kept:
        first = kept[0]
        more = f" and {len(kept) - 1} other children's records" if len(kept) > 1 else ""
        return (
            f"The record is kept until {row.until:%d %B %Y}: it appears in the record of child "
            f"{first.child_id} ({first.kind_label.lower()}), kept until {first.until:%d %B %Y}"
            f"{more}"
        )
    return f"The record is kept until {row.until:%d %B %Y}"


def _audit_entries_about(person: Person, graph: Any) -> Any:
    """The audit entries an erasure empties of text: those about the person's record (their
    `child_id`) and those about any row the erasure removes."""
    about = Q(child_id=person.pk)
    for model, pks in graph.rows.items():
        about |= Q(object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in pks])
    return AuditEntry.objects.filter(about)


class ErasureRefused(Exception):
    pass


def person_erase(
    *, person: Person, user: User, reason: str, today: date | None = None
) -> ErasureRecord:
    """Erase a record past retention (a child's, or an adult's once no child's record that names
    them is kept): every row that exists only for them (notes, documents and their files,
    plans, allocations, family links, chronology), links to them from other records cleared,
    and the person. What was removed is kept as counts by record type, with who and when, in
    an `ErasureRecord` and an audit entry. The audit entries about the record keep who did
    what and when, but their text (which can carry names) is replaced with "[erased <date>]"
    through `hearth.core.audit.erase_entries`, so the chain still verifies. Refused before the
    retention date, and for an adult whose details a kept child's record still needs."""
    today = today or timezone.localdate()
    if not reason.strip():
        raise ErasureRefused("Enter the reason for the erasure")
    with transaction.atomic():
        row = retention_for(person)
        if row.until >= today:
            raise ErasureRefused(refusal(row, today))
        graph = collect(person, follow_nullable=False)
        # Read under the chain lock by `erase_entries`, after the rows are gone (it names no
        # other table), so an entry written meanwhile is not missed.
        about = _audit_entries_about(person, graph)
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
        try:
            entry = erase_entries(
                about,
                auditor=Auditor(user=user),
                action=AuditAction.DELETE,
                object_type="people.person",
                object_id=record.person_ref,
                child_id=record.person_ref if person.is_child else None,
                summary=f"Erased the record of person #{record.person_ref} past retention "
                f"({RECORD_TYPES.get(row.kind, row.kind)}, kept until {row.until:%d/%m/%Y})",
                changes={"deleted": removed, "links_cleared": cleared},
                reason=record.reason,
            )
        except AuditorError as exc:
            raise ErasureRefused(str(exc)) from exc
        record.removed["audit"] = {
            "erasure_entry": entry.pk,
            "entries_erased": entry.changes["audit_erased"]["entries"],
        }
        record.save(update_fields=["removed"])
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
