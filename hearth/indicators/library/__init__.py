"""The indicator registry: one module per indicator, listed here in dashboard order."""

from __future__ import annotations

from hearth.indicators.base import Indicator
from hearth.indicators.library import (
    assessments_within_45wd,
    assessments_within_45wd_from_referral,
    consent_dispensed_without_reason,
    contacts_to_referral,
    core_group_within_10wd,
    cp_plans_ended_2y_plus,
    cp_plans_open_2y_plus,
    cp_reviews_in_time,
    cp_second_subsequent,
    cp_second_subsequent_2y,
    cp_visits_in_time,
    icpc_within_15wd,
    open_assessments_over_45wd,
    re_referrals_12m,
    referral_decision_1wd,
    referrals_nfa,
    strategy_discussions_multi_agency,
)

INDICATORS: tuple[Indicator, ...] = (
    contacts_to_referral.INDICATOR,
    referral_decision_1wd.INDICATOR,
    referrals_nfa.INDICATOR,
    re_referrals_12m.INDICATOR,
    consent_dispensed_without_reason.INDICATOR,
    assessments_within_45wd.INDICATOR,
    assessments_within_45wd_from_referral.INDICATOR,
    open_assessments_over_45wd.INDICATOR,
    icpc_within_15wd.INDICATOR,
    cp_second_subsequent.INDICATOR,
    cp_second_subsequent_2y.INDICATOR,
    cp_plans_ended_2y_plus.INDICATOR,
    cp_plans_open_2y_plus.INDICATOR,
    cp_reviews_in_time.INDICATOR,
    cp_visits_in_time.INDICATOR,
    core_group_within_10wd.INDICATOR,
    strategy_discussions_multi_agency.INDICATOR,
)

REGISTRY: dict[str, Indicator] = {indicator.id: indicator for indicator in INDICATORS}


def get(indicator_id: str) -> Indicator | None:
    return REGISTRY.get(indicator_id)
