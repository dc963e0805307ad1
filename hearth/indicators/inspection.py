"""Inspection readiness: the three ILACS judgement areas with their indicators, and the 2019
inspection's 'what needs to improve' list (the oversight app's improvement areas, numbered as
the report lists them) with the live indicators that show whether each is improving."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hearth.indicators.base import Area, Figure, Period
from hearth.indicators.library import INDICATORS, REGISTRY
from hearth.indicators.selectors import indicator_figures
from hearth.oversight.models import (
    CaseAudit,
    Grade,
    ImprovementAction,
    ImprovementActionStatus,
    ImprovementArea,
    ImprovementRating,
)
from hearth.timescales.rules import add_months

JUDGEMENTS: tuple[tuple[str, tuple[Area, ...]], ...] = (
    (
        "The experiences and progress of children who need help and protection",
        (Area.FRONT_DOOR, Area.ASSESSMENT, Area.CHILD_PROTECTION, Area.MISSING),
    ),
    (
        "The experiences and progress of children in care and care leavers",
        (Area.CHILDREN_IN_CARE, Area.PERMANENCE, Area.CARE_LEAVERS),
    ),
    (
        "The impact of leaders on social work practice with children and families",
        (Area.OVERSIGHT,),
    ),
)

# The inspection's areas for improvement (by their number in the report's list) and the
# indicators that measure them.
AREA_INDICATORS: dict[int, tuple[str, ...]] = {
    1: ("improvement_actions_on_time",),
    2: ("leadership_engagement_acted_on",),
    3: ("audits_good_or_better",),
    4: ("cp_conference_child_participation", "cla_review_participation"),
    5: ("supervision_in_date", "oversight_in_date"),
    6: ("assessments_within_45wd", "open_assessments_over_45wd"),
    7: ("exploitation_safety_plans_in_date",),
    8: ("rhi_offered_72h", "rhi_accepted"),
    9: ("permanence_plan_by_second_review", "cla_long_term_stability", "a1", "a2", "a3"),
    10: ("life_story_work_in_place",),
    11: (
        "care_leavers_in_touch",
        "care_leavers_pa_allocated",
        "care_leavers_pathway_plan_in_date",
        "care_leavers_health_history_given",
    ),
}


@dataclass(frozen=True)
class Movement:
    now: Figure
    before: Figure

    @property
    def text(self) -> str:
        """'Better', 'Worse' or 'No change' in the indicator's own direction."""
        if self.now.value is None or self.before.value is None:
            return "Not enough data to compare"
        change = self.now.value - self.before.value
        if abs(change) < 0.05:
            return "No change"
        better = change > 0 if self.now.indicator.direction == "higher" else change < 0
        return f"{'Better' if better else 'Worse'} by {abs(change):.1f}"


@dataclass
class ImprovementRow:
    area: Any
    rating: Any | None
    actions: int = 0
    complete: int = 0
    overdue: int = 0
    measures: list[Movement] = field(default_factory=list)


@dataclass
class Readiness:
    as_of: date
    baseline: date
    judgements: list[tuple[str, list[Movement]]]
    improvements: list[ImprovementRow]
    grades: list[tuple[str, int]]


def readiness(*, as_of: date, baseline: date | None = None) -> Readiness:
    """Every borough figure now and at the baseline (a year earlier unless given)."""
    baseline = baseline or add_months(as_of, -12)
    now = {f.indicator.id: f for f in indicator_figures(period=Period.year_to_date(as_of))}
    before = {f.indicator.id: f for f in indicator_figures(period=Period.year_to_date(baseline))}
    moves = {key: Movement(now=now[key], before=before[key]) for key in now}
    judgements = [
        (title, [moves[i.id] for i in INDICATORS if i.area in areas]) for title, areas in JUDGEMENTS
    ]
    ratings: dict[int, Any] = {}
    for rating in ImprovementRating.objects.filter(rated_on__lte=as_of).order_by("rated_on", "id"):
        ratings[rating.area_id] = rating  # newest last
    improvements = []
    for area in ImprovementArea.objects.order_by("number"):
        improvements.append(
            ImprovementRow(
                area=area,
                rating=ratings.get(area.pk),
                measures=[moves[i] for i in AREA_INDICATORS.get(area.number, ()) if i in REGISTRY],
            )
        )
    by_area = {row.area.pk: row for row in improvements}
    for area_id, status, due_on in ImprovementAction.objects.values_list(
        "area_id", "status", "due_on"
    ):
        row = by_area[area_id]
        row.actions += 1
        row.complete += status == ImprovementActionStatus.COMPLETE
        row.overdue += status != ImprovementActionStatus.COMPLETE and due_on < as_of
    period = Period.year_to_date(as_of)
    counts: Counter[str] = Counter(
        agreed or overall
        for overall, agreed in CaseAudit.objects.filter(
            completed_on__gte=period.start, completed_on__lte=period.end
        ).values_list("overall_grade", "agreed_grade")
    )
    grades = [(str(label), counts.get(value, 0)) for value, label in Grade.choices]
    return Readiness(as_of, baseline, judgements, improvements, grades)
