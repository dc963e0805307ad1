"""Display for the adoption pages: the child's page in one object (a fixed number of
queries), milestone rows, clock wording and the adopter family's steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hearth.adoption.models import (
    STAGE_FIELDS,
    AdopterFamily,
    AdoptionJourney,
    LaterLifeLetter,
    PermanenceOrder,
    PreviousPermanence,
)
from hearth.adoption.selectors import Clock, a1_clock, a2_clock
from hearth.core.presenters import format_date
from hearth.people.models import Person
from hearth.reference import lookups


def clock_text(clock: Clock) -> str:
    """'Met in 300 days (limit 426)', 'Day 500: over the 426-day threshold' ..."""
    if clock.started is None or clock.days is None:
        return "Not started"
    limit = clock.limit_days
    if clock.met_on is not None:
        verdict = "over the threshold" if clock.late else "within the threshold"
        return f"{clock.days} days ({verdict} of {limit})"
    if clock.late:
        return f"Day {clock.days}: over the {limit}-day threshold since {format_date(clock.due)}"
    return f"Day {clock.days} of {limit} (by {format_date(clock.due)})"


@dataclass(frozen=True)
class Milestone:
    label: str
    value: str


@dataclass(frozen=True)
class JourneyView:
    journey: AdoptionJourney
    milestones: list[Milestone]
    a1: Clock
    a2: Clock
    a1_text: str
    a2_text: str
    actions: list[tuple[str, str]]


def _milestones(j: AdoptionJourney) -> list[Milestone]:
    rows = [
        Milestone("Entered care", format_date(j.period.start_date)),
        Milestone(
            "Decision that the child should be placed for adoption",
            f"{format_date(j.decision_on)} ({j.decision_maker})",
        ),
        Milestone("Placement order", format_date(j.placement_order_on, empty="Not yet")),
    ]
    if j.ffa_placed_on:
        rows.append(
            Milestone(
                "Fostering for adoption or concurrent planning placement",
                format_date(j.ffa_placed_on),
            )
        )
    family = f" with {j.family}" if j.family and j.matched_on else ""
    rows.append(Milestone("Matched", format_date(j.matched_on, empty="Not yet") + family))
    rows.append(Milestone("Placed for adoption", format_date(j.placed_on, empty="Not yet")))
    if j.reversed_on:
        reason = lookups.description("reason_placed_ceased", j.reversal_reason)
        rows.append(
            Milestone(
                "Decided the child should no longer be placed for adoption",
                f"{format_date(j.reversed_on)}: {reason}",
            )
        )
    else:
        rows.append(
            Milestone(
                "Adoption order",
                format_date(j.adoption_order_on, empty="Not yet")
                + (f" ({j.order_reason})" if j.order_reason else ""),
            )
        )
    return rows


def _actions(j: AdoptionJourney) -> list[tuple[str, str]]:
    """(url name, link text) for what can be recorded next."""
    if not j.is_active:
        return []
    found = []
    if j.placement_order_on is None:
        found.append(("adoption:placement_order", "Record the placement order"))
    if j.ffa_placed_on is None and j.placed_on is None:
        found.append(
            ("adoption:ffa", "Record a fostering for adoption or concurrent planning placement")
        )
    if j.matched_on is None:
        found.append(("adoption:match", "Record the match"))
    elif j.placed_on is None:
        found.append(("adoption:placed", "Record the placement for adoption"))
    else:
        found.append(("adoption:adoption_order", "Record the adoption order"))
    found.append(("adoption:reverse", "Record that the child should no longer be placed"))
    return found


def journey_view(j: AdoptionJourney, today: date) -> JourneyView:
    a1, a2 = a1_clock(j, today), a2_clock(j, today)
    return JourneyView(
        journey=j,
        milestones=_milestones(j),
        a1=a1,
        a2=a2,
        a1_text=clock_text(a1),
        a2_text=clock_text(a2),
        actions=_actions(j),
    )


@dataclass(frozen=True)
class ChildPage:
    journeys: list[JourneyView]
    orders: list[PermanenceOrder]
    previous: PreviousPermanence | None
    previous_text: str
    life_story: Any
    letter: LaterLifeLetter | None
    looked_after: bool
    has_active: bool
    placed: bool

    @classmethod
    def for_child(cls, child: Person, today: date) -> ChildPage:
        journeys = list(
            child.adoption_journeys.select_related("period", "family").order_by(
                "-decision_on", "-id"
            )
        )
        previous = PreviousPermanence.objects.filter(child=child).first()
        previous_text = ""
        if previous is not None:
            previous_text = lookups.description("previous_permanence", previous.prev_perm)
            if previous.date_perm:
                previous_text += f", {format_date(previous.date_perm)}"
            if previous.la_perm:
                previous_text += f" (local authority {previous.la_perm})"
        return cls(
            journeys=[journey_view(j, today) for j in journeys],
            orders=list(child.permanence_orders.all()),
            previous=previous,
            previous_text=previous_text,
            life_story=child.life_story_work.order_by("-updated_on", "-id").first(),
            letter=LaterLifeLetter.objects.filter(child=child).first(),
            looked_after=child.care_periods.filter(end_date__isnull=True).exists(),
            has_active=any(j.is_active for j in journeys),
            placed=any(j.placed_on and not j.reversed_on for j in journeys),
        )


def family_steps(family: AdopterFamily) -> list[Milestone]:
    return [
        Milestone(label, format_date(getattr(family, name), empty=""))
        for name, label in STAGE_FIELDS
    ]


def section(child: Person) -> dict[str, Any]:
    """What the casework child page's adoption section shows (prefetched there if batched)."""
    journeys = list(child.adoption_journeys.all())
    current = next((j for j in reversed(journeys) if j.is_active), None)
    latest = journeys[-1] if journeys else None
    orders = list(child.permanence_orders.all())
    return {"current": current, "latest": latest, "orders": orders}
