"""Children looked after at the period's end with three or more placements in the year."""

from __future__ import annotations

from hearth.children_in_care.models import TEMPORARY_PLACEMENTS
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._care import episodes_of, looked_after_on


def rows(period: Period, children: ChildIds) -> list[Row]:
    looked_after = looked_after_on(period.end, children)
    episodes = episodes_of([c for _, c in looked_after], "placement_started_on", "dec", "place")
    result = []
    for episode_id, child_id in looked_after:
        starts = {
            started
            for started, ended, place in episodes.get(child_id, [])
            if place not in TEMPORARY_PLACEMENTS
            and started <= period.end
            and (ended is None or ended >= period.start)
        }
        result.append(
            Row(
                key=f"episode:{episode_id}",
                child_id=child_id,
                on=period.end,
                detail=f"{len(starts)} placement{'s' if len(starts) != 1 else ''} in the period",
                in_numerator=len(starts) >= 3,
            )
        )
    return result


INDICATOR = Indicator(
    id="cla_3plus_placements",
    title="Children in care with 3 or more placements in the year",
    area=Area.CHILDREN_IN_CARE,
    definition=(
        "Children looked after at the end of the period (pre-planned short breaks left out) "
        "who had three or more placements during it. A placement is counted once however many "
        "903 episodes it spans (a change of legal status alone is not a move), the placement "
        "the child was in on 1 April counts, and temporary placements (T0 to T4) are left out."
    ),
    source="DfE Children looked after in England, placement stability measure (former NI 62)",
    numerator="Children with 3 or more placements in the period",
    denominator="Children looked after at the end of the period",
    direction=Direction.LOWER,
    default_target=10.0,
    default_tolerance=2.0,
    rows=rows,
    snapshot=True,
)
