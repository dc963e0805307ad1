"""Reads that span apps: the leaving care cohort (children in care approaching 16 and care
leavers) built from the care history, with everything the lists, the adviser's caseload,
the child's page, the due items and the extracts need, in a fixed number of queries.

`cohort_rows(today, ...)` makes the same queries whatever the number of young people: one
for the people, one for their episodes and one per care leavers record type.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max, Min, QuerySet

from hearth.care_leavers import rules
from hearth.care_leavers.models import IN_EDUCATION as IN_EDUCATION_CODES
from hearth.care_leavers.models import (
    Accommodation,
    AccommodationType,
    Activity,
    AdviserAllocation,
    CircumstanceChange,
    Contact,
    ContactFrequency,
    DetentionAtSixteen,
    NeedsAssessment,
    PathwayPlan,
    ServiceEnd,
    SupportRequest,
)
from hearth.people.models import Person

PERSON_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "date_of_death",
    "la_child_id",
    "sex",
    "ethnicity",
    "uasc",
    "restricted",
)


ACCOMMODATION_FIELDS = (
    "id",
    "start_date",
    "accommodation_type",
    "with_parent",
    "suitable",
    "staying_close",
)
ACTIVITY_FIELDS = ("id", "start_date", "code")


def years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


@functools.cache
def _accommodation_labels() -> dict[str, str]:
    """Built once: Django rebuilds a Choices class's `choices` list on every access."""
    return {str(value): str(label) for value, label in AccommodationType.choices}


@dataclass(frozen=True)
class AccommodationRow:
    pk: int
    start_date: date
    accommodation_type: str
    with_parent: bool
    suitable: bool
    staying_close: bool

    @property
    def oc3_code(self) -> str:
        return f"{self.accommodation_type}{1 if self.suitable else 2}"

    def get_accommodation_type_display(self) -> str:
        return str(_accommodation_labels().get(self.accommodation_type, ""))


@dataclass(frozen=True)
class ActivityRow:
    pk: int
    start_date: date
    code: str


@dataclass(frozen=True)
class AllocationRow:
    pk: int
    adviser_id: int
    adviser: str
    start_date: date


@dataclass
class CareLeaverRow:
    person: Person
    eligibility: rules.Eligibility
    history: rules.CareHistory
    allocation: AllocationRow | None = None
    last_in_touch: date | None = None
    last_seen: date | None = None
    contacts: list[tuple[date, str]] = field(default_factory=list)
    gap: rules.ContactGap | None = None
    latest_plan_on: date | None = None
    review: rules.ReviewDue | None = None
    needs_assessment_on: date | None = None
    accommodation: AccommodationRow | None = None
    accommodation_rows: list[AccommodationRow] = field(default_factory=list)
    activity: ActivityRow | None = None
    activity_rows: list[ActivityRow] = field(default_factory=list)
    health_history_on: date | None = None
    support_requested_on: date | None = None
    service_end: ServiceEnd | None = None
    frequency_weeks: int | None = None
    home_with_parent_since: date | None = None

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def masked(self) -> bool:
        """A restricted record the viewer is not named on: listed as "Restricted record"."""
        return bool(getattr(self.person, "masked", False))

    @property
    def adviser(self) -> Any:
        return self.allocation.adviser if self.allocation else None

    @property
    def is_closed(self) -> bool:
        if self.service_end is None:
            return False
        return self.allocation is None or self.allocation.start_date <= self.service_end.ended_on

    @property
    def owed_duty(self) -> bool:
        """On the leaving care service's list: a care leaver not closed to the service."""
        return self.eligibility.is_care_leaver and not self.is_closed

    @property
    def unallocated(self) -> bool:
        return self.eligibility.needs_adviser and self.allocation is None and not self.is_closed

    @property
    def plan_overdue(self) -> bool:
        return self.review is not None and self.review.due < self._today

    @property
    def no_plan(self) -> bool:
        return self.eligibility.needs_adviser and self.latest_plan_on is None

    @property
    def no_health_history(self) -> bool:
        return (
            self.eligibility.category in (rules.RELEVANT, rules.FORMER_RELEVANT)
            and self.health_history_on is None
        )

    _today: date = date.min


# Above this many people, records are narrowed by the people's dates of birth (a join on an
# indexed column) rather than by a list of ids: a long IN list costs more to build than the
# handful of extra rows costs to skip (rows for anyone else are never looked up).
ID_LIST_LIMIT = 300


def narrowed(qs: QuerySet[Any], people: list[Person], field: str = "young_person") -> QuerySet[Any]:
    """`qs` filtered to the records of `people` (or a superset of them for long lists)."""
    if len(people) <= ID_LIST_LIMIT:
        return qs.filter(**{f"{field}_id__in": [p.pk for p in people]})
    births = [p.date_of_birth for p in people if p.date_of_birth is not None]
    if not births:
        return qs.none()
    return qs.filter(
        **{
            f"{field}__date_of_birth__gte": min(births),
            f"{field}__date_of_birth__lte": max(births),
        }
    )


def _home_since(rows: list[Any], on: date) -> date | None:
    """Start of the unbroken run of 'with a parent' accommodation in force on `on`."""
    since = None
    for row in sorted(rows, key=lambda r: (r.start_date, r.pk)):
        if row.start_date > on:
            break
        since = (since or row.start_date) if row.with_parent else None
    return since


def _health_histories(people: list[Person]) -> dict[int, date]:
    """When each young person was first given their health history (recorded by the children
    in care app as HealthHistoryGiven; empty if that app does not record it)."""
    from django.apps import apps

    try:
        model = apps.get_model("children_in_care", "HealthHistoryGiven")
    except LookupError:
        return {}
    return dict(
        narrowed(model.objects.all(), people, "child")
        .values("child_id")
        .annotate(first=Min("given_on"))
        .values_list("child_id", "first")
    )


def in_force(rows: list[Any], on: date) -> Any:
    found = None
    for row in sorted(rows, key=lambda r: (r.start_date, r.pk)):
        if row.start_date <= on:
            found = row
    return found


def histories(people: Iterable[Person]) -> dict[int, rules.CareHistory]:
    """Care histories of these people from their SSDA903 episodes (one query)."""
    from hearth.children_in_care.models import Episode

    by_id = {p.pk: p for p in people if p.date_of_birth is not None}
    spells: dict[int, list[rules.CareSpell]] = defaultdict(list)
    for child_id, decom, dec, ls, rec in narrowed(
        Episode.objects.all(), list(by_id.values()), "child"
    ).values_list("child_id", "decom", "dec", "legal_status", "rec"):
        spells[child_id].append(rules.CareSpell(decom, dec, ls, rec))
    # Detained or in hospital on the 16th birthday (reg 3): the latest record counts.
    detained: dict[int, date] = {}
    for child_id, since in (
        narrowed(DetentionAtSixteen.objects.all(), list(by_id.values()))
        .order_by("created_at", "id")
        .values_list("young_person_id", "since")
    ):
        detained[child_id] = since
    return {
        pk: rules.CareHistory.of(
            p.date_of_birth,  # type: ignore[arg-type]
            spells.get(pk, ()),
            p.date_of_death,
            detained.get(pk),
        )
        for pk, p in by_id.items()
    }


def candidates(today: date, scope: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People aged 15 to 25 with a care history: the only ones who can be on the lists."""
    from hearth.children_in_care.models import Episode

    base = scope if scope is not None else Person.objects.children()
    return (
        base.filter(
            date_of_birth__gt=years_before(today, 25),
            date_of_birth__lte=years_before(today, 15),
            pk__in=Episode.objects.values("child_id"),
        )
        .only(*PERSON_FIELDS)
        .order_by("last_name", "first_name", "id")
    )


def allocation_rows(
    qs: QuerySet[AdviserAllocation], people: list[Person]
) -> dict[int, AllocationRow]:
    """The adviser allocations in `qs` of `people`, by young person (one query)."""
    allocations: dict[int, AllocationRow] = {}
    for pk, pid, adviser_id, first, last, username, start in narrowed(qs, people).values_list(
        "id",
        "young_person_id",
        "adviser_id",
        "adviser__first_name",
        "adviser__last_name",
        "adviser__username",
        "start_date",
    ):
        name = f"{first} {last}".strip() or username
        allocations[pid] = AllocationRow(pk, adviser_id, name, start)
    return allocations


ContactFacts = tuple[date, str, str]  # (contact_on, outcome, method)


def contacts_by_person(
    qs: QuerySet[Contact], people: list[Person]
) -> dict[int, list[ContactFacts]]:
    """The contacts in `qs` of `people`, oldest first, by young person (one query)."""
    contacts: dict[int, list[ContactFacts]] = defaultdict(list)
    for pid, on, outcome, method in (
        narrowed(qs, people)
        .order_by("contact_on", "id")
        .values_list("young_person_id", "contact_on", "outcome", "method")
    ):
        contacts[pid].append((on, outcome, method))
    return contacts


def with_contacts(
    row: CareLeaverRow,
    contacts: Iterable[ContactFacts],
    today: date,
    config: rules.ContactSettings,
) -> CareLeaverRow:
    """Fills in the row's contacts, when the young person was last in touch and last seen,
    and the gap in contact on `today` (the contact-gap rule: the one place it is applied, for
    the service's lists and for the indicators as at a past date). The row's eligibility,
    allocation and contact frequency must already be those of `today`."""
    contacts = list(contacts)
    row.contacts = [(on, outcome) for on, outcome, _ in contacts]
    row.last_in_touch = row.last_seen = None
    for on, outcome, method in contacts:  # oldest first: the last one found is the latest
        if outcome == "in_touch":
            row.last_in_touch = on
            if method == "face_to_face":
                row.last_seen = on
    row.gap = None
    eligibility, allocation = row.eligibility, row.allocation
    if eligibility.category != rules.TRANSITION and (
        eligibility.needs_adviser or allocation is not None
    ):
        since = allocation.start_date if allocation else today
        if eligibility.left_care_on and allocation is None:
            since = eligibility.left_care_on
        row.gap = rules.contact_gap(
            last_in_touch=row.last_in_touch,
            last_seen=row.last_seen,
            since=since,
            today=today,
            expected_weeks=rules.expected_contact_weeks(
                rules.age_on(row.history.born, today), row.frequency_weeks, config
            ),
            escalate_weeks=config.escalate_weeks,
        )
    return row


def with_review(
    row: CareLeaverRow,
    changes: list[tuple[date, str]],
    today: date,
    config: rules.ContactSettings,
) -> CareLeaverRow:
    """Fills in when the row's pathway plan is next reviewed on `today`: six months after the
    latest plan, or sooner after a move of accommodation, a change of activity or one of the
    significant `changes` since it (the one place this is worked out, for the service's lists
    and for the indicators as at a past date)."""
    row.review = None
    if row.latest_plan_on is not None:
        moves = [
            (a.start_date, "a move of accommodation")
            for a in row.accommodation_rows
            if a.start_date <= today
        ]
        moves += [
            (a.start_date, "a change of activity")
            for a in row.activity_rows
            if a.start_date <= today
        ]
        row.review = rules.plan_review_due(
            row.latest_plan_on, moves + changes, config.change_review_weeks
        )
    return row


def cohort_rows(
    today: date,
    *,
    scope: QuerySet[Person] | None = None,
    people: list[Person] | None = None,
) -> list[CareLeaverRow]:
    """Rows for every young person in `people` (or the candidates within `scope`) who is on
    the transition list or a care leaver on `today`, or has a record with the service."""
    if people is None:
        people = list(candidates(today, scope))
    found = histories(people)
    allocations = allocation_rows(AdviserAllocation.objects.current(), people)
    # Only people with a care history or an adviser can be on a list: read the rest no further.
    found = {pk: h for pk, h in found.items() if h.counted() or pk in allocations}
    if not found:
        return []
    kept = [p for p in people if p.pk in found]
    contacts = contacts_by_person(Contact.objects.all(), kept)
    plans = dict(
        narrowed(PathwayPlan.objects.all(), kept)
        .values("young_person_id")
        .annotate(last=Max("plan_date"))
        .values_list("young_person_id", "last")
    )
    assessments = dict(
        narrowed(NeedsAssessment.objects.all(), kept)
        .values("young_person_id")
        .annotate(last=Max("completed_on"))
        .values_list("young_person_id", "last")
    )
    health = _health_histories(kept)
    requests = dict(
        narrowed(SupportRequest.objects.all(), kept)
        .values("young_person_id")
        .annotate(first=Min("requested_on"))
        .values_list("young_person_id", "first")
    )
    ends: dict[int, ServiceEnd] = {}
    for end in narrowed(ServiceEnd.objects.all(), kept).order_by("ended_on", "id"):
        ends[end.young_person_id] = end
    frequencies: dict[int, int] = {}
    for pid, weeks in (
        narrowed(ContactFrequency.objects.all(), kept)
        .order_by("set_on", "id")
        .values_list("young_person_id", "weeks")
    ):
        frequencies[pid] = weeks
    accommodation: dict[int, list[AccommodationRow]] = defaultdict(list)
    for pid, *values in (
        narrowed(Accommodation.objects.all(), kept)
        .order_by("start_date", "id")
        .values_list("young_person_id", *ACCOMMODATION_FIELDS)
    ):
        accommodation[pid].append(AccommodationRow(*values))
    activities: dict[int, list[ActivityRow]] = defaultdict(list)
    for pid, *values in (
        narrowed(Activity.objects.all(), kept)
        .order_by("start_date", "id")
        .values_list("young_person_id", *ACTIVITY_FIELDS)
    ):
        activities[pid].append(ActivityRow(*values))
    changes: dict[int, list[tuple[date, str]]] = defaultdict(list)
    change_labels = dict(CircumstanceChange._meta.get_field("kind").choices or [])
    for pid, on, kind in narrowed(CircumstanceChange.objects.all(), kept).values_list(
        "young_person_id", "occurred_on", "kind"
    ):
        label = change_labels.get(kind, kind)
        changes[pid].append((on, f"a significant change ({str(label).lower()})"))

    config = rules.ContactSettings.read()
    rows: list[CareLeaverRow] = []
    for person in people:
        pid = person.pk
        history = found.get(pid)
        if history is None:
            continue
        acc_rows = accommodation.get(pid, [])
        act_rows = activities.get(pid, [])
        activity = in_force(act_rows, today) if act_rows else None
        home_since = _home_since(acc_rows, today) if acc_rows else None
        eligibility = rules.eligibility(
            history,
            today,
            support_requested_on=requests.get(pid),
            in_education=activity is not None and activity.code in IN_EDUCATION_CODES,
            home_with_parent_since=home_since,
        )
        allocation = allocations.get(pid)
        if eligibility.category == rules.NONE and allocation is None:
            continue
        row = CareLeaverRow(
            person=person,
            eligibility=eligibility,
            history=history,
            allocation=allocation,
            latest_plan_on=plans.get(pid),
            needs_assessment_on=assessments.get(pid),
            accommodation=in_force(acc_rows, today) if acc_rows else None,
            accommodation_rows=acc_rows,
            activity=activity,
            activity_rows=act_rows,
            health_history_on=health.get(pid),
            support_requested_on=requests.get(pid),
            service_end=ends.get(pid),
            frequency_weeks=frequencies.get(pid),
            home_with_parent_since=home_since,
        )
        row._today = today
        with_contacts(row, contacts.get(pid, ()), today, config)
        with_review(row, changes.get(pid, []), today, config)
        rows.append(row)
    return rows


def row_for(person: Person, today: date) -> CareLeaverRow | None:
    """The row for one young person already scoped by the access helper (no queries for a
    child outside the ages 15 to 25)."""
    born = person.date_of_birth
    if born is None or not 15 <= rules.age_on(born, today) <= 25:
        return None
    rows = cohort_rows(today, people=[person])
    return rows[0] if rows else None


@dataclass(frozen=True)
class CaseMove:
    """The case should move to the personal adviser: care has ended for a relevant or former
    relevant young person whose current adviser does not yet hold the case."""

    adviser_allocation: AdviserAllocation
    left_care_on: date
    category: str
    held_by: str
    on: date


def case_move_due(person: Person, today: date, row: CareLeaverRow | None = None) -> CaseMove | None:
    """Whether (and from when) the case moves to the adviser (DOMAIN.md 1.11): the social
    worker's allocation ends when a relevant young person leaves care at 16 or 17, or an
    eligible one leaves at 18 (former relevant). A few queries for one young person (fewer
    when the page already has their `row`)."""
    current = AdviserAllocation.objects.current().filter(young_person=person)
    allocation = current.select_related("adviser").first()
    if allocation is None or person.date_of_birth is None:
        return None
    row = row or row_for(person, today)
    if row is None or row.is_closed or row.history.looked_after_on(today):
        return None
    category, left_on = row.eligibility.category, row.eligibility.left_care_on
    if category not in (rules.RELEVANT, rules.FORMER_RELEVANT) or left_on is None:
        return None
    case = person.allocations.current(today).select_related("worker", "team").first()
    if case is not None and case.worker_id == allocation.adviser_id:
        return None
    held_by = str(case.worker or case.team) if case is not None else "nobody"
    latest = person.allocations.aggregate(latest=Max("start_date"))["latest"]
    on = max(d for d in (left_on, allocation.start_date, latest) if d is not None)
    return CaseMove(allocation, left_on, category, held_by, min(on, today))
