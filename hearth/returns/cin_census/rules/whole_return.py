"""Rules over the whole return: the header, uniqueness and borough-level proportions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from hearth.returns.cin_census.records import CensusReturn, Child
from hearth.returns.cin_census.validate import Context, rule

Found = Iterator[tuple[Child | None, str]]


@rule(code="100", message="Reference Date is incorrect", severity="error",
      fields=["ReferenceDate"], level="return")  # fmt: skip
def reference_date_is_31_march(census: CensusReturn, ctx: Context) -> Found:
    header = census.header
    expected = date(header.year, 3, 31) if header.year else None
    if header.reference_date is None or header.reference_date != expected:
        yield None, "Header/CollectionDetails/ReferenceDate"


@rule(code="8510", message="More than one child record with the same LA Child ID",
      severity="error", fields=["LAchildID"], level="return")  # fmt: skip
def la_child_id_unique(census: CensusReturn, ctx: Context) -> Found:
    counts = Counter(c.la_child_id for c in census.children if c.la_child_id)
    for child in census.children:
        if child.la_child_id and counts[child.la_child_id] > 1:
            yield child, "ChildIdentifiers/LAchildID"


@rule(code="1520", message="More than one record with the same UPN.", severity="error",
      fields=["UPN"], level="return")  # fmt: skip
def upn_unique(census: CensusReturn, ctx: Context) -> Found:
    counts = Counter(c.upn for c in census.children if c.upn)
    for child in census.children:
        if child.upn and counts[child.upn] > 1:
            yield child, "ChildIdentifiers/UPN"


@rule(code="2883", message="There are more child protection plans starting than initial "
      "conferences taking place", severity="error", fields=["CPPstartDate", "DateOfInitialCPC"],
      level="return")  # fmt: skip
def plans_not_more_than_conferences(census: CensusReturn, ctx: Context) -> Found:
    plans = conferences = 0
    for child in census.children:
        for e in child.episodes:
            plans += sum(1 for c in e.cp_plans if ctx.in_year(c.start))
            conferences += 1 if ctx.in_year(e.initial_cpc) else 0
            conferences += sum(1 for s in e.section47s if ctx.in_year(s.icpc))
    if plans > conferences:
        yield None, "Children"


@rule(code="2886Q", message="Please check and either amend or provide a reason: Percentage of "
      "children with no sex recorded is more than 2% (excluding unborns)", severity="query",
      fields=["Sex", "ExpectedPersonBirthDate"], level="return")  # fmt: skip
def sex_mostly_recorded(census: CensusReturn, ctx: Context) -> Found:
    children = census.children
    if not children:
        return
    missing = sum(1 for c in children if (c.sex in (None, "U")) and c.expected_birth_date is None)
    if missing / len(children) > 0.02:
        yield None, "Children"


@rule(code="2887Q", message="Please check and either amend or provide a reason: Less than 8 "
      "disability codes have been used in your return", severity="query", fields=["Disability"],
      level="return")  # fmt: skip
def disability_codes_used(census: CensusReturn, ctx: Context) -> Found:
    used = {d for c in census.children for d in c.disabilities}
    if len(used) < 8:
        yield None, "Children"


@rule(code="2888Q", message="Please check and either amend or provide a reason: Only one "
      "disability code is recorded per child and multiple disabilities should be recorded "
      "where possible.", severity="query", fields=["Disability"], level="return")  # fmt: skip
def some_children_have_several_disabilities(census: CensusReturn, ctx: Context) -> Found:
    most = max((sum(1 for d in c.disabilities if d != "NONE") for c in census.children), default=0)
    if most <= 1:
        yield None, "Children"
