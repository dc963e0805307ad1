"""ChildIdentifiers and ChildCharacteristics (DOMAIN.md 2.3.2, 2.3.3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

from hearth.returns.cin_census import codes
from hearth.returns.cin_census.records import Child
from hearth.returns.cin_census.rules.helpers import before, is_no, is_yes
from hearth.returns.cin_census.validate import Context, rule
from hearth.timescales.rules import add_months

IDS = "ChildIdentifiers"


def _upn_digits_ok(upn: str) -> bool:
    return len(upn) == 13 and upn[1:].isdigit()


@rule(code="1510", message="UPN invalid (wrong check letter at character 1)", severity="error",
      fields=["UPN"])  # fmt: skip
def upn_check_letter(child: Child, ctx: Context) -> Iterator[str]:
    upn = child.upn
    if upn and _upn_digits_ok(upn):
        total = sum(int(upn[i]) * (i + 1) for i in range(1, 13)) % 23
        if codes.UPN_CHECK_LETTERS[total] != upn[0]:
            yield f"{IDS}/UPN"


@rule(code="1530", message="UPN invalid (characters 2-4 not a recognised LA code)",
      severity="error", fields=["UPN"])  # fmt: skip
def upn_la_code(child: Child, ctx: Context) -> Iterator[str]:
    if child.upn and len(child.upn) == 13 and child.upn[1:4] not in codes.UPN_LA_CODES:
        yield f"{IDS}/UPN"


@rule(code="1540", message="UPN invalid (characters 5-12 not all numeric)", severity="error",
      fields=["UPN"])  # fmt: skip
def upn_numeric(child: Child, ctx: Context) -> Iterator[str]:
    if child.upn and not child.upn[4:12].isdigit():
        yield f"{IDS}/UPN"


@rule(code="1550", message="UPN invalid (character 13 not a recognised value)",
      severity="error", fields=["UPN"])  # fmt: skip
def upn_last_character(child: Child, ctx: Context) -> Iterator[str]:
    if child.upn and len(child.upn) == 13 and child.upn[12] not in codes.UPN_LAST_CHARACTERS:
        yield f"{IDS}/UPN"


@rule(code="1560Q",
      message="Please check and either amend or provide a reason: Former UPN wrongly formatted",
      severity="query", fields=["FormerUPN"])  # fmt: skip
def former_upn_format(child: Child, ctx: Context) -> Iterator[str]:
    upn = child.former_upn
    if upn and (len(upn) != 13 or not upn[1:].isdigit() or not upn[0].isalpha()):
        yield f"{IDS}/FormerUPN"


@rule(code="1570", message="LA Child ID must not be longer than 20 characters",
      severity="error", fields=["LAchildID"])  # fmt: skip
def la_child_id_length(child: Child, ctx: Context) -> Iterator[str]:
    if child.la_child_id and len(child.la_child_id) > 20:
        yield f"{IDS}/LAchildID"


@rule(code="1580", message="LA Child ID must not contain any non-alphanumeric characters",
      severity="error", fields=["LAchildID"])  # fmt: skip
def la_child_id_alphanumeric(child: Child, ctx: Context) -> Iterator[str]:
    if child.la_child_id and not child.la_child_id.isalnum():
        yield f"{IDS}/LAchildID"


@rule(code="4180", message="Sex must be provided and equal M, F, or U", severity="error",
      fields=["Sex"])  # fmt: skip
def sex_valid(child: Child, ctx: Context) -> Iterator[str]:
    if child.sex not in codes.SEX:
        yield f"{IDS}/Sex"


@rule(code="4220", message="Ethnicity is missing or invalid (see Ethnicity table)",
      severity="error", fields=["Ethnicity"])  # fmt: skip
def ethnicity_valid(child: Child, ctx: Context) -> Iterator[str]:
    if child.ethnicity not in codes.ETHNICITY:
        yield "ChildCharacteristics/Ethnicity"


@rule(code="8500", message="LA Child ID missing", severity="error", fields=["LAchildID"])
def la_child_id_present(child: Child, ctx: Context) -> Iterator[str]:
    if not child.la_child_id:
        yield f"{IDS}/LAchildID"


@rule(code="8520", message="Date of Birth is after data collection period (must be on or "
      "before the end of the census period)", severity="error",
      fields=["PersonBirthDate", "ReferenceDate"])  # fmt: skip
def birth_by_reference_date(child: Child, ctx: Context) -> Iterator[str]:
    if before(ctx.reference_date, child.birth_date):
        yield f"{IDS}/PersonBirthDate"


@rule(code="8525Q", message="Either Date of Birth or Expected Date of Birth must be provided "
      "(but not both)", severity="query",
      fields=["PersonBirthDate", "ExpectedPersonBirthDate"])  # fmt: skip
def birth_or_expected(child: Child, ctx: Context) -> Iterator[str]:
    if (child.birth_date is None) == (child.expected_birth_date is None):
        yield f"{IDS}/PersonBirthDate"


@rule(code="8530Q", message="Please check and either amend data or provide a reason: Expected "
      "Date of Birth is outside the expected range for this census (March to December of the "
      "Census Year end)", severity="query", fields=["ExpectedPersonBirthDate"])  # fmt: skip
def expected_birth_in_range(child: Child, ctx: Context) -> Iterator[str]:
    expected = child.expected_birth_date
    if expected is None:
        return
    earliest = ctx.reference_date - timedelta(days=30)
    latest = add_months(ctx.reference_date, 9)
    if expected >= latest or expected <= earliest:
        yield f"{IDS}/ExpectedPersonBirthDate"


@rule(code="8535Q", message="Please check and either amend data or provide a reason: Child’s "
      "date of death should not be prior to the date of birth", severity="query",
      fields=["PersonDeathDate", "PersonBirthDate"])  # fmt: skip
def death_after_birth(child: Child, ctx: Context) -> Iterator[str]:
    if child.death_date and (child.birth_date is None or child.birth_date > child.death_date):
        yield f"{IDS}/PersonDeathDate"


@rule(code="8540", message="Child’s disability is missing or invalid (see Disability table)",
      severity="error", fields=["Disability", "PersonBirthDate", "ReferralNFA"])  # fmt: skip
def disability_recorded(child: Child, ctx: Context) -> Iterator[str]:
    if child.birth_date is None or not any(is_no(e.referral_nfa) for e in child.episodes):
        return
    if not child.disabilities:
        yield "ChildCharacteristics/Disabilities"
        return
    for i, code in enumerate(child.disabilities, start=1):
        if code not in codes.DISABILITY:
            yield f"ChildCharacteristics/Disabilities/Disability[{i}]"


@rule(code="8545Q", message="Please check and either amend data or provide a reason: Child's "
      "date of death should be within the census year", severity="query",
      fields=["PersonDeathDate"])  # fmt: skip
def death_in_year(child: Child, ctx: Context) -> Iterator[str]:
    if child.death_date and not ctx.in_year(child.death_date):
        yield f"{IDS}/PersonDeathDate"


@rule(code="8750", message="Sex must equal U for an unborn child", severity="error",
      fields=["Sex", "PersonBirthDate", "ExpectedPersonBirthDate"])  # fmt: skip
def unborn_sex(child: Child, ctx: Context) -> Iterator[str]:
    if child.birth_date is None and child.expected_birth_date and child.sex != "U":
        yield f"{IDS}/Sex"


@lru_cache(maxsize=8)
def _school_age_cutoff(reference_date: date) -> date:
    """Born on or before this date: of school age (the reference date + 4 months and 31 days,
    less 6 years, as the DfE rule computes it)."""
    school_start = add_months(reference_date, 4) + timedelta(days=31)
    try:
        return school_start.replace(year=school_start.year - 6)
    except ValueError:
        return school_start.replace(year=school_start.year - 6, day=28)


@rule(code="8770Q", message="Please check and either amend data or provide a reason: UPN is "
      "missing or reason UPN is missing or is UN1 for a child who is of school age.",
      severity="query", fields=["UPN", "UPNunknown"])  # fmt: skip
def upn_for_school_age(child: Child, ctx: Context) -> Iterator[str]:
    cutoff = _school_age_cutoff(ctx.reference_date)
    if child.birth_date is None or child.birth_date > cutoff:
        return
    if not any(is_no(e.referral_nfa) for e in child.episodes):
        return
    if child.upn is None and (child.upn_unknown or "").upper() not in codes.UPN_UNKNOWN - {"UN1"}:
        yield f"{IDS}/UPNunknown"


@rule(code="8772", message="UPN unknown reason is UN7 (Referral with no further action) but at "
      "least one CIN details is a referral going on to further action", severity="error",
      fields=["UPNunknown", "ReferralNFA"])  # fmt: skip
def un7_only_for_nfa(child: Child, ctx: Context) -> Iterator[str]:
    if child.upn_unknown == "UN7" and any(not is_yes(e.referral_nfa) for e in child.episodes):
        yield f"{IDS}/UPNunknown"


@rule(code="8775Q", message="Please check and either amend data or provide a reason: Child is "
      "over 25 years old", severity="query",
      fields=["PersonBirthDate", "CINclosureDate"])  # fmt: skip
def over_25(child: Child, ctx: Context) -> Iterator[str]:
    born = child.birth_date
    if born is None or born >= add_months(ctx.reference_date, -300):
        return
    twenty_fifth = add_months(born, 300)
    if any(e.closure_date is None or e.closure_date > twenty_fifth for e in child.episodes):
        yield f"{IDS}/PersonBirthDate"


@rule(code="8790", message="Disability information includes both None and other values",
      severity="error", fields=["Disability"])  # fmt: skip
def none_alone(child: Child, ctx: Context) -> Iterator[str]:
    upper = [d.upper() for d in child.disabilities]
    if "NONE" in upper and any(d != "NONE" for d in upper):
        yield "ChildCharacteristics/Disabilities"


@rule(code="8794", message="Child has two or more disabilities with the same code",
      severity="error", fields=["Disability"])  # fmt: skip
def disability_once(child: Child, ctx: Context) -> Iterator[str]:
    if any(n > 1 for n in Counter(child.disabilities).values()):
        yield "ChildCharacteristics/Disabilities"


@rule(code="8590", message="Child does not have a recorded CIN episode.", severity="error",
      fields=["LAchildID"])  # fmt: skip
def has_episode(child: Child, ctx: Context) -> Iterator[str]:
    if not child.episodes:
        yield f"{IDS}/LAchildID"
