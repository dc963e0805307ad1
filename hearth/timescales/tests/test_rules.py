"""Offsets and rules: units, month-end clamping, descriptions and settings-driven cadences."""

from datetime import date

import pytest

from hearth.timescales.rules import Offset, Rule


def make_rule(**overrides):
    values = {
        "id": "example",
        "title": "Example",
        "description": "An example rule.",
        "source": "Example Regulations, reg 1",
        "basis": "regulations",
        "clock_starts": "Something happened",
        "offset": Offset(10, "working_days"),
        "satisfied_by": "Something done",
    }
    values.update(overrides)
    return Rule(**values)


class TestOffsets:
    def test_working_days_skip_weekends_and_bank_holidays(self):
        assert Offset(1, "working_days").apply(date(2022, 9, 16)) == date(2022, 9, 20)

    def test_days_and_weeks_are_calendar_days(self):
        assert Offset(3, "days").apply(date(2026, 12, 25)) == date(2026, 12, 28)
        assert Offset(6, "weeks").apply(date(2026, 11, 26)) == date(2027, 1, 7)

    def test_months_keep_the_day_of_the_month(self):
        assert Offset(3, "months").apply(date(2026, 3, 15)) == date(2026, 6, 15)
        assert Offset(6, "months").apply(date(2026, 9, 15)) == date(2027, 3, 15)

    def test_months_clamp_to_the_end_of_a_shorter_month(self):
        assert Offset(1, "months").apply(date(2026, 1, 31)) == date(2026, 2, 28)
        assert Offset(3, "months").apply(date(2025, 11, 30)) == date(2026, 2, 28)
        assert Offset(6, "months").apply(date(2026, 8, 31)) == date(2027, 2, 28)
        assert Offset(3, "months").apply(date(2026, 5, 31)) == date(2026, 8, 31)

    def test_months_reach_the_29th_of_february_in_a_leap_year(self):
        assert Offset(1, "months").apply(date(2024, 1, 31)) == date(2024, 2, 29)
        assert Offset(6, "months").apply(date(2027, 8, 31)) == date(2028, 2, 29)
        assert Offset(12, "months").apply(date(2024, 2, 29)) == date(2025, 2, 28)

    def test_descriptions_read_as_english(self):
        assert Offset(15, "working_days").describe() == "15 working days"
        assert Offset(1, "working_days").describe() == "1 working day"
        assert Offset(1, "weeks").describe() == "1 week"
        assert Offset(6, "weeks").describe() == "6 weeks"
        assert Offset(3, "months").describe() == "3 months"
        assert Offset(1, "months").describe() == "1 month"
        assert Offset(3, "days").describe() == "3 days"

    def test_an_unknown_unit_is_refused(self):
        with pytest.raises(ValueError, match="fortnights"):
            Offset(2, "fortnights")  # type: ignore[arg-type]

    def test_a_fractional_amount_is_refused(self):
        with pytest.raises(TypeError):
            Offset(1.5, "days")  # type: ignore[arg-type]


class TestRules:
    def test_a_rule_computes_its_due_date_from_the_clock_start(self):
        assert make_rule().due_from(date(2026, 3, 2)) == date(2026, 3, 16)

    def test_an_unknown_basis_is_refused(self):
        with pytest.raises(ValueError, match="basis"):
            make_rule(basis="folklore")

    def test_only_local_policy_may_read_a_setting(self):
        with pytest.raises(ValueError, match="setting"):
            make_rule(setting="CP_VISIT_WORKING_DAYS")

    def test_rules_are_frozen(self):
        with pytest.raises(AttributeError):
            make_rule().title = "Changed"  # type: ignore[misc]

    def test_a_local_rule_reads_its_cadence_from_settings_when_evaluated(self, hearth_settings):
        local = make_rule(basis="local policy", setting="CP_VISIT_WORKING_DAYS")
        hearth_settings["CP_VISIT_WORKING_DAYS"] = 10
        assert local.due_from(date(2026, 3, 2)) == date(2026, 3, 16)
        hearth_settings["CP_VISIT_WORKING_DAYS"] = 5
        assert local.due_from(date(2026, 3, 2)) == date(2026, 3, 9)
        assert local.current_offset().describe() == "5 working days"

    def test_a_local_rule_falls_back_to_its_declared_amount_without_the_setting(
        self, hearth_settings
    ):
        hearth_settings.pop("CP_VISIT_WORKING_DAYS")
        local = make_rule(basis="local policy", setting="CP_VISIT_WORKING_DAYS")
        assert local.current_offset() == Offset(10, "working_days")

    def test_the_basis_description_quotes_the_source_except_for_local_policy(self):
        assert make_rule().describe_basis() == "regulations: Example Regulations, reg 1"
        assert make_rule(basis="local policy").describe_basis() == "local policy"
