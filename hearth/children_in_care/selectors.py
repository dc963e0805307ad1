"""Reads for the managers' and IROs' lists, and the visits a worker can add a bedroom to.
Each makes a fixed number of queries whatever the number of children."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.accounts.models import User
from hearth.casework.models import VISIT_TYPES
from hearth.children_in_care import presenters, rules
from hearth.children_in_care.models import IROChallenge, PeriodOfCare, Review
from hearth.people.models import Person
from hearth.timescales.catalogue import rule


@dataclass(frozen=True)
class ReviewDueRow:
    child: Person
    period: PeriodOfCare
    reviews_held: int
    due: date
    rule_title: str
    iro: str
    # A restricted record the viewer is not named on: listed as "Restricted record".
    masked: bool = False

    def is_overdue(self, today: date) -> bool:
        return self.due < today


def reviews_due(user: User, today: date) -> list[ReviewDueRow]:
    """Every open period of care in the user's circle, with its next review, soonest first
    (restricted children they are not named on masked). Two queries."""
    periods = list(
        PeriodOfCare.objects.open().listed_for(user).select_related("child", "iro").order_by("pk")
    )
    held: dict[int, list[date]] = defaultdict(list)
    for period_id, held_on in (
        Review.objects.filter(period__in=[p.pk for p in periods])
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        held[period_id].append(held_on)
    rows = []
    for period in periods:
        rule_id, start, _ = rules.review_due(period.start_date, held[period.pk])
        found = rule(rule_id)
        rows.append(
            ReviewDueRow(
                child=period.child,
                period=period,
                reviews_held=len(held[period.pk]),
                due=found.due_from(start),
                rule_title=found.title,
                iro=str(period.iro) if period.iro else "Not allocated",
                masked=period.child_masked,
            )
        )
    return sorted(rows, key=lambda r: (r.due, r.child.pk))


@dataclass(frozen=True)
class ChallengeRow:
    challenge: IROChallenge
    stage: str
    days_open: int
    respond_by: date | None
    overdue: bool

    @property
    def masked(self) -> bool:
        """A restricted record the viewer is not named on: listed as "Restricted record"."""
        return bool(getattr(self.challenge, "child_masked", False))


def open_challenges(user: User, today: date) -> list[ChallengeRow]:
    """Open IRO challenges the user may see, longest open first. Two queries."""
    found = IROChallenge.objects.open().listed_for(user).for_report().order_by("raised_on", "pk")
    rows = []
    for challenge in found:
        step = presenters.current_step(challenge)
        rows.append(
            ChallengeRow(
                challenge=challenge,
                stage=step.get_stage_display() if step else "",
                days_open=presenters.days_open(challenge, today),
                respond_by=step.respond_by if step else None,
                overdue=presenters.response_overdue(challenge, today),
            )
        )
    return rows


def visits_for_bedroom(child: Person) -> list[Any]:
    """The child's recent final visits at which they were seen, without a bedroom record."""
    return list(
        child.case_notes.final()
        .filter(note_type__in=list(VISIT_TYPES), child_seen=True, cla_visit__isnull=True)
        .order_by("-contact_date")[:5]
    )


@dataclass(frozen=True)
class TrackerRow:
    """One child in care on the permanence tracker (dates already formatted for display)."""

    child_id: int
    child_name: str
    child_url: str
    started: str
    days_in_care: int
    legal_status: str
    place: str
    plan: str
    contingency: str
    plan_agreed: str
    reviews_held: int
    placement_order: str
    permanent_placement: str
    last_progress_on: date
    flags: tuple[str, ...]
    # A restricted record the viewer is not named on: listed as "Restricted record".
    masked: bool = False


PERMANENT_PLACEMENTS = frozenset({"U1", "U4", "A3", "A4", "A5", "A6"})


def _drift_months() -> int:
    from django.conf import settings

    return int(getattr(settings, "HEARTH", {}).get("PERMANENCE_DRIFT_MONTHS", 6))


def permanence_tracker(user: User, today: date, *, flagged_only: bool = False) -> list[TrackerRow]:
    """Every child looked after now whom the user may see, with the permanence plan, its
    milestones and drift flags. Ten queries whatever the number of children, each
    aggregated to about one row per child in the database; plain rows (no model instances)
    so 1,500 children stay fast (bench/permanence_tracker.py)."""
    from functools import lru_cache

    from django.db.models import Count, Max, Min, Q
    from django.urls import reverse

    from hearth.children_in_care.models import (
        Episode,
        LifeStoryStatus,
        LifeStoryWork,
        LongTermMatch,
        PermanenceOption,
        PermanencePlan,
    )
    from hearth.core.presenters import format_date
    from hearth.timescales.rules import add_months

    # Restricted children the user is not named on stay listed (the count stays true), masked.
    scope = PeriodOfCare.objects.open().listed_for(user)
    periods = list(
        scope.order_by("start_date", "pk").values_list(
            "pk", "start_date", "child_id", "child__first_name", "child__last_name", "child_masked"
        )
    )
    # The related rows are read for every open period and kept only for the periods in scope:
    # one indexed join each, far cheaper than repeating the visibility subquery or binding
    # thousands of ids (an authority has hundreds or a few thousand children in care).
    ids = PeriodOfCare.objects.open().values("pk")
    reviews: dict[int, tuple[int, date]] = {
        period_id: (held, first)
        for period_id, held, first in Review.objects.filter(period__in=ids)
        .values("period_id")
        .annotate(held=Count("pk"), first=Min("held_on"))
        .values_list("period_id", "held", "first")
    }
    plans: dict[int, tuple[str, str, date | None]] = {}
    for period_id, plan, contingency, agreed in (
        PermanencePlan.objects.filter(period__in=ids)
        .order_by("agreed_on", "pk")
        .values_list("period_id", "plan", "contingency", "agreed_on")
    ):
        plans[period_id] = (plan, contingency, agreed)
    milestones: dict[int, tuple[date, date | None, date | None]] = {
        period_id: (latest, order_on, placed_on)
        for period_id, latest, order_on, placed_on in Episode.objects.filter(period__in=ids)
        .values("period_id")
        .annotate(
            latest=Max("decom"),
            order_on=Min("decom", filter=Q(legal_status="E1")),
            placed_on=Min("decom", filter=Q(place__in=list(PERMANENT_PLACEMENTS))),
        )
        .values_list("period_id", "latest", "order_on", "placed_on")
    }
    current: dict[int, tuple[str, str]] = {
        period_id: (legal_status, place)
        for period_id, legal_status, place in Episode.objects.filter(
            period__in=ids, dec__isnull=True
        ).values_list("period_id", "legal_status", "place")
    }
    stories: dict[int, str] = {}
    for period_id, status in (
        LifeStoryWork.objects.filter(period__in=ids)
        .order_by("updated_on", "pk")
        .values_list("period_id", "status")
    ):
        stories[period_id] = status
    unassessed = unassessed_sibling_periods({p[0]: p[2] for p in periods})
    matched = set(
        LongTermMatch.objects.filter(period__end_date__isnull=True).values_list(
            "period_id", flat=True
        )
    )
    months = _drift_months()
    drift_before = add_months(today, -months)
    labels = dict(PermanenceOption.choices)
    second_review = rule(rules.SECOND_REVIEW)
    child_url = reverse("children_in_care:child", args=[0]).replace("/0/", "/{}/")
    fmt = lru_cache(maxsize=None)(lambda d: format_date(d, empty=""))
    long_term = PermanenceOption.LONG_TERM_FOSTERING
    rows = []
    for pk, start_date, child_id, first_name, last_name, masked in periods:
        held, first_review = reviews.get(pk, (0, None))
        plan, contingency, agreed_on = plans.get(pk, ("", "", None))
        latest, order_on, placed_on = milestones.get(pk, (start_date, None, None))
        legal_status, place = current.get(pk, ("", ""))
        progress = max(d for d in (start_date, agreed_on, latest, order_on) if d)
        flags = []
        if not plan and (
            held >= 2 or (first_review is not None and second_review.due_from(first_review) < today)
        ):
            flags.append("No permanence plan by the second review")
        if progress < drift_before:
            flags.append(f"No progress for {months} months")
        if plan == long_term and place not in {"U1", "U4"} and pk not in matched:
            flags.append("Long-term fostering not matched")
        if plan == PermanenceOption.ADOPTION and order_on is None:
            flags.append("Adoption plan without a placement order")
        if plan and stories.get(pk, LifeStoryStatus.NOT_STARTED) == LifeStoryStatus.NOT_STARTED:
            flags.append("Life-story work not started")
        if pk in unassessed:
            flags.append("Brothers or sisters not assessed together or apart")
        if flagged_only and not flags:
            continue
        rows.append(
            TrackerRow(
                child_id=child_id,
                child_name="Restricted record" if masked else f"{first_name} {last_name}".strip(),
                child_url="" if masked else child_url.format(child_id),
                started=fmt(start_date),
                days_in_care=(today - start_date).days,
                legal_status=legal_status,
                place=place,
                plan=labels.get(plan, "Not recorded"),
                contingency=labels.get(contingency, ""),
                plan_agreed=fmt(agreed_on) if agreed_on else "",
                reviews_held=held,
                placement_order=fmt(order_on) if order_on else "",
                permanent_placement=fmt(placed_on) if placed_on else "",
                last_progress_on=progress,
                flags=tuple(flags),
                masked=masked,
            )
        )
    return rows


@dataclass(frozen=True)
class HealthRecords:
    """Everything the child's health page shows, read through the scoped child."""

    assessments: list[Any]
    checks: list[Any]
    sdqs: list[Any]
    substance_misuse: list[Any]
    convictions: list[Any]
    histories: list[Any]
    due: list[Any]


def health_for(child: Person, today: date) -> HealthRecords:
    """The child's health records, newest first, and what is due. Fixed queries."""
    from hearth.children_in_care.rules import health_due

    return HealthRecords(
        assessments=list(child.health_assessments.select_related("recorded_by")),
        checks=list(child.health_checks.all()),
        sdqs=list(child.sdqs.all()),
        substance_misuse=list(child.substance_misuse.all()),
        convictions=list(child.convictions.all()),
        histories=list(child.health_histories_given.all()),
        due=sorted(health_due([child.pk], today), key=lambda i: i.due),
    )


@dataclass(frozen=True)
class EducationRecords:
    schools: list[Any]
    peps: list[Any]
    virtual_school: list[Any]
    exclusions: list[Any]
    attendance: list[Any]
    due: list[Any]

    @property
    def current_school(self) -> Any:
        return next((s for s in self.schools if s.ended_on is None), None)


def education_for(child: Person, today: date) -> EducationRecords:
    """The child's school, PEPs, virtual school involvement, exclusions and attendance,
    newest first, and the PEP due. Fixed queries."""
    from hearth.children_in_care.rules import education_due

    return EducationRecords(
        schools=list(child.school_placements.all()),
        peps=list(child.peps.all()),
        virtual_school=list(child.virtual_school_contacts.all()),
        exclusions=list(child.exclusions.all()),
        attendance=list(child.attendance_records.all()),
        due=sorted(education_due([child.pk], today), key=lambda i: i.due),
    )


# --- Placements: siblings, sufficiency, recruitment ----------------------------------------------

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 2", 0, 1),
    ("2 to 4", 2, 4),
    ("5 to 9", 5, 9),
    ("10 to 15", 10, 15),
    ("16 and 17", 16, 17),
)


def _band(age: int | None) -> str:
    for label, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return label
    return "18 or over" if age is not None and age > 17 else "Age not known"


def siblings_without_assessment(child: Person, period: PeriodOfCare, today: date) -> list[Person]:
    """Brothers and sisters looked after now with no together-or-apart assessment with this
    child in this period of care (flagged on the child's page). Two queries."""
    from hearth.children_in_care.services import siblings_looked_after

    assessed = set(period.sibling_assessments.values_list("sibling_id", flat=True))
    return [s for s in siblings_looked_after(child, today) if s.pk not in assessed]


def unassessed_sibling_periods(period_children: dict[int, int]) -> set[int]:
    """Of these open periods ({period id: child id}), those whose child has a looked after
    brother or sister and no together-or-apart assessment with them in the period. Three
    queries."""
    from hearth.children_in_care.models import SiblingAssessment
    from hearth.people.models import SIBLING_KINDS, Relationship

    if not period_children:
        return set()
    in_care = set(PeriodOfCare.objects.open().values_list("child_id", flat=True))
    wanted = set(period_children.values())
    pairs: dict[int, set[int]] = defaultdict(set)
    for child_id, relative_id in Relationship.objects.filter(
        child__care_periods__end_date__isnull=True,
        kind__in=list(SIBLING_KINDS),
        end_date__isnull=True,
    ).values_list("child_id", "relative_id"):
        if relative_id in in_care and child_id in wanted:
            pairs[child_id].add(relative_id)
    if not pairs:
        return set()
    assessed: dict[int, set[int]] = defaultdict(set)
    for period_id, sibling_id in SiblingAssessment.objects.filter(
        period__end_date__isnull=True
    ).values_list("period_id", "sibling_id"):
        assessed[period_id].add(sibling_id)
    return {
        period_id
        for period_id, child_id in period_children.items()
        if pairs.get(child_id, set()) - assessed.get(period_id, set())
    }


@dataclass(frozen=True)
class BandRow:
    band: str
    children: int
    in_house_foster: int
    agency_or_residential: int
    in_house_places: int
    in_house_vacancies: int
    emergency_beds: int
    carers: int

    @property
    def gap(self) -> int:
        return max(0, self.children - self.in_house_places)


@dataclass(frozen=True)
class Sufficiency:
    bands: list[BandRow]
    by_placement_type: list[tuple[str, int]]
    by_need: list[tuple[str, int]]
    emergency_beds: int
    emergency_vacant: int
    gaps: list[str]
    moves: int
    short_notice_moves: int
    short_notice_days: int
    short_notice_rows: list[tuple[Person, date, int | None]]
    # Restricted children the user is not named on: listed as "Restricted record".
    masked_child_ids: frozenset[int] = frozenset()


PLACEMENT_GROUPS = (
    ("In-house foster care", ("U4", "U5", "U6")),
    ("Connected person (family and friends) foster care", ("U1", "U2", "U3")),
    ("Placed for adoption", ("A3", "A4", "A5", "A6")),
    ("Children's homes and residential", ("K1", "K2", "R1", "S1")),
    ("Supported accommodation and independent living", ("K3", "H5", "P2", "P3")),
    ("With parents", ("P1",)),
)


def _short_notice_days() -> int:
    from django.conf import settings

    return int(getattr(settings, "HEARTH", {}).get("PLACEMENT_SHORT_NOTICE_DAYS", 7))


def sufficiency(user: User, today: date) -> Sufficiency:
    """Placements needed against placements available, by age and need, with the gaps
    (for example no emergency in-house beds, no carers for over-twos), and moves made at
    short notice in the last 12 months. Counts are borough-wide; children are named only when
    the user may see them. Six queries."""
    from hearth.children_in_care.models import (
        SHORT_BREAKS,
        Episode,
        Provider,
        ProviderKind,
        age_on,
    )
    from hearth.reference import lookups
    from hearth.timescales.rules import add_months

    current = list(
        Episode.objects.open()
        .filter(period__end_date__isnull=True)
        .exclude(legal_status__in=list(SHORT_BREAKS))
        .values_list("child_id", "child__date_of_birth", "place", "category_of_need", "provider_id")
    )
    carers = list(
        Provider.objects.filter(kind=ProviderKind.IN_HOUSE_FOSTER, active=True).values_list(
            "pk", "age_from", "age_to", "capacity", "emergency_beds"
        )
    )
    placed_with: dict[int, int] = defaultdict(int)
    for _, _, _, _, provider_id in current:
        if provider_id:
            placed_with[provider_id] += 1
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    groups: dict[str, int] = defaultdict(int)
    needs: dict[str, int] = defaultdict(int)
    group_of = {code: label for label, codes in PLACEMENT_GROUPS for code in codes}
    in_house_codes = {"U4", "U5", "U6"}
    for _, born, place, need, _ in current:
        band = _band(age_on(born, today))
        counts[band]["children"] += 1
        if place in in_house_codes:
            counts[band]["in_house"] += 1
        elif place in {"K1", "K2", "R1", "S1"} or place.startswith("U"):
            counts[band]["other"] += 1
        groups[group_of.get(place, "Other placements")] += 1
        needs[need] += 1
    bands = []
    for label, low, high in AGE_BANDS:
        covering = [
            c for c in carers if (c[1] is None or c[1] <= high) and (c[2] is None or c[2] >= low)
        ]
        places = sum(c[3] for c in covering)
        vacancies = sum(max(0, c[3] - placed_with.get(c[0], 0)) for c in covering)
        bands.append(
            BandRow(
                band=label,
                children=counts[label]["children"],
                in_house_foster=counts[label]["in_house"],
                agency_or_residential=counts[label]["other"],
                in_house_places=places,
                in_house_vacancies=vacancies,
                emergency_beds=sum(c[4] for c in covering),
                carers=len(covering),
            )
        )
    emergency = sum(c[4] for c in carers)
    emergency_vacant = sum(min(c[4], max(0, c[3] - placed_with.get(c[0], 0))) for c in carers)
    gaps = []
    if emergency == 0:
        gaps.append("No in-house emergency foster beds")
    elif emergency_vacant == 0:
        gaps.append("No in-house emergency foster bed free today")
    for row in bands:
        if row.carers == 0:
            gaps.append(f"No in-house foster carers for children aged {row.band.lower()}")
        elif row.emergency_beds == 0 and row.children:
            gaps.append(f"No in-house emergency beds for children aged {row.band.lower()}")
        if row.gap and row.carers:
            gaps.append(
                f"{row.gap} more children aged {row.band.lower()} in care than in-house places"
            )
    # Placement moves in the last 12 months and how much notice the child had.
    since = add_months(today, -12)
    threshold = _short_notice_days()
    # The user's circle, restricted children they are not named on included (shown masked).
    listed = dict(Person.objects.children().listed_for(user).values_list("pk", "masked"))
    moves = list(
        Episode.objects.filter(decom__gte=since, decom__lte=today, rne__in=["P", "B", "T", "U"])
        .exclude(place__in=["T0", "T1", "T2", "T3", "T4"])
        .select_related("child")
        .order_by("-decom", "pk")
    )
    short = []
    for e in moves:
        notice = (e.decom - e.notice_given_on).days if e.notice_given_on else None
        if notice is None or notice < threshold:
            short.append((e.child, e.decom, notice))
    return Sufficiency(
        bands=bands,
        by_placement_type=sorted(groups.items(), key=lambda g: -g[1]),
        by_need=[
            (f"{code} {lookups.description('category_of_need_903', code, on=today)}".strip(), n)
            for code, n in sorted(needs.items())
        ],
        emergency_beds=emergency,
        emergency_vacant=emergency_vacant,
        gaps=gaps,
        moves=len(moves),
        short_notice_moves=len(short),
        short_notice_days=threshold,
        short_notice_rows=[r for r in short if r[0].pk in listed][:50],
        masked_child_ids=frozenset(pk for pk, masked in listed.items() if masked),
    )


@dataclass(frozen=True)
class SourceRow:
    source: str
    enquiries: int
    reached: dict[str, int]
    approved: int
    left: int

    @property
    def conversion(self) -> str:
        if not self.enquiries:
            return "0%"
        return f"{round(100 * self.approved / self.enquiries)}%"


def recruitment_by_source() -> tuple[list[SourceRow], list[tuple[str, int]]]:
    """Fostering enquiries by source: how many reached each stage, were approved or left;
    and why applicants left. One query."""
    from hearth.children_in_care.models import (
        EnquirySource,
        FosteringEnquiry,
        LeftReason,
    )

    rows = list(
        FosteringEnquiry.objects.values_list(
            "source",
            "initial_visit_on",
            "stage_1_on",
            "stage_2_on",
            "panel_on",
            "approved_on",
            "left_reason",
        )
    )
    stages = ("initial_visit", "stage_1", "stage_2", "panel")
    result = []
    for code, label in EnquirySource.choices:
        mine = [r for r in rows if r[0] == code]
        if not mine:
            continue
        result.append(
            SourceRow(
                source=label,
                enquiries=len(mine),
                reached={s: sum(1 for r in mine if r[i + 1]) for i, s in enumerate(stages)},
                approved=sum(1 for r in mine if r[5]),
                left=sum(1 for r in mine if r[6]),
            )
        )
    reasons = dict(LeftReason.choices)
    left: dict[str, int] = defaultdict(int)
    for r in rows:
        if r[6]:
            left[reasons.get(r[6], r[6])] += 1
    return result, sorted(left.items(), key=lambda x: -x[1])


@dataclass(frozen=True)
class ProviderRow:
    provider: Any
    placed: int

    @property
    def vacancies(self) -> int:
        return max(0, self.provider.capacity - self.placed)

    @property
    def ages(self) -> str:
        p = self.provider
        if p.age_from is None and p.age_to is None:
            return "Any age"
        low = p.age_from if p.age_from is not None else 0
        high = p.age_to if p.age_to is not None else 17
        return f"{low} to {high}"


def providers_with_occupancy() -> list[ProviderRow]:
    """Every active provider with the number of children placed with them now. Two queries."""
    from django.db.models import Count, Q

    from hearth.children_in_care.models import Provider

    found = Provider.objects.filter(active=True).annotate(
        placed=Count("episodes", filter=Q(episodes__dec__isnull=True))
    )
    return [ProviderRow(p, p.placed) for p in found.order_by("kind", "name")]


def children_placed_with(user: User, provider: Any) -> list[Person]:
    """Children placed with the provider now in the user's circle; restricted children they
    are not named on come back annotated `masked` (listed as "Restricted record")."""
    return list(
        Person.objects.children()
        .listed_for(user)
        .filter(care_episodes__provider=provider, care_episodes__dec__isnull=True)
        .distinct()
        .order_by("last_name", "first_name")
    )
