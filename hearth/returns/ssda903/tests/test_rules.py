"""Every SSDA903 rule passes on the clean sample return and fails on its deliberate fault."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.returns.ssda903.faults import FAULTS, NO_FAULT, faulty
from hearth.returns.ssda903.samples import ALICE, DAN, clean_sample, sample_return
from hearth.returns.ssda903.validate import RULES, rules, summary, validate

BASE = clean_sample()


def test_all_316_rules_of_2025_26_are_declared_once_with_code_message_severity_and_fields():
    declared = rules()
    assert len(declared) == 316
    assert len({r.code for r in declared}) == 316
    for r in declared:
        assert r.message and r.fields and r.tables
        assert r.severity in ("error", "query")


def test_every_rule_has_a_fault_or_a_reason_why_no_csv_return_can_break_it():
    assert set(FAULTS) | set(NO_FAULT) == {r.code for r in rules()}
    assert not set(FAULTS) & set(NO_FAULT)


def test_the_clean_sample_return_breaks_no_rule():
    assert validate(sample_return(BASE)) == []


@pytest.mark.parametrize("code", sorted(FAULTS))
def test_each_rule_fails_on_its_fault(code):
    failures = validate(sample_return(faulty(code, BASE)), codes=[code])
    assert failures, f"rule {code} did not fire on its fault"
    assert {f.code for f in failures} == {code}
    assert all(f.child for f in failures)


def test_a_failure_names_the_child_table_row_and_file_line():
    failures = validate(sample_return(faulty("143", BASE)), codes=["143"])
    (failure,) = failures
    assert failure.child == ALICE
    assert failure.table == "Episodes"
    assert failure.row == 0
    assert failure.line == 2
    assert failure.message == RULES["143"].message


def test_year_on_year_rules_do_not_run_without_last_years_return():
    ret = sample_return(faulty("503B", BASE))
    ret.last = {}
    assert validate(ret, codes=["503B", "202", "NoE"]) == []


def test_provider_rules_run_only_with_the_ofsted_lists():
    ret = sample_return(BASE)
    assert validate(ret, codes=["1008", "219"]) == []
    ret.provider_info = {"2345678": {"PLACE_CODES": "U6", "PROVIDER_CODES": "PR4"}}
    codes = {(f.code, f.child) for f in validate(ret, codes=["1008", "219", "224"])}
    assert ("1008", DAN) in codes  # Dan's children's home URN 1234567 is not on the list
    assert ("219", DAN) in codes
    ret.provider_info["1234567"] = {
        "PLACE_CODES": "K2,U6",
        "PROVIDER_CODES": "PR4",
        "REG_END": date(2025, 6, 1),
        "POSTCODE": "SE17PB",
        "LA_CODE_INFERRED": "E09000022",
    }
    codes = {f.code for f in validate(ret, codes=["1008", "219", "221", "224", "227", "228"])}
    assert codes == {"228"}  # the home closed while Dan was there


def test_the_summary_counts_rows_and_children_per_rule():
    failures = validate(sample_return(faulty("210", BASE)), codes=["210"])
    ((rule, rows, children),) = summary(failures)
    assert rule.code == "210"
    assert rows == 2  # the Header row and the episode starting in the last week of March
    assert children == 1


def test_queries_are_marked_as_queries():
    assert RULES["232"].severity == "query"
    assert RULES["101"].severity == "error"
