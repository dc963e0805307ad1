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
    """One child in care on the permanence tracker."""

    child: Person
    period: PeriodOfCare
    days_in_care: int
    legal_status: str
    place: str
    plan: str
    contingency: str
    plan_agreed_on: date | None
    reviews_held: int
    placement_order_on: date | None
    permanent_placement_on: date | None
    last_progress_on: date
    flags: tuple[str, ...]


PERMANENT_PLACEMENTS = frozenset({"U1", "U4", "A3", "A4", "A5", "A6"})


def _drift_months() -> int:
    from django.conf import settings

    return int(getattr(settings, "HEARTH", {}).get("PERMANENCE_DRIFT_MONTHS", 6))


def permanence_tracker(user: User, today: date, *, flagged_only: bool = False) -> list[TrackerRow]:
    """Every child looked after now whom the user may see, with the permanence plan, its
    milestones and drift flags. Four queries whatever the number of children."""
    from hearth.children_in_care.models import Episode, PermanenceOption, PermanencePlan
    from hearth.timescales.rules import add_months

    periods = list(
        PeriodOfCare.objects.open()
        .visible_to(user)
        .select_related("child")
        .only(
            "id",
            "start_date",
            "child__id",
            "child__first_name",
            "child__last_name",
            "child__known_as",
            "child__date_of_birth",
        )
        .order_by("start_date", "pk")
    )
    ids = [p.pk for p in periods]
    reviews: dict[int, list[date]] = defaultdict(list)
    for period_id, held_on in (
        Review.objects.filter(period_id__in=ids)
        .order_by("held_on")
        .values_list("period_id", "held_on")
    ):
        reviews[period_id].append(held_on)
    plans: dict[int, tuple[str, str, date]] = {}
    for period_id, plan, contingency, agreed_on in (
        PermanencePlan.objects.filter(period_id__in=ids)
        .order_by("agreed_on", "pk")
        .values_list("period_id", "plan", "contingency", "agreed_on")
    ):
        plans[period_id] = (plan, contingency, agreed_on)
    episodes: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for period_id, decom, legal_status, place in (
        Episode.objects.filter(period_id__in=ids)
        .order_by("decom", "pk")
        .values_list("period_id", "decom", "legal_status", "place")
    ):
        episodes[period_id].append((decom, legal_status, place))
    drift_before = add_months(today, -_drift_months())
    labels = dict(PermanenceOption.choices)
    rows = []
    for period in periods:
        held = reviews[period.pk]
        history = episodes[period.pk]
        plan, contingency, agreed_on = plans.get(period.pk, ("", "", None))
        current = history[-1] if history else (period.start_date, "", "")
        order_on = next((d for d, ls, _ in history if ls == "E1"), None)
        placed_on = next((d for d, _, pl in history if pl in PERMANENT_PLACEMENTS), None)
        progress = max(d for d in (period.start_date, agreed_on, current[0], order_on) if d)
        flags = []
        second_due = rule(rules.SECOND_REVIEW).due_from(held[0]) if held else None
        if not plan and (len(held) >= 2 or (second_due is not None and second_due < today)):
            flags.append("No permanence plan by the second review")
        if progress < drift_before:
            flags.append(f"No progress for {_drift_months()} months")
        if plan == PermanenceOption.LONG_TERM_FOSTERING and current[2] not in {"U1", "U4"}:
            flags.append("Long-term fostering not matched")
        if plan == PermanenceOption.ADOPTION and order_on is None:
            flags.append("Adoption plan without a placement order")
        if flagged_only and not flags:
            continue
        rows.append(
            TrackerRow(
                child=period.child,
                period=period,
                days_in_care=(today - period.start_date).days,
                legal_status=current[1],
                place=current[2],
                plan=labels.get(plan, "Not recorded"),
                contingency=labels.get(contingency, ""),
                plan_agreed_on=agreed_on,
                reviews_held=len(held),
                placement_order_on=order_on,
                permanent_placement_on=placed_on,
                last_progress_on=progress,
                flags=tuple(flags),
            )
        )
    return rows
