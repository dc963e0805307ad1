"""Referrals within 12 months of the same child's previous referral."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from hearth.assessments.models import CINEpisode
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row
from hearth.indicators.library.referrals_nfa import episodes
from hearth.timescales.rules import add_months


def rows(period: Period, children: ChildIds) -> list[Row]:
    current = list(episodes(period, children).values_list("id", "child_id", "referral_date"))
    child_ids = {child_id for _, child_id, _ in current}
    earlier: dict[int, list[tuple[int, date]]] = defaultdict(list)
    history = CINEpisode.objects.filter(
        child_id__in=child_ids,
        referral_date__gte=add_months(period.start, -12),
        referral_date__lte=period.end,
    ).values_list("id", "child_id", "referral_date")
    for pk, child_id, referral_date in history:
        earlier[child_id].append((pk, referral_date))
    result = []
    for pk, child_id, referral_date in current:
        window_start = add_months(referral_date, -12)
        previous = [
            d
            for other, d in earlier[child_id]
            if window_start <= d <= referral_date and (d, other) < (referral_date, pk)
        ]
        result.append(
            Row(
                key=f"cin_episode:{pk}",
                child_id=child_id,
                on=referral_date,
                detail=f"Previous referral {max(previous):%d/%m/%Y}"
                if previous
                else "First in 12 months",
                in_numerator=bool(previous),
            )
        )
    return result


INDICATOR = Indicator(
    id="re_referrals_12m",
    title="Re-referrals within 12 months",
    area=Area.FRONT_DOOR,
    definition=(
        "Referrals in the period where the same child had a previous referral on or after the "
        "same date twelve months earlier, as a share of all referrals in the period."
    ),
    source="DfE Characteristics of children in need: re-referrals within 12 months",
    numerator="Referrals with a previous referral of the child in the 12 months before",
    denominator="Referrals in the period",
    direction=Direction.LOWER,
    default_target=20.0,
    default_tolerance=3.0,
    rows=rows,
)
