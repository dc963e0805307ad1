"""The catalogue: every rule of DOMAIN.md section 0, declared once, computing the right dates."""

from datetime import date

import pytest
from django.conf import settings

from hearth.timescales.catalogue import RULES, SECTIONS, rule
from hearth.timescales.rules import BASES

REQUIRED_IDS = {
    "referral_decision",
    "assessment_45wd",
    "icpc_15wd",
    "core_group_10wd",
    "cp_review_first_3m",
    "cp_review_6m",
    "cp_visit",
    "cin_visit",
    "care_plan_10wd",
    "placement_plan_5wd",
    "cla_review_first_20wd",
    "cla_review_second_3m",
    "cla_review_6m",
    "cla_visit_first_week",
    "cla_visit_6w",
    "cla_visit_3m",
    "iha_20wd",
    "rha_6m_under5",
    "rha_12m",
    "pep_10wd",
    "pathway_plan_review_6m",
    "needs_assessment_3m_after_16",
    "rhi_72h",
    "first_visit_after_allocation",
    "allocated_child_visit",
    "case_note_finalise",
}


class TestTheCatalogue:
    def test_every_rule_the_other_apps_use_is_declared(self):
        assert set(RULES) >= REQUIRED_IDS

    def test_each_rule_is_declared_once_and_filed_under_one_section(self):
        ids = [r.id for _, rules in SECTIONS for r in rules]
        assert len(ids) == len(set(ids)) == len(RULES)

    def test_every_rule_has_a_title_source_clock_and_what_satisfies_it(self):
        for r in RULES.values():
            assert r.title and r.description and r.source, r.id
            assert r.clock_starts and r.satisfied_by, r.id
            assert r.basis in BASES, r.id

    def test_every_local_rule_names_a_setting_that_exists(self):
        local = [r for r in RULES.values() if r.is_local]
        assert {r.id for r in local} >= {"cp_visit", "cin_visit", "first_visit_after_allocation"}
        for r in local:
            assert r.setting in settings.HEARTH, r.id

    def test_local_rules_are_those_whose_cadence_comes_from_settings(self):
        assert rule("cp_visit").setting == "CP_VISIT_WORKING_DAYS"
        assert rule("cin_visit").setting == "CIN_VISIT_WORKING_DAYS"
        assert rule("first_visit_after_allocation").setting == "FIRST_VISIT_WORKING_DAYS"
        assert rule("allocated_child_visit").setting == "ALLOCATED_VISIT_WORKING_DAYS"
        assert rule("case_note_finalise").setting == "CASE_NOTE_FINALISE_WORKING_DAYS"

    def test_regulation_sources_are_quoted_in_full(self):
        assert rule("cla_review_first_20wd").source == (
            "Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(1)"
        )
        assert rule("placement_plan_5wd").source.endswith("reg 9(2)")
        assert rule("care_plan_10wd").source.endswith("reg 4(2)")

    def test_an_unknown_rule_id_is_a_clear_key_error(self):
        with pytest.raises(KeyError, match="No timescale rule 'icpc_16wd'. Known rules: "):
            rule("icpc_16wd")


class TestDueDates:
    def test_a_referral_received_on_christmas_eve_2021_needs_a_decision_by_the_29th(self):
        assert rule("referral_decision").due_from(date(2021, 12, 24)) == date(2021, 12, 29)

    def test_an_assessment_is_due_45_working_days_after_referral_across_christmas(self):
        assert rule("assessment_45wd").due_from(date(2025, 12, 1)) == date(2026, 2, 5)

    def test_icpc_is_due_fifteen_working_days_after_the_strategy_discussion(self):
        # Monday 12 September 2022; the Queen's funeral on 19 September is not counted.
        assert rule("icpc_15wd").due_from(date(2022, 9, 12)) == date(2022, 10, 4)

    def test_the_first_core_group_is_due_ten_working_days_after_the_icpc(self):
        assert rule("core_group_10wd").due_from(date(2026, 12, 18)) == date(2027, 1, 6)

    def test_the_first_cp_review_is_due_three_months_after_the_icpc_clamped_to_month_end(self):
        assert rule("cp_review_first_3m").due_from(date(2026, 11, 30)) == date(2027, 2, 28)

    def test_later_cp_reviews_are_due_six_months_after_the_last(self):
        assert rule("cp_review_6m").due_from(date(2027, 8, 31)) == date(2028, 2, 29)

    def test_cp_visits_follow_the_local_setting(self, hearth_settings):
        assert rule("cp_visit").due_from(date(2026, 3, 2)) == date(2026, 3, 16)
        hearth_settings["CP_VISIT_WORKING_DAYS"] = 5
        assert rule("cp_visit").due_from(date(2026, 3, 2)) == date(2026, 3, 9)

    def test_a_care_plan_is_due_ten_working_days_after_placement_across_the_coronation(self):
        assert rule("care_plan_10wd").due_from(date(2023, 5, 2)) == date(2023, 5, 17)

    def test_a_placement_plan_is_due_five_working_days_after_placement_across_late_may(self):
        assert rule("placement_plan_5wd").due_from(date(2026, 5, 22)) == date(2026, 6, 1)

    def test_the_first_cla_review_is_due_twenty_working_days_after_care_across_easter(self):
        assert rule("cla_review_first_20wd").due_from(date(2026, 4, 1)) == date(2026, 5, 1)

    def test_the_second_cla_review_is_due_three_months_after_the_first(self):
        assert rule("cla_review_second_3m").due_from(date(2026, 5, 31)) == date(2026, 8, 31)

    def test_a_first_week_visit_is_a_calendar_week_even_over_christmas(self):
        assert rule("cla_visit_first_week").due_from(date(2026, 12, 23)) == date(2026, 12, 30)

    def test_six_weekly_visits_are_42_days_apart(self):
        assert rule("cla_visit_6w").due_from(date(2026, 11, 26)) == date(2027, 1, 7)

    def test_the_initial_health_assessment_is_due_before_the_first_review(self):
        assert rule("iha_20wd").due_from(date(2026, 4, 1)) == rule(
            "cla_review_first_20wd"
        ).due_from(date(2026, 4, 1))

    def test_review_health_assessments_are_six_monthly_under_five_and_yearly_after(self):
        assert rule("rha_6m_under5").due_from(date(2026, 8, 31)) == date(2027, 2, 28)
        assert rule("rha_12m").due_from(date(2024, 2, 29)) == date(2025, 2, 28)

    def test_the_leaving_care_needs_assessment_is_due_three_months_after_the_16th_birthday(self):
        assert rule("needs_assessment_3m_after_16").due_from(date(2027, 11, 30)) == date(
            2028, 2, 29
        )

    def test_a_return_home_interview_is_due_three_days_after_return(self):
        assert rule("rhi_72h").due_from(date(2026, 12, 25)) == date(2026, 12, 28)

    def test_the_first_visit_after_allocation_is_due_five_working_days_later(self):
        assert rule("first_visit_after_allocation").due_from(date(2026, 3, 3)) == date(2026, 3, 10)

    def test_a_draft_case_note_is_due_for_finalising_the_next_working_day(self):
        assert rule("case_note_finalise").due_from(date(2026, 4, 2)) == date(2026, 4, 7)

    def test_the_day_one_convention_gives_the_cin_validator_count(self, hearth_settings):
        # The open-source CIN census validator counts the start day as day 1 (n - 1 business
        # days); with the setting off, Hearth's dates match it, one working day earlier.
        hearth_settings["WORKING_DAY_START_IS_DAY_ZERO"] = False
        assert rule("icpc_15wd").due_from(date(2026, 3, 2)) == date(2026, 3, 20)
        hearth_settings["WORKING_DAY_START_IS_DAY_ZERO"] = True
        assert rule("icpc_15wd").due_from(date(2026, 3, 2)) == date(2026, 3, 23)


def test_every_rule_is_documented_in_the_domain_notes():
    notes = (settings.BASE_DIR / "docs" / "domain" / "timescales.md").read_text()
    missing = [rule_id for rule_id in RULES if f"`{rule_id}`" not in notes]
    assert not missing, f"Add these rules to docs/domain/timescales.md: {missing}"
