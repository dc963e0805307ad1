import pytest

from hearth.people.identifiers import (
    la_child_id_error,
    nhs_number_check_digit,
    nhs_number_error,
    normalise_postcode,
    postcode_error,
    upn_check_letter,
    upn_error,
)


class TestUpn:
    # Synthetic UPNs whose check letters were worked by hand from the DfE standard
    # (characters 2-13 weighted 2-13, sum mod 23, A-Z without I, O, S):
    #   801200005001: 8x2 + 1x4 + 2x5 + 5x10 + 1x13 = 93; 93 mod 23 = 1 -> B (DfE's example)
    #   207000016049: 2x2 + 7x4 + 1x9 + 6x10 + 4x12 + 9x13 = 266; 266 mod 23 = 13 -> P
    #   80120000500A (temporary, A = 0): 80; 80 mod 23 = 11 -> M
    #   80120000500Z (temporary, Z = 22): 80 + 286 = 366; 366 mod 23 = 21 -> Y
    @pytest.mark.parametrize(
        "upn", ["B801200005001", "P207000016049", "M80120000500A", "Y80120000500Z"]
    )
    def test_a_upn_with_the_right_check_letter_is_valid(self, upn):
        assert upn_check_letter(upn) == upn[0]
        assert upn_error(upn) == ""

    def test_lower_case_and_spaces_are_accepted(self):
        assert upn_error(" b8012 0000 5001 ") == ""

    @pytest.mark.parametrize("upn", ["A801200005001", "Q207000016049", "N80120000500A"])
    def test_a_wrong_check_letter_is_refused(self, upn):
        assert upn_error(upn) == "Enter a valid UPN: the check letter does not match"

    @pytest.mark.parametrize(
        "upn",
        ["B80120000500", "B8012000050011", "B80120000A001", "I801200005001", "B80120000500S", ""],
    )
    def test_a_badly_formed_upn_is_refused(self, upn):
        assert upn_error(upn).startswith("Enter a UPN in the correct format")


class TestNhsNumber:
    @pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919"])
    def test_a_number_with_the_right_check_digit_is_valid(self, number):
        assert nhs_number_error(number) == ""

    def test_a_remainder_of_eleven_gives_check_digit_zero(self):
        # 2x10 + 1x2 = 22; 22 mod 11 = 0; 11 - 0 = 11, which means 0.
        assert nhs_number_check_digit("200000001") == 0
        assert nhs_number_error("2000000010") == ""

    def test_a_check_digit_of_ten_means_the_number_is_invalid(self):
        # 6x2 = 12; 12 mod 11 = 1; 11 - 1 = 10: no tenth digit can make it valid.
        assert nhs_number_check_digit("000000006") is None
        for last in range(10):
            assert nhs_number_error(f"00000000 6{last}".replace(" ", "")) != ""

    def test_a_wrong_check_digit_is_refused(self):
        assert nhs_number_error("9434765918") == (
            "Enter a valid NHS number: the check digit does not match"
        )

    @pytest.mark.parametrize("number", ["943476591", "94347659190", "943476591X"])
    def test_a_number_that_is_not_ten_digits_is_refused(self, number):
        assert nhs_number_error(number).startswith("Enter an NHS number of 10 digits")


class TestPostcode:
    @pytest.mark.parametrize(
        "postcode", ["E15 4BQ", "e154bq", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"]
    )
    def test_uk_postcodes_are_valid(self, postcode):
        assert postcode_error(postcode) == ""

    @pytest.mark.parametrize("postcode", ["E15", "123 456", "QA1 1AA", "E15 4BQQ", "E15 4CQ"])
    def test_malformed_postcodes_are_refused(self, postcode):
        assert postcode_error(postcode) == "Enter a full UK postcode, like E15 4BQ"

    def test_an_empty_postcode_asks_for_one(self):
        assert postcode_error(" ") == "Enter a postcode"

    def test_postcodes_are_normalised_to_capitals_with_one_space(self):
        assert normalise_postcode("sw1a1aa") == "SW1A 1AA"


def test_la_child_id_must_be_letters_and_digits_up_to_twenty():
    assert la_child_id_error("HC000123") == ""
    assert la_child_id_error("HC-000123") != ""
    assert la_child_id_error("A" * 21) != ""
