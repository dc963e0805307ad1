"""Referrals (CIN episodes starting in the period) that led to no further action."""

from __future__ import annotations

from hearth.assessments.models import CINEpisode
from hearth.indicators.base import Area, ChildIds, Direction, Indicator, Period, Row, in_scope


def episodes(period: Period, children: ChildIds):  # type: ignore[no-untyped-def]
    return in_scope(
        CINEpisode.objects.filter(referral_date__gte=period.start, referral_date__lte=period.end),
        children,
    )


def rows(period: Period, children: ChildIds) -> list[Row]:
    return [
        Row(
            key=f"cin_episode:{pk}",
            child_id=child_id,
            on=referral_date,
            detail="No further action" if nfa else "Went on to assessment or services",
            in_numerator=nfa,
        )
        for pk, child_id, referral_date, nfa in episodes(period, children).values_list(
            "id", "child_id", "referral_date", "referral_nfa"
        )
    ]


INDICATOR = Indicator(
    id="referrals_nfa",
    title="Referrals leading to no further action",
    area=Area.FRONT_DOOR,
    definition=(
        "Referrals in the period (CIN census referral dates) recorded as ReferralNFA, as a "
        "share of all referrals in the period."
    ),
    source="DfE Characteristics of children in need: referrals resulting in no further action",
    numerator="Referrals in the period with ReferralNFA true",
    denominator="Referrals in the period",
    direction=Direction.LOWER,
    default_target=10.0,
    default_tolerance=5.0,
    rows=rows,
)
