"""Validation of the identifiers a child carries: UPN, NHS number, LA child ID, postcode."""

import re

# UPN check letter. Source: the DfE's Unique Pupil Number data standard (GovTalk "Unique Pupil
# Number" v2.0, owner Department for Education, agreed 18 November 2004), which the CIN census
# applies as validation rule 1510 ("UPN invalid (wrong check letter at character 1)"):
#   - characters 2 to 13 are weighted by their position (character 2 x 2 ... character 13 x 13);
#   - for a temporary UPN the letter in position 13 counts as its value in the table below;
#   - the sum modulo 23 gives the check letter: 0 -> A, 1 -> B ... 22 -> Z, skipping I, O and S
#     (A-H = 0-7, J-N = 8-12, P-R = 13-15, T-Z = 16-22).
# Checked against the published worked example B801200005001 (sum 93, 93 mod 23 = 1 -> B).
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# [0-9], not \d (which takes any script's digits), and fullmatch, not $ (which lets a final
# newline through): both found by tests/property/test_identifiers.py.
_UPN_PATTERN = re.compile(r"[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]")
_LA_CHILD_ID_PATTERN = re.compile(r"[A-Za-z0-9]{1,20}")
_POSTCODE_PATTERN = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ](\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRV-Y]?|[A-HK-Y]\d\d)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})$",
    re.ASCII,
)


def normalise_upn(value: str) -> str:
    return re.sub(r"\s", "", value).upper()


def upn_check_letter(upn: str) -> str:
    """The check letter for a 13-character UPN (its first character is ignored)."""
    total = 0
    for weight, ch in enumerate(upn[1:13], start=2):
        value = int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)
        total += value * weight
    return _UPN_LETTERS[total % 23]


def upn_error(value: str) -> str:
    upn = normalise_upn(value)
    if not _UPN_PATTERN.fullmatch(upn):
        return (
            "Enter a UPN in the correct format: a letter, 11 digits, then a digit or a letter, "
            "like A123456789012"
        )
    if upn[0] != upn_check_letter(upn):
        return "Enter a valid UPN: the check letter does not match"
    return ""


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value)


def nhs_number_check_digit(first_nine: str) -> int | None:
    """Modulus 11: weights 10 down to 2; 11 means 0; 10 means the number is invalid."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_error(value: str) -> str:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return "Enter an NHS number of 10 digits, like 943 476 5919"
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        return "Enter a valid NHS number: the check digit does not match"
    return ""


def la_child_id_error(value: str) -> str:
    # CIN census rules 1570 and 1580 (from 2024-25): at most 20 characters, letters and digits.
    if not _LA_CHILD_ID_PATTERN.fullmatch(value):
        return "LA child ID must be 20 letters or numbers or fewer, with no spaces or symbols"
    return ""


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_error(value: str) -> str:
    if not value.strip():
        return "Enter a postcode"
    if not _POSTCODE_PATTERN.match(normalise_postcode(value)):
        return "Enter a full UK postcode, like E15 4BQ"
    return ""
