"""Reads that span apps, each gathered in one place so its page makes a fixed number of
queries whatever the size of the record or the caseload."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from hearth.accounts.models import Team, User
from hearth.casework.models import (
    Allocation,
    CaseNote,
    CaseNoteStatus,
    ChronologyEntry,
    Document,
)
from hearth.casework.presenters import (
    DueRow,
    due_row,
    due_rows_overdue_first,
    url_builder,
    work_counts,
)
from hearth.core import worktray
from hearth.people.models import Person
from hearth.people.querysets import PersonQuerySet
from hearth.timescales.engine import due_items
from hearth.timescales.gates import open_entries

RECENT_CHRONOLOGY = 10
RECENT_NOTES = 20
RECENT_DOCUMENTS = 20

# Tables behind the other apps' sections of the child's page. Most children have no row in
# most of them: one query (timescales.gates.open_entries) says which are empty for this child,
# and a section reads an empty table as an empty list instead of asking the database again.
SECTION_TABLES = frozenset(
    {
        "child_protection.StrategyDiscussion.child",
        "child_protection.Section47Enquiry.child",
        "child_protection.CPPlan.child",
        "child_protection.CINPlan.child",
        "child_protection.PreProceedings.child",
        "children_in_care.PeriodOfCare.child",
        "adoption.AdoptionJourney.child",
        "adoption.PermanenceOrder.child",
        "portal.PortalAccount.person",
        "missing_exploitation.MissingEpisode.child",
        "missing_exploitation.Screening.child",
    }
)


def _family_network(child: Person) -> Any:
    """The people engineer's family network, when that selector exists."""
    try:
        from hearth.people.selectors import family_network
    except ImportError:
        return None
    return family_network(child)


@dataclass
class ChildPage:
    child: Person
    today: date
    allocation: Allocation | None
    allocations: list[Allocation]
    due: list[DueRow]
    chronology: list[ChronologyEntry]
    case_notes: list[CaseNote]
    documents: list[Document]
    network: Any
    can_allocate: bool
    significant_first: bool
    empty_tables: frozenset[str] = frozenset()


def visible_case_notes(child: Person, user: User) -> QuerySet[CaseNote]:
    """Final notes, and the user's own drafts: a draft belongs to its author until final."""
    return child.case_notes.filter(
        Q(status=CaseNoteStatus.FINAL) | Q(status=CaseNoteStatus.DRAFT, author=user)
    )


def child_page(
    child: Person, user: User, today: date, *, significant_first: bool = False
) -> ChildPage:
    """Everything the child's page shows, in a fixed number of queries."""
    allocations = list(
        child.allocations.select_related("worker", "team", "created_by").order_by(
            "-start_date", "-id"
        )
    )
    current = next(
        (
            a
            for a in allocations
            if a.start_date <= today and (a.end_date is None or a.end_date > today)
        ),
        None,
    )
    chronology_qs = child.chronology.select_related("recorded_by")
    if significant_first:
        chronology_qs = chronology_qs.order_by("-significant", "-occurred_on", "-id")
    # The user's drafts first ('draft' sorts before 'final'), then the newest final notes.
    notes = list(
        visible_case_notes(child, user)
        .select_related("author")
        .defer("body")  # the page lists notes; their text is read on the note's own page
        .order_by("status", "-contact_date", "-id")[:RECENT_NOTES]
    )
    items = [
        due_row(item, today)
        for item in due_items([child.pk], today=today)
        if item.rule.id != "case_note_finalise" or item.assignee_id == user.pk
    ]
    can_allocate = False
    if user.is_manager:
        managed = set(user.managed_team_ids())
        can_allocate = bool(managed) if current is None else current.team_id in managed
    return ChildPage(
        child=child,
        today=today,
        allocation=current,
        allocations=allocations,
        due=due_rows_overdue_first(items),
        chronology=list(chronology_qs[:RECENT_CHRONOLOGY]),
        case_notes=notes,
        documents=list(child.documents.select_related("uploaded_by")[:RECENT_DOCUMENTS]),
        network=_family_network(child),
        can_allocate=can_allocate,
        significant_first=significant_first,
        empty_tables=SECTION_TABLES - open_entries(SECTION_TABLES, [child.pk]),
    )


# --- My work -----------------------------------------------------------------------------


@dataclass
class CaseloadRow:
    allocation: Allocation
    overdue: int = 0
    next_due: DueRow | None = None
    url: str = ""  # the child's page; empty for a masked row

    @property
    def child(self) -> Person:
        return self.allocation.child

    @property
    def masked(self) -> bool:
        """A restricted record the user is not named on: shown as "Restricted record"."""
        return bool(getattr(self.allocation, "masked", False))


@dataclass
class MyWork:
    due: list[DueRow]
    counts: str
    overdue: int
    due_this_week: int
    drafts: list[CaseNote]
    caseload: list[CaseloadRow]
    panels: list[worktray.Panel] = field(default_factory=list)
    draft_urls: dict[int, str] = field(default_factory=dict)  # by case note id


def _visible_children(user: User) -> QuerySet[Person]:
    return Person.objects.children().visible_to(user)


def _masked(user: User, child_field: str = "child") -> Case:
    """Annotation for caseload lists: True for a restricted child the user is not named on.
    Such a child stays on the list as a masked row ("Restricted record": no name, date of birth
    or link) so that caseload counts stay true; opening it still answers "not found"."""
    return Case(
        When(PersonQuerySet.unrestricted_q(user, child_field), then=Value(False)),
        default=Value(True),
        output_field=BooleanField(),
    )


# Only the columns worktrays show: rows for thousands of children stay cheap to build.
CHILD_LIST_FIELDS = (
    "child__id",
    "child__first_name",
    "child__last_name",
    "child__known_as",
    "child__date_of_birth",
    "child__expected_date_of_birth",
)
_CHILD_ONLY_FIELDS = tuple(f.removeprefix("child__") for f in CHILD_LIST_FIELDS if f != "child__id")


def my_work(user: User, today: date) -> MyWork:
    """The signed-in user's work: due items for their children and their own drafts."""
    allocations = list(
        Allocation.objects.current(today)
        .filter(PersonQuerySet.not_excluded_q(user, "child"), worker=user)
        .annotate(masked=_masked(user))
        .select_related("child")
        .only("id", "child_id", "team_id", "worker_id", "start_date", *CHILD_LIST_FIELDS)
        .order_by("child__last_name", "child__first_name", "child_id")
    )
    drafts = list(
        CaseNote.objects.drafts_by(user)
        .select_related("child")
        .only(
            "id",
            "child_id",
            "note_type",
            "subject",
            "updated_at",
            "contact_date",
            *CHILD_LIST_FIELDS,
        )
        .order_by("-updated_at", "-id")
    )
    # A masked (restricted, not named) child counts on the caseload but shows no work.
    children: dict[int, Person] = {a.child_id: a.child for a in allocations if not a.masked}
    caseload_ids = set(children)
    # Drafts on a child the user can no longer see are not offered. A child shown unmasked on
    # the caseload already meets visible_to (allocated to the user now, no exclusion, not
    # restricted against them), so only drafts on other children are looked up.
    elsewhere_drafts = {n.child_id for n in drafts} - caseload_ids
    if elsewhere_drafts:
        still_visible = caseload_ids | set(
            _visible_children(user).filter(pk__in=elsewhere_drafts).values_list("pk", flat=True)
        )
        drafts = [n for n in drafts if n.child_id in still_visible]
    for note in drafts:
        children.setdefault(note.child_id, note.child)
    # Work assigned to the user on other people's children (authorisations, actions, oversight
    # asked of a manager), found by the apps above casework (hearth.core.worktray).
    elsewhere = worktray.assigned_children(user, today) - {a.child_id for a in allocations}
    if elsewhere:
        for child in (
            _visible_children(user).filter(pk__in=elsewhere).only("id", *_CHILD_ONLY_FIELDS)
        ):
            children[child.pk] = child
    rows: list[DueRow] = []
    child_url = url_builder("casework:child_detail")
    for item in due_items(list(children), today=today):
        mine = item.assignee_id == user.pk or (
            item.assignee_id is None and item.child_id in caseload_ids
        )
        if not mine:
            continue
        child = children[item.child_id]
        rows.append(
            due_row(
                item,
                today,
                child_name=child.display_name,
                child_url=child_url(child.pk),
            )
        )
    rows = due_rows_overdue_first(rows)
    caseload = {
        a.child_id: CaseloadRow(a, url="" if a.masked else child_url(a.child_id))
        for a in allocations
    }
    note_url = url_builder("casework:case_note", arity=2)
    for row in rows:
        entry = caseload.get(row.item.child_id)
        if entry is None:
            continue
        entry.overdue += row.is_overdue
        if entry.next_due is None:
            entry.next_due = row
    return MyWork(
        due=rows,
        counts=work_counts(rows),
        overdue=sum(r.is_overdue for r in rows),
        due_this_week=sum(r.is_due_this_week for r in rows),
        drafts=drafts,
        caseload=list(caseload.values()),
        panels=worktray.panels(user, today),
        draft_urls={n.pk: note_url(n.child_id, n.pk) for n in drafts},
    )


# --- Team work ---------------------------------------------------------------------------


@dataclass
class WorkerRow:
    worker: User
    caseload: int = 0
    overdue: int = 0


@dataclass
class UnallocatedRow:
    allocation: Allocation
    overdue: int = 0

    @property
    def masked(self) -> bool:
        """A restricted record the user is not named on: shown as "Restricted record"."""
        return bool(getattr(self.allocation, "masked", False))


@dataclass
class TeamWork:
    team: Team
    workers: list[WorkerRow] = field(default_factory=list)
    unallocated: list[UnallocatedRow] = field(default_factory=list)
    children: int = 0
    overdue: int = 0


def manageable_teams(user: User) -> list[Team]:
    """Teams whose work this user oversees: those they manage, directly or by service."""
    if not user.is_manager:
        return []
    return list(
        Team.objects.filter(Q(manager=user) | Q(service__manager=user))
        .select_related("service")
        .order_by("name")
    )


def team_work(user: User, today: date, teams: list[Team]) -> list[TeamWork]:
    """Each worker's caseload and overdue items, and the team's unallocated children."""
    team_ids = [t.pk for t in teams]
    allocations = list(
        Allocation.objects.current(today)
        .filter(PersonQuerySet.not_excluded_q(user, "child"), team_id__in=team_ids)
        .annotate(masked=_masked(user))
        .select_related("child", "worker")
        .only(
            "id",
            "child_id",
            "team_id",
            "worker_id",
            "start_date",
            *CHILD_LIST_FIELDS,
            "worker__id",
            "worker__first_name",
            "worker__last_name",
            "worker__username",
        )
        .order_by("child__last_name", "child__first_name", "child_id")
    )
    members = list(
        User.objects.filter(team_id__in=team_ids, is_active=True).order_by(
            "last_name", "first_name"
        )
    )
    overdue_by_child: dict[int, int] = defaultdict(int)
    for item in due_items([a.child_id for a in allocations], today=today):
        if item.is_overdue(today):
            overdue_by_child[item.child_id] += 1
    result = {t.pk: TeamWork(team=t) for t in teams}
    rows: dict[tuple[int, int], WorkerRow] = {}
    for member in members:
        if member.team_id in result:
            rows[(member.team_id, member.pk)] = WorkerRow(member)
    for allocation in allocations:
        team = result[allocation.team_id]
        overdue = overdue_by_child[allocation.child_id]
        team.children += 1
        team.overdue += overdue
        if allocation.worker is None:
            team.unallocated.append(UnallocatedRow(allocation, overdue))
            continue
        key = (allocation.team_id, allocation.worker_id)
        row = rows.setdefault(key, WorkerRow(allocation.worker))
        row.caseload += 1
        row.overdue += overdue
    for (team_id, _), row in rows.items():
        result[team_id].workers.append(row)
    for team in result.values():
        team.workers.sort(key=lambda r: (-r.overdue, -r.caseload, r.worker.last_name))
    return list(result.values())


# --- Chronology --------------------------------------------------------------------------


def chronology_categories(child: Person) -> list[str]:
    return list(child.chronology.order_by("category").values_list("category", flat=True).distinct())
