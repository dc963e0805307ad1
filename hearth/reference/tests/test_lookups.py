from datetime import date

import pytest
import time_machine

from hearth.reference import lookups
from hearth.reference.lookups import (
    UnknownList,
    choices,
    collection_year,
    description,
    is_valid,
)


class TestCollectionYear:
    def test_the_year_starts_on_the_first_of_april(self):
        assert collection_year(date(2025, 4, 1)) == 2025

    def test_the_thirty_first_of_march_belongs_to_the_year_before(self):
        assert collection_year(date(2025, 3, 31)) == 2024

    def test_new_years_day_belongs_to_the_year_that_started_the_april_before(self):
        assert collection_year(date(2026, 1, 1)) == 2025


@pytest.mark.django_db
class TestValidityByYear:
    def test_sex_codes_changed_to_letters_in_2024_25(self):
        assert is_valid("sex", "M", on=date(2024, 4, 1))
        assert not is_valid("sex", "M", on=date(2024, 3, 31))
        assert is_valid("sex", "1", on=date(2024, 3, 31))
        assert not is_valid("sex", "1", on=date(2024, 4, 1))

    def test_a_retired_placement_type_is_valid_only_up_to_its_last_year(self):
        assert is_valid("placement_type", "H5", on=date(2025, 3, 31))
        assert not is_valid("placement_type", "H5", on=date(2025, 4, 1))

    def test_a_new_placement_type_is_not_valid_before_its_first_year(self):
        assert not is_valid("placement_type", "Z12", on=date(2025, 3, 31))
        assert is_valid("placement_type", "Z12", on=date(2025, 4, 1))

    def test_choices_leave_out_codes_not_valid_that_year(self):
        codes_2024 = {code for code, _ in choices("placement_type", on=date(2024, 6, 1))}
        codes_2025 = {code for code, _ in choices("placement_type", on=date(2025, 6, 1))}
        assert {"H5", "P2", "Z1", "K3"} <= codes_2024
        assert not codes_2024 & {"Z11", "Z12", "Z13", "Z14"}
        assert not codes_2025 & {"H5", "P2", "Z1"}
        assert {"Z11", "Z12", "Z13", "Z14", "K3"} <= codes_2025

    def test_retired_assessment_factors_are_not_offered_but_still_described(self):
        assert "18A" not in dict(choices("assessment_factor", on=date(2024, 4, 1)))
        assert "18A" in dict(choices("assessment_factor", on=date(2023, 4, 1)))
        assert description("assessment_factor", "18A") == "Physical abuse (deprecated)"

    @time_machine.travel(date(2025, 3, 31), tick=False)
    def test_without_a_date_validity_is_for_the_current_collection_year(self):
        assert is_valid("placement_type", "H5")
        assert not is_valid("placement_type", "Z11")

    @time_machine.travel(date(2026, 11, 26), tick=False)
    def test_without_a_date_the_current_year_drops_codes_retired_earlier(self):
        assert not is_valid("placement_type", "H5")
        assert is_valid("placement_type", "Z11")


@pytest.mark.django_db
class TestLabelsAndUnknownCodes:
    def test_choices_are_labelled_with_the_code_and_description_in_list_order(self):
        assert choices("abuse_category", on=date(2025, 5, 1)) == [
            ("NEG", "NEG: Neglect"),
            ("PHY", "PHY: Physical abuse"),
            ("SAB", "SAB: Sexual abuse"),
            ("EMO", "EMO: Emotional abuse"),
            ("MUL", "MUL: Multiple/not recommended"),
        ]

    def test_choices_can_show_the_description_alone(self):
        assert choices("missing_type", show_code=False)[0] == ("M", "Missing")

    def test_n1_is_worded_for_the_year_asked_about(self):
        assert description("primary_need", "N1") == "Abuse, neglect and exploitation"
        assert description("primary_need", "N1", on=date(2024, 5, 1)) == "Abuse or neglect"
        assert description("primary_need", "N1", on=date(2025, 5, 1)) == (
            "Abuse, neglect and exploitation"
        )
        assert ("N1", "N1: Abuse or neglect") in choices("primary_need", on=date(2023, 5, 1))

    def test_an_unknown_code_is_not_valid_and_has_no_description(self):
        assert not is_valid("ethnicity", "XXXX")
        assert description("ethnicity", "XXXX") == ""

    def test_a_code_from_another_list_is_not_valid_in_this_one(self):
        assert not is_valid("legal_status", "PR1")

    def test_an_unknown_list_name_is_an_error_not_a_silent_no(self):
        with pytest.raises(UnknownList):
            is_valid("ethnicities", "WBRI")
        with pytest.raises(UnknownList):
            choices("ethnicities")

    def test_codes_are_read_once_per_process(self, django_assert_num_queries):
        lookups.clear_cache()
        with django_assert_num_queries(2):
            is_valid("ethnicity", "WBRI")
            choices("legal_status")
            description("placement_type", "K3")
