"""Every CIN census rule fails on a return made to break it and passes on a clean one."""

from __future__ import annotations

import copy

import pytest

from hearth.returns.cin_census.faults import FAULTS, _a, _ep, _s, _set
from hearth.returns.cin_census.samples import clean_census, d
from hearth.returns.cin_census.validate import rules, validate


def test_there_are_109_rules_each_declared_once_with_a_fault_here() -> None:
    codes = [r.code for r in rules()]
    assert len(codes) == 109 == len(set(codes))
    assert set(FAULTS) == set(codes)


def test_every_rule_declares_its_message_severity_and_fields() -> None:
    for r in rules():
        assert r.message.strip() and r.fields
        assert r.severity == ("query" if r.code.endswith("Q") else "error")


def test_the_clean_return_breaks_no_rule() -> None:
    assert validate(clean_census()) == []


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_the_rule_fails_on_the_fault_made_for_it(code: str) -> None:
    census = copy.deepcopy(clean_census())
    FAULTS[code](census)
    failures = validate(census, codes=[code])
    assert failures, f"{code} did not fire"
    assert {f.code for f in failures} == {code}
    assert all(f.location for f in failures)


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_the_rule_passes_on_the_clean_return(code: str) -> None:
    assert validate(clean_census(), codes=[code]) == []


def test_a_child_failure_names_the_child_and_the_element() -> None:
    census = clean_census()
    _set(_a, authorised=d("2025-05-01"))(census)
    (failure,) = validate(census, codes=["8608"])
    assert failure.la_child_id == "C1"
    assert failure.location == "CINdetails[1]/Assessments[1]/AssessmentAuthorisationDate"
    assert failure.severity == "error"


def test_the_icpc_target_query_uses_working_days_before_the_reference_date() -> None:
    census = clean_census()
    # 15 working days before 31 March 2026 (a Tuesday) is 11 March; an open enquiry from
    # 12 March is not yet overdue.
    _set(_s, icpc=None, start=d("2026-03-12"))(census)
    _ep(census).cp_plans = []
    _ep(census).closure_date = None
    _ep(census).closure_reason = None
    assert validate(census, codes=["8675Q"]) == []
    _set(_s, start=d("2026-03-10"))(census)
    assert validate(census, codes=["8675Q"])
