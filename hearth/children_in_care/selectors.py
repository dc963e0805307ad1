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

    def is_overdue(self, today: date) -> bool:
        return self.due < today


def reviews_due(user: User, today: date) -> list[ReviewDueRow]:
    """Every open period of care the user may see, with its next review, soonest first.
    Two queries."""
    periods = list(
        PeriodOfCare.objects.open().visible_to(user).select_related("child", "iro").order_by("pk")
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


def open_challenges(user: User, today: date) -> list[ChallengeRow]:
    """Open IRO challenges the user may see, longest open first. Two queries."""
    found = IROChallenge.objects.open().visible_to(user).for_report().order_by("raised_on", "pk")
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


PERMANENT_PLACEMENTS = frozenset({"U1", "U4", "A3", "A4", "A5", "A6"})


def _drift_months() -> int:
    from django.conf import settings

    return int(getattr(settings, "HEARTH", {}).get("PERMANENCE_DRIFT_MONTHS", 6))


def permanence_tracker(user: User, today: date, *, flagged_only: bool = False) -> list[TrackerRow]:
    """Every child looked after now whom the user may see, with the permanence plan, its
    milestones and drift flags. Four queries whatever the number of children; plain rows
    (no model instances) so 1,500 children stay fast."""
    from functools import lru_cache

    from django.urls import reverse

    from hearth.children_in_care.models import Episode, PermanenceOption, PermanencePlan
    from hearth.core.presenters import format_date
    from hearth.timescales.rules import add_months

    scope = PeriodOfCare.objects.open().visible_to(user)
    periods = list(
        scope.order_by("start_date", "pk").values_list(
            "pk", "start_date", "child_id", "child__first_name", "child__last_name"
        )
    )
    ids = scope.values("pk")
    reviews: dict[int, list[date]] = defaultdict(list)
    for period_id, held_on in (
        Review.objects.filter(period__in=ids)
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        reviews[period_id].append(held_on)
    plans: dict[int, tuple[str, str, date | None]] = {}
    for period_id, plan, contingency, agreed in (
        PermanencePlan.objects.filter(period__in=ids)
        .order_by("agreed_on", "pk")
        .values_list("period_id", "plan", "contingency", "agreed_on")
    ):
        plans[period_id] = (plan, contingency, agreed)
    episodes: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for period_id, decom, legal_status, place in (
        Episode.objects.filter(period__in=ids)
        .order_by("decom", "pk")
        .values_list("period_id", "decom", "legal_status", "place")
    ):
        episodes[period_id].append((decom, legal_status, place))
    months = _drift_months()
    drift_before = add_months(today, -months)
    labels = dict(PermanenceOption.choices)
    second_review = rule(rules.SECOND_REVIEW)
    child_url = reverse("children_in_care:child", args=[0]).replace("/0/", "/{}/")
    fmt = lru_cache(maxsize=None)(lambda d: format_date(d, empty=""))
    rows = []
    for pk, start_date, child_id, first_name, last_name in periods:
        held = reviews[pk]
        history = episodes[pk]
        plan, contingency, agreed_on = plans.get(pk, ("", "", None))
        current = history[-1] if history else (start_date, "", "")
        order_on: date | None = next((d for d, ls, _ in history if ls == "E1"), None)
        placed_on = next((d for d, _, pl in history if pl in PERMANENT_PLACEMENTS), None)
        progress = max(d for d in (start_date, agreed_on, current[0], order_on) if d)
        flags = []
        second_due = second_review.due_from(held[0]) if held else None
        if not plan and (len(held) >= 2 or (second_due is not None and second_due < today)):
            flags.append("No permanence plan by the second review")
        if progress < drift_before:
            flags.append(f"No progress for {months} months")
        if plan == PermanenceOption.LONG_TERM_FOSTERING and current[2] not in {"U1", "U4"}:
            flags.append("Long-term fostering not matched")
        if plan == PermanenceOption.ADOPTION and order_on is None:
            flags.append("Adoption plan without a placement order")
        if flagged_only and not flags:
            continue
        rows.append(
            TrackerRow(
                child_id=child_id,
                child_name=f"{first_name} {last_name}".strip(),
                child_url=child_url.format(child_id),
                started=fmt(start_date),
                days_in_care=(today - start_date).days,
                legal_status=current[1],
                place=current[2],
                plan=labels.get(plan, "Not recorded"),
                contingency=labels.get(contingency, ""),
                plan_agreed=fmt(agreed_on) if agreed_on else "",
                reviews_held=len(held),
                placement_order=fmt(order_on) if order_on else "",
                permanent_placement=fmt(placed_on) if placed_on else "",
                last_progress_on=progress,
                flags=tuple(flags),
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
