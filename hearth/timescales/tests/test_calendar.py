"""England working days: weekends, bank holidays, substitute days and the day-0 convention."""

import random
from datetime import date, timedelta

import pytest

from hearth.timescales.calendar import (
    add_working_days,
    bank_holidays,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)


class TestWorkingDays:
    def test_weekdays_are_working_days_and_weekends_are_not(self):
        assert is_working_day(date(2026, 3, 6))  # Friday
        assert not is_working_day(date(2026, 3, 7))  # Saturday
        assert not is_working_day(date(2026, 3, 8))  # Sunday
        assert is_working_day(date(2026, 3, 9))  # Monday

    def test_christmas_2021_substitute_days_are_not_working_days(self):
        # Christmas Day and Boxing Day 2021 fell at the weekend: Monday 27 and Tuesday 28.
        assert not is_working_day(date(2021, 12, 27))
        assert not is_working_day(date(2021, 12, 28))
        assert is_working_day(date(2021, 12, 29))
        # New Year's Day 2022 was a Saturday: the substitute was Monday 3 January.
        assert not is_working_day(date(2022, 1, 3))
        assert is_working_day(date(2022, 1, 4))

    def test_christmas_2027_substitute_days_are_not_working_days(self):
        assert not is_working_day(date(2027, 12, 27))
        assert not is_working_day(date(2027, 12, 28))
        assert is_working_day(date(2027, 12, 29))

    def test_the_one_off_bank_holidays_of_2022_and_2023_are_not_working_days(self):
        assert not is_working_day(date(2022, 9, 19))  # State funeral of Queen Elizabeth II
        assert not is_working_day(date(2023, 5, 8))  # Coronation of King Charles III
        assert not is_working_day(date(2022, 6, 3))  # Platinum Jubilee
        assert not is_working_day(date(2022, 6, 2))  # Spring bank holiday, moved

    def test_easter_and_the_late_may_bank_holiday_are_not_working_days(self):
        assert not is_working_day(date(2026, 4, 3))  # Good Friday
        assert not is_working_day(date(2026, 4, 6))  # Easter Monday
        assert not is_working_day(date(2026, 5, 25))  # Spring (late May) bank holiday
        assert is_working_day(date(2026, 5, 26))

    def test_scottish_and_northern_irish_holidays_are_working_days_in_england(self):
        assert is_working_day(date(2026, 1, 2))  # 2 January (Scotland)
        assert is_working_day(date(2026, 3, 17))  # St Patrick's Day (Northern Ireland)
        assert is_working_day(date(2026, 11, 30))  # St Andrew's Day (Scotland)

    def test_every_year_from_2000_to_2035_has_its_bank_holidays(self):
        for year in range(2000, 2036):
            found = dict(bank_holidays(year))
            assert len(found) >= 8, year
            assert any(d.month == 12 for d in found), year
            assert all(is_bank_holiday(d) for d in found)

    def test_substitute_days_are_named_as_gov_uk_names_them(self):
        names = dict(bank_holidays(2021))
        assert names[date(2021, 12, 27)] == "Christmas Day (substitute day)"
        assert names[date(2021, 12, 28)] == "Boxing Day (substitute day)"


class TestAddingWorkingDays:
    def test_the_start_day_is_day_zero(self):
        assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
        assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)
        assert add_working_days(date(2026, 3, 2), 15) == date(2026, 3, 23)

    def test_adding_nothing_to_a_working_day_gives_the_same_day(self):
        assert add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)

    def test_a_start_at_the_weekend_counts_from_the_next_working_day(self):
        # Saturday 7 March: Monday 9 March is day 0, so one working day later is Tuesday.
        assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 10)
        assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)

    def test_a_start_on_a_bank_holiday_counts_from_the_next_working_day(self):
        assert add_working_days(date(2026, 5, 25), 1) == date(2026, 5, 27)

    def test_one_working_day_after_christmas_eve_2021_is_the_29th(self):
        assert add_working_days(date(2021, 12, 24), 1) == date(2021, 12, 29)

    def test_one_working_day_after_christmas_eve_2027_is_the_29th(self):
        assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)

    def test_counting_across_new_year_2022_skips_the_substitute_monday(self):
        # Friday 31 December 2021 is day 0; Monday 3 January is the New Year substitute day.
        assert add_working_days(date(2021, 12, 31), 1) == date(2022, 1, 4)

    def test_counting_across_easter_skips_good_friday_and_easter_monday(self):
        assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)

    def test_counting_across_the_late_may_bank_holiday(self):
        assert add_working_days(date(2026, 5, 22), 1) == date(2026, 5, 26)

    def test_counting_across_the_queens_funeral(self):
        assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)

    def test_counting_across_may_day_and_the_coronation(self):
        # Day 0 Friday 28 April 2023; 1 May and 8 May 2023 were both bank holidays.
        assert add_working_days(date(2023, 4, 28), 5) == date(2023, 5, 9)

    def test_counting_across_a_month_end(self):
        assert add_working_days(date(2026, 1, 30), 1) == date(2026, 2, 2)
        assert add_working_days(date(2026, 4, 30), 1) == date(2026, 5, 1)

    def test_the_29th_of_february_is_a_working_day_in_a_leap_year(self):
        assert add_working_days(date(2024, 2, 28), 1) == date(2024, 2, 29)
        assert add_working_days(date(2024, 2, 29), 1) == date(2024, 3, 1)
        assert add_working_days(date(2023, 2, 28), 1) == date(2023, 3, 1)

    def test_negative_offsets_count_backwards(self):
        assert add_working_days(date(2021, 12, 29), -1) == date(2021, 12, 24)
        assert add_working_days(date(2026, 3, 9), -5) == date(2026, 3, 2)

    def test_dates_outside_the_preloaded_years_still_work(self):
        assert add_working_days(date(1995, 12, 22), 1) == date(1995, 12, 27)
        # 1 January 2051 is a Sunday; Monday 2 January is the substitute day.
        assert add_working_days(date(2050, 12, 30), 5) == date(2051, 1, 9)

    def test_the_day_one_convention_is_a_setting(self, hearth_settings):
        hearth_settings["WORKING_DAY_START_IS_DAY_ZERO"] = False
        assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 2)
        assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 6)
        # A Saturday start: Monday is day 1.
        assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)
        assert add_working_days(date(2021, 12, 24), 2) == date(2021, 12, 29)

    def test_adding_then_counting_gives_back_the_same_number(self):
        chooser = random.Random(2026)
        for _ in range(500):
            start = next_working_day(date(2000, 1, 1) + timedelta(days=chooser.randrange(13000)))
            n = chooser.randrange(0, 130)
            assert working_days_between(start, add_working_days(start, n)) == n


class TestCountingWorkingDays:
    def test_friday_to_monday_is_one_working_day(self):
        assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1

    def test_a_day_to_itself_is_zero(self):
        assert working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0

    def test_counting_backwards_is_negative(self):
        assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
        assert working_days_between(date(2022, 1, 4), date(2021, 12, 24)) == -4

    def test_counting_across_christmas_2021_skips_every_holiday(self):
        # After Friday 24 December: 29, 30, 31 December and 4 January (3 January is a holiday).
        assert working_days_between(date(2021, 12, 24), date(2022, 1, 4)) == 4

    def test_weekend_only_spans_have_no_working_days(self):
        assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0


class TestNextWorkingDay:
    def test_the_next_working_day_after_friday_is_monday(self):
        assert next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)

    def test_the_next_working_day_after_christmas_eve_2021_is_the_29th(self):
        assert next_working_day(date(2021, 12, 24)) == date(2021, 12, 29)

    def test_the_next_working_day_after_new_years_eve_2026_is_4_january(self):
        assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)

    def test_the_previous_working_day_before_easter_monday_is_maundy_thursday(self):
        assert previous_working_day(date(2026, 4, 6)) == date(2026, 4, 2)


@pytest.mark.parametrize("year", [2000, 2020, 2035])
def test_new_years_day_is_never_a_working_day(year):
    assert not is_working_day(date(year, 1, 1))
