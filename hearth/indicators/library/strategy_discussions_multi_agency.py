"""Strategy discussions with an agency beyond the police and children's social care."""

from __future__ import annotations

from collections import defaultdict

from hearth.child_protection.models import (
    POLICE_AND_SOCIAL_CARE,
    StrategyDiscussion,
    StrategyParticipant,
)
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope


def rows(period: Period, children: ChildIds) -> list[Row]:
    discussions = list(
        in_scope(
            StrategyDiscussion.objects.filter(held_on__gte=period.start, held_on__lte=period.end),
            children,
        ).values_list("id", "child_id", "held_on")
    )
    agencies: dict[int, set[str]] = defaultdict(set)
    for discussion_id, agency in StrategyParticipant.objects.filter(
        discussion_id__in=[d[0] for d in discussions]
    ).values_list("discussion_id", "agency"):
        agencies[discussion_id].add(agency)
    result = []
    for pk, child_id, held_on in discussions:
        others = agencies[pk] - POLICE_AND_SOCIAL_CARE
        result.append(
            Row(
                key=f"strategy_discussion:{pk}",
                child_id=child_id,
                on=held_on,
                detail="With " + ", ".join(sorted(others)).replace("_", " ")
                if others
                else "Police and social care only",
                in_numerator=bool(others),
            )
        )
    return result


INDICATOR = Indicator(
    id="strategy_discussions_multi_agency",
    title="Strategy discussions with health, education or another agency",
    area=Area.CHILD_PROTECTION,
    definition=(
        "Strategy discussions and meetings held in the period where someone from health, "
        "education or another agency took part, beyond the police and children's social care."
    ),
    source="Working Together 2023 (strategy discussions); the inspection's finding",
    numerator="Strategy discussions with an agency other than the police and social care",
    denominator="Strategy discussions held in the period",
    direction=Direction.HIGHER,
    default_target=95.0,
    default_tolerance=5.0,
    rows=rows,
)
