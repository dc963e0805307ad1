"""The CIN census as one in-memory structure per child (DOMAIN.md 2.2, 2.3).

Both the extract from the record and the reader of XML files build these, so the rules in
`validate.py` run on either. Codes, flags and counts stay as the text the file carries (so the
rules can say a code is invalid); dates are `date` or None, with `bad_dates` naming any date
element whose text could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

TRUE_VALUES = frozenset({"true", "1"})
FALSE_VALUES = frozenset({"false", "0"})


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_VALUES


@dataclass
class Header:
    year: int
    reference_date: date | None
    lea: str = ""
    collection: str = "CIN"
    source_level: str = "L"
    software_code: str = "Hearth"
    release: str = ""
    serial_no: str = "001"
    date_time: str = ""


@dataclass
class Assessment:
    start: date | None = None
    review: date | None = None
    authorised: date | None = None
    factors: list[str] = field(default_factory=list)
    # The Hearth record this came from (None when read from a file).
    record_id: int | None = field(default=None, compare=False)


@dataclass
class CINPlan:
    start: date | None = None
    end: date | None = None
    # The Hearth record this came from (None when read from a file).
    record_id: int | None = field(default=None, compare=False)


@dataclass
class Section47:
    start: date | None = None
    icpc_target: date | None = None
    icpc: date | None = None
    icpc_not_required: str | None = None
    # The Hearth record this came from (None when read from a file).
    record_id: int | None = field(default=None, compare=False)


@dataclass
class CPPlan:
    start: date | None = None
    end: date | None = None
    initial_category: str | None = None
    latest_category: str | None = None
    previous_plans: str | None = None
    reviews: list[date | None] = field(default_factory=list)
    # The Hearth record this came from (None when read from a file).
    record_id: int | None = field(default=None, compare=False)


@dataclass
class Episode:
    referral_date: date | None = None
    referral_source: str | None = None
    primary_need: str | None = None
    closure_date: date | None = None
    closure_reason: str | None = None
    initial_cpc: date | None = None
    referral_nfa: str | None = None
    assessments: list[Assessment] = field(default_factory=list)
    cin_plans: list[CINPlan] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    cp_plans: list[CPPlan] = field(default_factory=list)
    # The Hearth CIN episode this came from (None when read from a file).
    record_id: int | None = field(default=None, compare=False)

    @property
    def nfa(self) -> bool:
        return is_true(self.referral_nfa)


@dataclass
class Child:
    la_child_id: str | None = None
    upn: str | None = None
    former_upn: str | None = None
    upn_unknown: str | None = None
    birth_date: date | None = None
    expected_birth_date: date | None = None
    sex: str | None = None
    death_date: date | None = None
    ethnicity: str | None = None
    disabilities: list[str] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    # Where the child came from: the Person id in Hearth, or the position in a file.
    person_id: int | None = None
    position: int = 0
    bad_dates: list[str] = field(default_factory=list)


@dataclass
class CensusReturn:
    header: Header
    children: list[Child] = field(default_factory=list)
