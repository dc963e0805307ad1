"""Improvement plan actions due in the period that were completed by their due date."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.oversight.models import ImprovementAction


def rows(period: Period, children: ChildIds) -> list[Row]:
    if children is not None:
        return []  # the plan is the borough's: a service, team or worker has no share of it
    actions = (
        ImprovementAction.objects.filter(due_on__gte=period.start, due_on__lte=period.end)
        .order_by("due_on", "id")
        .values_list("id", "area__number", "description", "due_on", "completed_on")
    )
    return [
        Row(
            key=f"improvement_action:{pk}",
            child_id=None,
            on=due_on,
            detail=(
                f"Due {due_on:%d/%m/%Y}, "
                + (
                    f"completed {completed_on:%d/%m/%Y}"
                    if completed_on and completed_on <= period.end
                    else "not completed"
                )
            ),
            in_numerator=completed_on is not None and completed_on <= due_on,
            label=f"Area {number}: {description}",
        )
        for pk, number, description, due_on, completed_on in actions
    ]


INDICATOR = Indicator(
    id="improvement_actions_on_time",
    title="Improvement plan actions completed on time",
    area=Area.OVERSIGHT,
    definition=(
        "Actions in the improvement plan falling due in the period that were completed on or "
        "before their due date. It shows the pace at which leaders carry the plan through "
        "(the inspection asked for 'senior leadership urgency in progressing the improvement "
        "plan'). Counted for the borough only: the plan is the borough's."
    ),
    source="Local (2019 inspection, area for improvement 1)",
    numerator="Actions completed by their due date",
    denominator="Actions due in the period",
    direction=Direction.HIGHER,
    default_target=90.0,
    default_tolerance=10.0,
    rows=rows,
)
