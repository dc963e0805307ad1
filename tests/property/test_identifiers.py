"""Identifier validators on any text: a clear message or "", never an exception, and the
numbers they accept are the ones the standards define (ASCII digits, the check character)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from hearth.people.identifiers import (
    la_child_id_error,
    nhs_number_check_digit,
    nhs_number_error,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_error,
    upn_check_letter,
    upn_error,
)

VALIDATORS = [upn_error, nhs_number_error, la_child_id_error, postcode_error]
ascii_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
# Digits of other scripts (Arabic-Indic, Devanagari, fullwidth): \d matches them, int() reads
# them, and the standards do not allow them.
OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９"]
other_script = st.sampled_from(OTHER_DIGITS).map(lambda d: str.maketrans("0123456789", d))
nearly_valid = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[A-Za-z0-9 ]{1,22}\n?", fullmatch=True),
    st.sampled_from(["943 476 5919", "B801200005001", "E15 4BQ", "AB12CD"]).flatmap(
        lambda v: st.sampled_from([v, v + "\n", v + " ", "\n" + v])
    ),
)


@given(nearly_valid)
def test_every_validator_answers_any_text_with_a_message_or_nothing(value):
    for validator in VALIDATORS:
        answer = validator(value)
        assert isinstance(answer, str)
        assert answer == "" or answer[0].isupper()


@given(st.text(max_size=40))
def test_an_accepted_nhs_number_is_ten_ascii_digits_with_the_right_check_digit(value):
    if nhs_number_error(value) == "":
        digits = normalise_nhs_number(value)
        assert re.fullmatch(r"[0-9]{10}", digits)
        assert nhs_number_check_digit(digits[:9]) == int(digits[9])


@given(ascii_digits)
def test_a_number_built_with_its_check_digit_is_accepted(first_nine):
    check = nhs_number_check_digit(first_nine)
    if check is None:  # no valid number starts this way
        assert all(nhs_number_error(f"{first_nine}{d}") for d in range(10))
    else:
        assert nhs_number_error(f"{first_nine[:3]} {first_nine[3:6]} {first_nine[6:]}{check}") == ""


@given(nearly_valid)
def test_an_accepted_upn_is_ascii_with_its_check_letter(value):
    if upn_error(value) == "":
        upn = normalise_upn(value)
        assert re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", upn)
        assert upn[0] == upn_check_letter(upn)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_upn_built_with_its_check_letter_is_accepted(body):
    assert upn_error(upn_check_letter("X" + body) + body) == ""


@given(nearly_valid)
def test_an_accepted_la_child_id_is_up_to_twenty_ascii_letters_or_digits(value):
    if la_child_id_error(value) == "":
        assert re.fullmatch(r"[A-Za-z0-9]{1,20}", value)


@given(nearly_valid)
def test_an_accepted_postcode_normalises_to_one_space_before_the_inward_code(value):
    if postcode_error(value) == "":
        normal = normalise_postcode(value)
        assert re.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}", normal)


@given(ascii_digits, other_script)
def test_identifiers_written_in_another_scripts_digits_are_refused(first_nine, translate):
    check = nhs_number_check_digit(first_nine)
    if check is not None:
        assert nhs_number_error(f"{first_nine}{check}".translate(translate))
    upn = upn_check_letter("X" + first_nine + "123") + first_nine + "123"
    assert upn_error(upn.translate(translate))
    assert postcode_error("E15 4BQ".translate(translate))
