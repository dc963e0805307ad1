"""CINdetails: episodes of need (DOMAIN.md 2.3.4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from hearth.returns.cin_census import codes
from hearth.returns.cin_census.records import Child
from hearth.returns.cin_census.rules.helpers import (
    before,
    episodes,
    is_no,
    is_yes,
    on_or_next_working_day,
)
from hearth.returns.cin_census.validate import Context, rule

SOURCE_REQUIRED_FROM = date(2013, 4, 1)


@rule(code="8555Q", message="Child cannot be referred after its recorded date of death",
      severity="query", fields=["PersonDeathDate", "CINreferralDate"])  # fmt: skip
def referral_before_death(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if before(child.death_date, e.referral_date):
            yield f"{path}/CINreferralDate"


@rule(code="8565", message="Activity shown after a case has been closed", severity="error",
      fields=["CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate",
              "AssessmentAuthorisationDate", "S47ActualStartDate", "CPPendDate",
              "CINPlanStartDate", "CINPlanEndDate"])  # fmt: skip
def no_activity_after_closure(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        closed = e.closure_date
        if closed is None:
            continue
        dates = [e.initial_cpc]
        dates += [d for a in e.assessments for d in (a.start, a.authorised)]
        dates += [d for s in e.section47s for d in (s.start, s.icpc)]
        dates += [p.end for p in e.cp_plans]
        dates += [d for p in e.cin_plans for d in (p.start, p.end)]
        if any(before(closed, d) for d in dates):
            yield f"{path}/CINclosureDate"


@rule(code="8568", message="RNFA flag is missing or invalid", severity="error",
      fields=["ReferralNFA"])  # fmt: skip
def nfa_flag_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if not (is_yes(e.referral_nfa) or is_no(e.referral_nfa)):
            yield f"{path}/ReferralNFA"


@rule(code="8569Q", message="A case with referral date before one working day prior to the "
      "collection start date must not be flagged as a no further action case",
      severity="query", fields=["ReferralNFA"])  # fmt: skip
def no_nfa_carried_over(child: Child, ctx: Context) -> Iterator[str]:
    cutoff = on_or_next_working_day(ctx.start)
    for path, e in episodes(child):
        if before(e.referral_date, cutoff) and not is_no(e.referral_nfa):
            yield f"{path}/ReferralNFA"


@rule(code="8585Q", message="Please check and either amend or provide a reason: CIN episode "
      "shows Died as the Closure Reason, however child has no recorded Date of Death",
      severity="query", fields=["ReasonForClosure", "PersonDeathDate"])  # fmt: skip
def died_needs_death_date(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_reason == "RC2" and child.death_date is None:
            yield f"{path}/ReasonForClosure"


@rule(code="8600", message="Child referral date missing or after data collection period",
      severity="error", fields=["CINreferralDate"])  # fmt: skip
def referral_date_present(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.referral_date is None or e.referral_date > ctx.reference_date:
            yield f"{path}/CINreferralDate"


@rule(code="8606", message="Child referral date is more than 40 weeks before DOB or expected "
      "DOB", severity="error",
      fields=["CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"])  # fmt: skip
def referral_not_long_before_birth(child: Child, ctx: Context) -> Iterator[str]:
    forty_weeks = timedelta(days=280)
    for path, e in episodes(child):
        for born in (child.birth_date, child.expected_birth_date):
            if born is not None and before(e.referral_date, born - forty_weeks):
                yield f"{path}/CINreferralDate"
                break


@rule(code="8610", message="Primary Need code is missing for a referral which led to further "
      "action.", severity="error", fields=["ReferralNFA", "PrimaryNeedCode"])  # fmt: skip
def primary_need_required(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if is_no(e.referral_nfa) and not e.primary_need:
            yield f"{path}/PrimaryNeedCode"


@rule(code="8620", message="CIN Closure Date present and does not fall within the Census year",
      severity="error", fields=["CINclosureDate"])  # fmt: skip
def closure_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_date and not ctx.in_year(e.closure_date):
            yield f"{path}/CINclosureDate"


@rule(code="8630", message="CIN Closure Date is before CIN Referral Date for the same CIN "
      "episode", severity="error", fields=["CINreferralDate", "CINclosureDate"])  # fmt: skip
def closure_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if before(e.closure_date, e.referral_date):
            yield f"{path}/CINclosureDate"


@rule(code="8640", message="CIN Reason for closure code invalid (see Reason for Closure table "
      "in CIN Census code set)", severity="error", fields=["ReasonForClosure"])  # fmt: skip
def closure_reason_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_reason and e.closure_reason not in codes.REASON_FOR_CLOSURE:
            yield f"{path}/ReasonForClosure"


@rule(code="8650", message="Primary Need Code invalid (see Primary Need table in CIN census "
      "code set)", severity="error", fields=["PrimaryNeedCode"])  # fmt: skip
def primary_need_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.primary_need and e.primary_need not in codes.PRIMARY_NEED:
            yield f"{path}/PrimaryNeedCode"


@rule(code="8805", message="A CIN case cannot have a CIN closure date without a Reason for "
      "Closure", severity="error", fields=["CINclosureDate", "ReasonForClosure"])  # fmt: skip
def closure_needs_reason(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_date and not e.closure_reason:
            yield f"{path}/ReasonForClosure"


@rule(code="8810", message="A CIN case cannot have a Reason for Closure without a CIN Closure "
      "Date", severity="error", fields=["ReasonForClosure", "CINclosureDate"])  # fmt: skip
def reason_needs_closure(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_reason and e.closure_date is None:
            yield f"{path}/CINclosureDate"


@rule(code="8815", message="More than one open CIN Details episode (a module with no CIN "
      "Closure Date) has been provided for this child and case is not a referral with no "
      "further action.", severity="error", fields=["ReferralNFA", "CINclosureDate"])  # fmt: skip
def one_open_episode(child: Child, ctx: Context) -> Iterator[str]:
    open_further = [e for e in child.episodes if e.closure_date is None and is_no(e.referral_nfa)]
    if len(open_further) > 1:
        for path, e in episodes(child):
            if e.closure_date is None:
                yield f"{path}/CINclosureDate"


@rule(code="8816", message="An open CIN episode is shown and case is not a referral with no "
      "further action, but it is not the latest episode.", severity="error",
      fields=["CINreferralDate", "ReferralNFA"])  # fmt: skip
def open_episode_is_latest(child: Child, ctx: Context) -> Iterator[str]:
    dated = [(i, e) for i, e in enumerate(child.episodes) if e.referral_date is not None]
    if not dated:
        return
    latest_date = max(e.referral_date for _, e in dated if e.referral_date)
    latest = next(i for i, e in dated if e.referral_date == latest_date)
    for i, e in dated:
        if i != latest and e.closure_date is None and is_no(e.referral_nfa):
            yield f"CINdetails[{i + 1}]/CINclosureDate"


@rule(code="8820", message="The dates on the CIN episodes for this child overlap",
      severity="error", fields=["CINreferralDate", "CINclosureDate"])  # fmt: skip
def episodes_do_not_overlap(child: Child, ctx: Context) -> Iterator[str]:
    for i, a in enumerate(child.episodes):
        if a.referral_date is None:
            continue
        for j, b in enumerate(child.episodes):
            if i == j or b.referral_date is None or a.referral_date < b.referral_date:
                continue
            if (b.closure_date is not None and a.referral_date < b.closure_date) or (
                b.closure_date is None
                and a.referral_date < ctx.reference_date
                and is_no(b.referral_nfa)
            ):
                yield f"CINdetails[{i + 1}]/CINreferralDate"
                break


@rule(code="8825Q", message="Please check and either amend data or provide a reason: Reason for "
      "Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, "
      "referred to early help) has been returned but there is no assessment present for the "
      "episode.", severity="query", fields=["ReasonForClosure"])  # fmt: skip
def rc8_rc9_need_assessment(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_reason in ("RC8", "RC9") and not e.assessments:
            yield f"{path}/ReasonForClosure"


@rule(code="8831", message="Activity is recorded against a case marked as a referral with no "
      "further action", severity="error",
      fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate", "S47ActualStartDate",
              "DateOfInitialCPC"])  # fmt: skip
def nfa_has_no_activity(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if not is_yes(e.referral_nfa):
            continue
        if (
            e.initial_cpc is not None
            or any(s.start is not None for s in e.section47s)
            or any(a.start is not None or a.authorised is not None for a in e.assessments)
        ):
            yield f"{path}/ReferralNFA"


@rule(code="8832", message="Child Protection details provided for a referral with no further "
      "action.", severity="error", fields=["CINdetailsID", "ReferralNFA"])  # fmt: skip
def nfa_has_no_cp_plan(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if is_yes(e.referral_nfa) and e.cp_plans:
            yield f"{path}/ReferralNFA"


@rule(code="4000", message="CIN Plan details provided for a referral with no further action",
      severity="error", fields=["ReferralNFA"])  # fmt: skip
def nfa_has_no_cin_plan(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if is_yes(e.referral_nfa) and e.cin_plans:
            yield f"{path}/ReferralNFA"


@rule(code="8866", message="Source of Referral is missing or an invalid code", severity="error",
      fields=["CINreferralDate", "ReferralSource"])  # fmt: skip
def referral_source_valid(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.referral_date is None or e.referral_date < SOURCE_REQUIRED_FROM:
            continue
        if e.referral_source not in codes.REFERRAL_SOURCE:
            yield f"{path}/ReferralSource"


@rule(code="8867", message="CIN episode is shown as closed, however Assessment is not shown as "
      "completed", severity="error",
      fields=["CINclosureDate", "AssessmentAuthorisationDate"])  # fmt: skip
def closed_assessments_authorised(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_date is None:
            continue
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is None:
                yield f"{path}/Assessments[{k}]/AssessmentAuthorisationDate"


@rule(code="8868", message="CIN episode is shown as closed, however Section 47 enquiry is not "
      "shown as completed by ICPC date or ICPC not required flag", severity="error",
      fields=["ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"])  # fmt: skip
def closed_section47s_concluded(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_date is None:
            continue
        for k, s in enumerate(e.section47s, start=1):
            not_required = is_yes(s.icpc_not_required)
            if (s.icpc is None and not not_required) or (s.icpc is not None and not_required):
                yield f"{path}/Section47[{k}]/ICPCnotRequired"


@rule(code="2990", message="Activity is recorded against a case marked as ‘Case closed after "
      "assessment, no further action’ or 'case closed after assessment, referred to early "
      "help'.", severity="error", fields=["ReasonForClosure"])  # fmt: skip
def rc8_rc9_have_no_activity(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.closure_reason not in ("RC8", "RC9"):
            continue
        if e.initial_cpc is not None or e.cp_plans or e.section47s or e.cin_plans:
            yield f"{path}/ReasonForClosure"


@rule(code="2991Q", message="Please check and either amend data or provide a reason: A Section "
      "47 module is recorded and there is no assessment on the episode", severity="query",
      fields=["CINdetailsID"])  # fmt: skip
def section47_needs_assessment(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if e.section47s and not e.assessments:
            yield f"{path}/Section47[1]"


@rule(code="2884", message="An initial child protection conference is recorded at both the S47 "
      "and CIN Details level and it should only be recorded in one", severity="error",
      fields=["DateOfInitialCPC"])  # fmt: skip
def icpc_recorded_once(child: Child, ctx: Context) -> Iterator[str]:
    s47_icpcs = {s.icpc for e in child.episodes for s in e.section47s if s.icpc is not None}
    for path, e in episodes(child):
        if e.initial_cpc is not None and e.initial_cpc in s47_icpcs:
            yield f"{path}/DateOfInitialCPC"
