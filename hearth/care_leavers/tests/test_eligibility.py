"""Every eligibility rule, with the edges at 13 weeks, the 14th and 16th birthdays and the
return-home rule (rules.py is pure: no database)."""

from datetime import date, timedelta

import pytest

from hearth.care_leavers import rules
from hearth.care_leavers.rules import CareHistory, CareSpell, eligibility

BORN = date(2009, 6, 10)
B14 = date(2023, 6, 10)
B16 = date(2025, 6, 10)
B18 = date(2027, 6, 10)
B21 = date(2030, 6, 10)


def history(*spells, died_on=None):
    return CareHistory.of(BORN, [CareSpell(*s) for s in spells], died_on)


def test_eligible_after_13_weeks_since_14th_birthday_and_still_looked_after_at_16():
    found = eligibility(history((date(2024, 9, 1), None, "C2")), date(2025, 7, 1))
    assert found.category == rules.ELIGIBLE
    assert found.reason.startswith("eligible: 43 weeks looked after since 14th birthday")
    assert "still looked after at 16" in found.reason
    assert found.entitlement_ends == B21


def test_exactly_13_weeks_is_enough_and_one_day_less_is_not():
    start = B16 - timedelta(days=90)  # 91 days including today
    assert eligibility(history((start, None, "V2")), B16).category == rules.ELIGIBLE
    short = eligibility(history((start + timedelta(days=1), None, "V2")), B16)
    assert short.category == rules.TRANSITION
    assert short.reason.startswith("not yet eligible: 12 weeks")


def test_only_time_after_the_14th_birthday_counts():
    # In care from age 13, left the day before turning 14: nothing counts.
    spells = ((date(2022, 6, 1), B14, "C2"), (B16 - timedelta(days=30), None, "V2"))
    found = eligibility(history(*spells), B16)
    assert found.category == rules.TRANSITION
    assert found.weeks_since_14 == 4


def test_pre_planned_short_breaks_do_not_count():
    spells = ((date(2024, 1, 1), date(2024, 12, 1), "V3"), (B16 - timedelta(days=10), None, "C2"))
    assert eligibility(history(*spells), B16).category == rules.TRANSITION


def test_periods_since_14_add_up():
    spells = (
        (date(2023, 7, 1), date(2023, 8, 20), "V2"),  # 50 days
        (date(2025, 5, 1), None, "C2"),  # 41 days to the 16th birthday, plus the day itself
    )
    assert eligibility(history(*spells), B16).category == rules.ELIGIBLE


def test_relevant_when_eligible_and_left_care_at_16_or_17():
    found = eligibility(
        history((date(2024, 1, 1), date(2025, 9, 1), "C2", "E6")), date(2025, 10, 1)
    )
    assert found.category == rules.RELEVANT
    assert "left care on 1 September 2025 after turning 16" in found.reason


def test_leaving_care_on_the_16th_birthday_counts_as_after_16():
    assert (
        eligibility(history((date(2024, 1, 1), B16, "C2", "E6")), date(2025, 8, 1)).category
        == rules.RELEVANT
    )
    assert (
        eligibility(
            history((date(2024, 1, 1), B16 - timedelta(days=1), "C2", "E6")), date(2025, 8, 1)
        ).category
        == rules.NONE
    )


def test_qualifying_when_looked_after_after_16_but_under_13_weeks():
    found = eligibility(
        history((date(2025, 7, 1), date(2025, 8, 1), "V2", "E13")), date(2025, 9, 1)
    )
    assert found.category == rules.QUALIFYING
    assert "13 needed to be relevant" in found.reason


def test_return_home_to_a_parent_for_six_months_ends_relevance():
    left = date(2025, 8, 1)
    spells = ((date(2024, 1, 1), left, "C2", "E4A"),)
    assert eligibility(history(*spells), date(2026, 1, 31)).category == rules.RELEVANT
    after = eligibility(history(*spells), date(2026, 2, 1))
    assert after.category == rules.QUALIFYING
    assert "no longer relevant" in after.reason


def test_accommodation_with_a_parent_also_counts_as_returning_home():
    spells = ((date(2024, 1, 1), date(2025, 8, 1), "C2", "E6"),)
    found = eligibility(history(*spells), date(2026, 6, 1), home_with_parent_since=date(2026, 1, 1))
    assert found.category == rules.RELEVANT
    found = eligibility(
        history(*spells), date(2026, 6, 1), home_with_parent_since=date(2025, 12, 1)
    )
    assert found.category == rules.QUALIFYING


def test_former_relevant_from_18_to_21_and_to_25_on_request():
    spells = ((date(2024, 1, 1), B18, "C2", "E17"),)
    at_19 = eligibility(history(*spells), date(2028, 7, 1))
    assert at_19.category == rules.FORMER_RELEVANT
    assert at_19.entitlement_ends == B21
    at_22 = eligibility(history(*spells), date(2031, 7, 1))
    assert at_22.category == rules.NONE
    assert "entitlement ended at 21" in at_22.reason
    asked = eligibility(history(*spells), date(2031, 7, 1), support_requested_on=date(2031, 1, 5))
    assert asked.category == rules.FORMER_RELEVANT
    assert asked.entitlement_ends == date(2034, 6, 10)
    assert "support to 25 on request" in asked.reason
    assert eligibility(history(*spells), date(2034, 6, 10)).category == rules.NONE


def test_former_relevant_in_education_keeps_entitlement_to_25():
    spells = ((date(2024, 1, 1), B18, "C2", "E17"),)
    found = eligibility(history(*spells), date(2031, 7, 1), in_education=True)
    assert found.category == rules.FORMER_RELEVANT


def test_transition_list_from_fifteen_and_a_half_in_care():
    spells = ((date(2024, 9, 1), None, "C2"),)
    assert eligibility(history(*spells), date(2024, 12, 9)).category == rules.NONE
    found = eligibility(history(*spells), date(2024, 12, 10))
    assert found.category == rules.TRANSITION
    assert "16 on 10 June 2025" in found.reason


def test_transition_age_is_configurable(settings):
    settings.HEARTH = {**settings.HEARTH, "CARE_LEAVERS_TRANSITION_AGE_MONTHS": 180}
    spells = ((date(2024, 1, 1), None, "C2"),)
    assert eligibility(history(*spells), date(2024, 6, 10)).category == rules.TRANSITION


def test_left_care_before_16_is_not_a_care_leaver():
    found = eligibility(
        history((date(2023, 7, 1), date(2025, 1, 1), "C2", "E13")), date(2025, 9, 1)
    )
    assert found.category == rules.NONE
    assert "before 16th birthday" in found.reason


def test_special_guardianship_from_care_after_14_makes_a_qualifying_young_person():
    found = eligibility(
        history((date(2023, 7, 1), date(2025, 1, 1), "C2", "E45")), date(2025, 9, 1)
    )
    assert found.category == rules.QUALIFYING


def test_qualifying_at_18_to_21_and_to_25_in_education():
    spells = ((date(2025, 7, 1), date(2025, 8, 1), "V2", "E13"),)
    assert eligibility(history(*spells), date(2028, 1, 1)).category == rules.QUALIFYING
    assert eligibility(history(*spells), date(2031, 1, 1)).category == rules.NONE
    assert (
        eligibility(history(*spells), date(2031, 1, 1), in_education=True).category
        == rules.QUALIFYING
    )


def test_a_young_person_who_died_is_not_owed_a_duty():
    found = eligibility(
        history((date(2024, 1, 1), date(2025, 9, 1), "C2", "E6"), died_on=date(2026, 1, 1)),
        date(2026, 2, 1),
    )
    assert found.category == rules.NONE
    assert found.reason == "died on 1 January 2026"


@pytest.mark.parametrize(
    ("category", "label"),
    [
        (rules.RELEVANT, "a) Relevant"),
        (rules.FORMER_RELEVANT, "b) Former relevant"),
        (rules.QUALIFYING, "c) Qualifying"),
        (rules.ELIGIBLE, "d) Eligible"),
    ],
)
def test_annex_a_labels(category, label):
    assert rules.Eligibility(category, "").annex_a_label == label
