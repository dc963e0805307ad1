"""Validation of the identifiers a child carries: UPN, NHS number, postcode."""

import re

# UPN check letter alphabet (DfE "Unique Pupil Numbers" guidance): 23 letters, no I, O or S.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")
_POSTCODE_PATTERN = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ](\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRV-Y]?|[A-HK-Y]\d\d) ?\d[ABD-HJLNP-UW-Z]{2})$"
)


def upn_check_letter(upn: str) -> str:
    """The check letter for characters 2 to 13: each weighted by its position, summed, mod 23
    (a letter in position 13, for a temporary UPN, counts as its place in the alphabet)."""
    total = 0
    for weight, ch in enumerate(upn[1:13], start=2):
        value = int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)
        total += value * weight
    return _UPN_LETTERS[total % 23]


def upn_error(value: str) -> str:
    upn = value.strip().upper()
    if not _UPN_PATTERN.match(upn):
        return "Enter a UPN in the correct format, like A123456789012 (13 characters)"
    if upn[0] != upn_check_letter(upn):
        return "Enter a valid UPN: the check letter does not match"
    return ""


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
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        return "Enter an NHS number of 10 digits, like 485 777 3456"
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        return "Enter a valid NHS number: the check digit does not match"
    return ""


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode_error(value: str) -> str:
    if not _POSTCODE_PATTERN.match(normalise_postcode(value)):
        return "Enter a full UK postcode, like E15 4BQ"
    return ""
