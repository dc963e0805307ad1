"""Section47 enquiries and initial conferences (DOMAIN.md 2.3.7)."""

from __future__ import annotations

from collections.abc import Iterator

from hearth.returns.cin_census.records import Child
from hearth.returns.cin_census.rules.helpers import before, episodes, is_yes, working_days_before
from hearth.returns.cin_census.validate import Context, rule


def _enquiries(child: Child):  # type: ignore[no-untyped-def]
    for path, e in episodes(child):
        for k, s in enumerate(e.section47s, start=1):
            yield f"{path}/Section47[{k}]", e, s


@rule(code="1104", message="The date of the initial child protection conference cannot be "
      "before the referral date", severity="error",
      fields=["CINreferralDate", "DateOfInitialCPC"])  # fmt: skip
def icpc_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e, s in _enquiries(child):
        if before(s.icpc, e.referral_date):
            yield f"{path}/DateOfInitialCPC"


@rule(code="2889", message="The S47 start date cannot be before the referral date.",
      severity="error", fields=["S47ActualStartDate", "CINreferralDate"])  # fmt: skip
def section47_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e, s in _enquiries(child):
        if before(s.start, e.referral_date):
            yield f"{path}/S47ActualStartDate"


@rule(code="8615", message="Section 47 Enquiry Start Date must be present and cannot be later "
      "than the date of the initial Child Protection Conference", severity="error",
      fields=["S47ActualStartDate", "DateOfInitialCPC"])  # fmt: skip
def section47_start_before_icpc(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, s in _enquiries(child):
        if before(s.icpc, s.start) or (s.icpc is not None and s.start is None):
            yield f"{path}/S47ActualStartDate"


@rule(code="8675Q", message="Please check and either amend data or provide a reason: S47 Enquiry "
      "started more than 15 working days before the end of the census year. However, there is "
      "no date of Initial Child Protection Conference.", severity="query",
      fields=["DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"])  # fmt: skip
def long_open_section47(child: Child, ctx: Context) -> Iterator[str]:
    latest = working_days_before(ctx.reference_date, 14)
    for path, _, s in _enquiries(child):
        if s.icpc is None and not is_yes(s.icpc_not_required) and before(s.start, latest):
            yield f"{path}/S47ActualStartDate"


@rule(code="8715", message="Date of Initial Child Protection Conference must fall within the "
      "census year", severity="error", fields=["DateOfInitialCPC", "ReferenceDate"])  # fmt: skip
def icpc_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, s in _enquiries(child):
        if s.icpc is not None and not ctx.in_year(s.icpc):
            yield f"{path}/DateOfInitialCPC"


@rule(code="8740", message="For a Section 47 Enquiry that has not held the Initial Child "
      "Protection Conference by the end of the census year, the start date must fall within "
      "the census year", severity="error",
      fields=["S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"])  # fmt: skip
def open_section47_started_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, s in _enquiries(child):
        open_enquiry = s.icpc is None and not is_yes(s.icpc_not_required)
        if open_enquiry and s.start is not None and not ctx.in_year(s.start):
            yield f"{path}/S47ActualStartDate"


@rule(code="8839", message="Within one CINDetails group there are 2 or more open S47 "
      "Assessments", severity="error", fields=["DateOfInitialCPC"])  # fmt: skip
def one_open_section47(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        open_ones = [
            k
            for k, s in enumerate(e.section47s, start=1)
            if s.icpc is None and not is_yes(s.icpc_not_required)
        ]
        if len(open_ones) > 1:
            for k in open_ones:
                yield f"{path}/Section47[{k}]/DateOfInitialCPC"


@rule(code="8870Q", message="Please check and either amend or provide a reason: The Target Date "
      "for Initial Child Protection Conference should not be a weekend", severity="query",
      fields=["InitialCPCtarget"])  # fmt: skip
def icpc_target_weekday(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, s in _enquiries(child):
        if s.icpc_target is not None and s.icpc_target.weekday() >= 5:
            yield f"{path}/InitialCPCtarget"


@rule(code="8875", message="The Date of Initial Child Protection Conference cannot be a weekend",
      severity="error", fields=["DateOfInitialCPC"])  # fmt: skip
def icpc_weekday(child: Child, ctx: Context) -> Iterator[str]:
    for path, _, s in _enquiries(child):
        if s.icpc is not None and s.icpc.weekday() >= 5:
            yield f"{path}/DateOfInitialCPC"


@rule(code="8890", message="A Section 47 enquiry is shown as starting when there is another "
      "Section 47 Enquiry ongoing", severity="error", fields=["S47ActualStartDate"])  # fmt: skip
def section47s_do_not_overlap(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.section47s, start=1):
            if a.start is None:
                continue
            for b in e.section47s:
                if b.start is None or (b.start == a.start and b.icpc == a.icpc):
                    continue
                if a.start >= b.start and (
                    (b.icpc is not None and a.start <= b.icpc)
                    or (
                        b.icpc is None
                        and a.start <= ctx.reference_date
                        and not is_yes(b.icpc_not_required)
                    )
                ):
                    yield f"{path}/Section47[{k}]/S47ActualStartDate"
                    break
