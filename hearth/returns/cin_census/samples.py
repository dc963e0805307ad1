"""A small, clean CIN census in memory (collection ending 31 March 2026): the base of the
rule tests and of the conformance corpus."""

from __future__ import annotations

from datetime import date

from hearth.returns.cin_census.codes import UPN_CHECK_LETTERS
from hearth.returns.cin_census.records import (
    Assessment,
    CensusReturn,
    Child,
    CINPlan,
    CPPlan,
    Episode,
    Header,
    Section47,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def upn(la: str = "201", serial: str = "12345678", last: str = "9") -> str:
    body = la + serial + last
    total = sum(int(body[i - 1]) * (i + 1) for i in range(1, 13)) % 23
    return UPN_CHECK_LETTERS[total] + body


def clean_census() -> CensusReturn:
    """Two children that break no rule: one through assessment, enquiry, CP plan and CIN plan;
    one referral with no further action."""
    worked = Child(
        la_child_id="C1",
        upn=upn(),
        birth_date=d("2015-06-01"),
        sex="F",
        ethnicity="WBRI",
        disabilities=["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"],
        position=1,
        episodes=[
            Episode(
                referral_date=d("2025-05-01"),
                referral_source="1A",
                primary_need="N1",
                closure_date=d("2026-02-27"),
                closure_reason="RC7",
                referral_nfa="false",
                assessments=[
                    Assessment(start=d("2025-05-02"), authorised=d("2025-05-20"), factors=["3B"])
                ],
                section47s=[
                    Section47(
                        start=d("2025-05-06"),
                        icpc_target=d("2025-05-27"),
                        icpc=d("2025-05-27"),
                        icpc_not_required="false",
                    )
                ],
                cp_plans=[
                    CPPlan(
                        start=d("2025-05-27"),
                        end=d("2025-12-01"),
                        initial_category="NEG",
                        latest_category="NEG",
                        previous_plans="0",
                        reviews=[d("2025-08-27")],
                    )
                ],
                cin_plans=[CINPlan(start=d("2025-12-01"), end=d("2026-02-27"))],
            )
        ],
    )
    nfa = Child(
        la_child_id="C2",
        upn_unknown="UN7",
        birth_date=d("2018-02-01"),
        sex="M",
        ethnicity="BAFR",
        disabilities=["NONE"],
        position=2,
        episodes=[
            Episode(
                referral_date=d("2025-09-01"),
                referral_source="2A",
                closure_date=d("2025-09-02"),
                closure_reason="RC7",
                referral_nfa="true",
            )
        ],
    )
    header = Header(year=2026, reference_date=d("2026-03-31"), lea="201")
    return CensusReturn(header=header, children=[worked, nfa])
