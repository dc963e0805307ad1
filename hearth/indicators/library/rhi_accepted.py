"""Return home interviews offered in the period that the child accepted."""

from __future__ import annotations

from django.utils import timezone

from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library._missing import returns_in
from hearth.missing_exploitation.models import InterviewStatus

ACCEPTED = frozenset({InterviewStatus.ACCEPTED, InterviewStatus.COMPLETED})


def rows(period: Period, children: ChildIds) -> list[Row]:
    labels = dict(InterviewStatus.choices)
    return [
        Row(
            key=f"missing:{pk}",
            child_id=child_id,
            on=timezone.localtime(ended_at).date(),
            detail=f"Interview {str(labels.get(status, status)).lower()}",
            in_numerator=status in ACCEPTED,
        )
        for pk, child_id, ended_at, offered_at, status in returns_in(period, children)
        if offered_at is not None
    ]


INDICATOR = Indicator(
    id="rhi_accepted",
    title="Return home interviews accepted",
    area=Area.MISSING,
    definition=(
        "Of the returns from missing or away in the period where an interview was offered, "
        "those where the child accepted it (the interview is accepted or completed). The "
        "inspection asked for better take-up of return home interviews."
    ),
    source="Annex A list 8 'accepted a return interview'; the 2019 inspection",
    numerator="Interviews accepted or completed",
    denominator="Returns in the period with an interview offered",
    direction=Direction.HIGHER,
    default_target=75.0,
    default_tolerance=10.0,
    rows=rows,
)
