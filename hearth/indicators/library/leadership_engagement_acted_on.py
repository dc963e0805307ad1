"""Senior leaders' sessions with front-line staff that led to a recorded change."""

from __future__ import annotations

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._workforce import current_allocations
from hearth.oversight.models import EngagementKind, LeadershipEngagement


def rows(period: Period, children: ChildIds) -> list[Row]:
    held = LeadershipEngagement.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
    if children is not None:
        # The sessions with the teams holding the scope's children at the period's end.
        held = held.filter(team_id__in=current_allocations(period.end, children).values("team_id"))
    kinds = dict(EngagementKind.choices)
    result = []
    for pk, kind, held_on, team, staff, changed, changed_on in held.order_by(
        "held_on", "id"
    ).values_list("id", "kind", "held_on", "team__name", "staff_count", "changed", "changed_on"):
        acted = bool(changed.strip()) and (changed_on is None or changed_on <= period.end)
        result.append(
            Row(
                key=f"leadership_engagement:{pk}",
                child_id=None,
                on=held_on,
                detail=f"{staff} staff; "
                + ("a change recorded" if acted else "no change recorded yet"),
                in_numerator=acted,
                label=f"{kinds.get(kind, kind)}" + (f", {team}" if team else ""),
            )
        )
    return result


INDICATOR = Indicator(
    id="leadership_engagement_acted_on",
    title="Senior leaders' time with front-line staff that led to a change",
    area=Area.OVERSIGHT,
    definition=(
        "Practice visits, practice weeks, staff forums, conversations and observations by "
        "senior leaders with front-line staff held in the period, for which what changed as "
        "a result of what staff said is recorded (by the period's end). It shows whether "
        "staff are listened to, as the inspection asked. For a service, team or worker: the "
        "sessions with the teams holding their children."
    ),
    source="Local (2019 inspection, area for improvement 2)",
    numerator="Sessions with a change recorded as a result",
    denominator="Sessions with front-line staff held in the period",
    direction=Direction.HIGHER,
    default_target=75.0,
    default_tolerance=10.0,
    rows=rows,
)
