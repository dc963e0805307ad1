"""Named reads for the adoption pages, each a fixed number of queries. The scorecard clocks
(A1 entering care to placed, A2 placement order to match) and the adopter stage clocks come
from the timescales catalogue, so every figure says which rule it measures against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from hearth.adoption.models import AdopterFamily, AdoptionJourney
from hearth.timescales.catalogue import rule

if TYPE_CHECKING:
    from hearth.accounts.models import User

A1 = "adoption_a1_426d"
A2 = "adoption_a2_121d"
STAGE1 = "adopter_stage1_2m"
STAGE2 = "adopter_stage2_4m"


@dataclass(frozen=True)
class Clock:
    """One timescale for one child or family: the rule, when it started, when it was met (or
    not yet), the days taken or so far, and whether it is late."""

    rule_id: str
    title: str
    started: date | None
    due: date | None
    met_on: date | None
    days: int | None
    late: bool

    @property
    def limit_days(self) -> int:
        return (self.due - self.started).days if self.due and self.started else 0


def _clock(rule_id: str, started: date | None, met_on: date | None, today: date) -> Clock:
    declared = rule(rule_id)
    if started is None:
        return Clock(rule_id, declared.title, None, None, met_on, None, False)
    due = declared.due_from(started)
    end = met_on or today
    days = max(0, (end - started).days)
    return Clock(rule_id, declared.title, started, due, met_on, days, end > due)


def a1_clock(journey: AdoptionJourney, today: date) -> Clock:
    """Entering care to moving in with the adoptive family (placed for adoption)."""
    return _clock(A1, journey.period.start_date, journey.placed_on, today)


def a2_clock(journey: AdoptionJourney, today: date) -> Clock:
    """Placement order to match; a match before the order counts as 0 days."""
    order_on = journey.placement_order_on
    matched = journey.matched_on
    if order_on and matched and matched < order_on:
        matched = order_on
    return _clock(A2, order_on, matched, today)


@dataclass(frozen=True)
class ChildRow:
    journey: AdoptionJourney
    a1: Clock
    a2: Clock

    @property
    def masked(self) -> bool:
        """A restricted record the viewer is not named on: listed as "Restricted record"."""
        return bool(getattr(self.journey, "child_masked", False))


def adoption_children(user: User, today: date) -> list[ChildRow]:
    """Every child in the user's circle with a decision to place for adoption in force: the
    stage reached and the scorecard clocks, longest in care first (restricted records they
    are not named on masked). One query."""
    journeys = (
        AdoptionJourney.objects.active()
        .listed_for(user)
        .select_related("child", "period", "family")
        .order_by("period__start_date", "id")
    )
    return [ChildRow(j, a1_clock(j, today), a2_clock(j, today)) for j in journeys]


@dataclass(frozen=True)
class FamilyRow:
    family: AdopterFamily
    stage: str
    clock: Clock | None
    waiting_days: int | None
    children_placed: int


def family_clock(family: AdopterFamily, today: date) -> Clock | None:
    """The stage 1 or stage 2 clock while the family is in that stage (or the last one)."""
    if family.stage2_started_on:
        return _clock(STAGE2, family.stage2_started_on, family.stage2_ended_on, today)
    if family.stage1_started_on:
        return _clock(STAGE1, family.stage1_started_on, family.stage1_ended_on, today)
    return None


def adopter_rows(user: User, today: date, *, show: str = "in_process") -> list[FamilyRow]:
    """The adoption team's list: families the user may see, with the stage reached, the stage
    clock, days waiting since approval with no child matched, and children placed. Two
    queries (families, and their journeys)."""
    families = (
        AdopterFamily.objects.visible_to(user).select_related("worker").prefetch_related("journeys")
    )
    if show == "in_process":
        families = families.in_process()
    elif show == "left":
        families = families.filter(left_on__isnull=False)
    rows = []
    for family in families.order_by("enquiry_on", "id"):
        journeys = [j for j in family.journeys.all() if j.reversed_on is None]
        matched = any(j.matched_on for j in journeys)
        waiting = (
            (today - family.approved_on).days
            if family.approved_on and not matched and family.left_on is None
            else None
        )
        clock = family_clock(family, today) if family.approved_on is None else None
        rows.append(
            FamilyRow(
                family=family,
                stage="Matched" if matched and family.left_on is None else family.stage,
                clock=clock,
                waiting_days=waiting,
                children_placed=sum(1 for j in journeys if j.placed_on),
            )
        )
    return rows


def families_to_match(on: date | None = None) -> list[AdopterFamily]:
    """Approved families still in the process (for the match form; adopters are chosen by
    the child's worker with the adoption team, so every approved family is offered)."""
    found = AdopterFamily.objects.in_process().filter(approved_on__isnull=False)
    if on is not None:
        found = found.filter(approved_on__lte=on)
    return list(found.order_by("name"))


def ffa_families() -> list[AdopterFamily]:
    return list(
        AdopterFamily.objects.in_process()
        .filter(approved_on__isnull=False, fostering_for_adoption=True)
        .order_by("name")
    )
