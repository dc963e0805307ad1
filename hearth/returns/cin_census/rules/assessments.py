"""Assessments (DOMAIN.md 2.3.5)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from hearth.returns.cin_census import codes
from hearth.returns.cin_census.records import Child
from hearth.returns.cin_census.rules.helpers import before, episodes, working_days_before
from hearth.returns.cin_census.validate import Context, rule


@rule(code="1103", message="The assessment start date cannot be before the referral date",
      severity="error", fields=["AssessmentActualStartDate", "CINreferralDate"])  # fmt: skip
def assessment_after_referral(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if before(a.start, e.referral_date):
                yield f"{path}/Assessments[{k}]/AssessmentActualStartDate"


@rule(code="8608", message="Assessment Start Date cannot be later than its End Date",
      severity="error",
      fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"])  # fmt: skip
def assessment_dates_in_order(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if before(a.authorised, a.start):
                yield f"{path}/Assessments[{k}]/AssessmentAuthorisationDate"


@rule(code="8614", message="Parental or child factors at assessment should only be present for "
      "a completed assessment.", severity="error",
      fields=["AssessmentAuthorisationDate", "AssessmentFactors"])  # fmt: skip
def factors_only_when_authorised(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is None and a.factors:
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"


@rule(code="8670Q", message="Please check and either amend data or provide a reason: Assessment "
      "started more than 45 working days before the end of the census year. However, there is "
      "no Assessment end date.", severity="query",
      fields=["AssessmentActualStartDate"])  # fmt: skip
def long_open_assessment(child: Child, ctx: Context) -> Iterator[str]:
    latest = working_days_before(ctx.reference_date, 44)
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is None and before(a.start, latest):
                yield f"{path}/Assessments[{k}]/AssessmentActualStartDate"


@rule(code="8696", message="Assessment end date must fall within the census year",
      severity="error", fields=["AssessmentAuthorisationDate", "ReferenceDate"])  # fmt: skip
def authorised_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is not None and not ctx.in_year(a.authorised):
                yield f"{path}/Assessments[{k}]/AssessmentAuthorisationDate"


@rule(code="8736", message="For an Assessment that has not been completed, the start date must "
      "fall within the census year", severity="error",
      fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"])  # fmt: skip
def open_assessment_started_in_year(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is None and not ctx.in_year(a.start):
                yield f"{path}/Assessments[{k}]/AssessmentActualStartDate"


@rule(code="8863Q", message="An Assessment is shown as starting when there is another "
      "Assessment ongoing.", severity="query",
      fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"])  # fmt: skip
def assessments_do_not_overlap(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.start is None:
                continue
            for b in e.assessments:
                if b.start is None or (b.start == a.start and b.authorised == a.authorised):
                    continue
                if a.start >= b.start and (
                    (b.authorised is not None and a.start <= b.authorised)
                    or (b.authorised is None and a.start <= ctx.reference_date)
                ):
                    yield f"{path}/Assessments[{k}]/AssessmentActualStartDate"
                    break


@rule(code="8869", message="The assessment factors code “21” cannot be used in conjunction with "
      "any other assessment factors.", severity="error", fields=["AssessmentFactors"])  # fmt: skip
def factor_21_alone(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if "21" in a.factors and any(f != "21" for f in a.factors):
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"


@rule(code="8873Q", message="Please check and either amend data or provide a reason: When there "
      "is only one assessment on the episode and the factors code “21 No factors identified” "
      "has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' "
      "should be used.", severity="query",
      fields=["ReasonForClosure", "AssessmentFactors"])  # fmt: skip
def factor_21_closes_rc8_rc9(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        if len(e.assessments) != 1:
            continue
        if any("21" in f for f in e.assessments[0].factors) and e.closure_reason not in (
            "RC8",
            "RC9",
        ):
            yield f"{path}/ReasonForClosure"


@rule(code="8896", message="Within one CINDetails group there are 2 or more open Assessments "
      "groups", severity="error", fields=["AssessmentAuthorisationDate"])  # fmt: skip
def one_open_assessment(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        open_ones = [k for k, a in enumerate(e.assessments, start=1) if a.authorised is None]
        if len(open_ones) > 1:
            for k in open_ones:
                yield f"{path}/Assessments[{k}]/AssessmentAuthorisationDate"


@rule(code="8897Q", message="Parental or child factors at assessment information is missing "
      "from a completed assessment", severity="query",
      fields=["AssessmentAuthorisationDate", "AssessmentFactors"])  # fmt: skip
def factors_for_authorised(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if a.authorised is None or a.authorised < ctx.start:
                continue
            if not a.factors:
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"
                continue
            for f in a.factors:
                if f not in codes.ASSESSMENT_FACTORS:
                    yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"
                    break


@rule(code="8898", message=" The assessment has more than one parental or child factors with "
      "the same code", severity="error", fields=["AssessmentFactors"])  # fmt: skip
def factors_once(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if any(n > 1 for n in Counter(a.factors).values()):
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"


@rule(code="8945Q", message="Please check and either amend data or provide a reason: the "
      "assessment factors code '18A' should not be used ('18B' or '18C' should be used "
      "instead)", severity="query", fields=["AssessmentFactors"])  # fmt: skip
def no_18a(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if any(f.upper() == "18A" for f in a.factors):
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"


@rule(code="8950Q", message="Please check and either amend data or provide a reason: the "
      "assessment factors code '19A' should not be used ('19B' or '19C' should be used "
      "instead)", severity="query", fields=["AssessmentFactors"])  # fmt: skip
def no_19a(child: Child, ctx: Context) -> Iterator[str]:
    for path, e in episodes(child):
        for k, a in enumerate(e.assessments, start=1):
            if any(f.upper() == "19A" for f in a.factors):
                yield f"{path}/Assessments[{k}]/FactorsIdentifiedAtAssessment"
