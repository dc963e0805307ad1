"""The differential corpus's construction and `hearth returns validate ssda903` (the reference
validator itself runs in `make conformance`, not here)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hearth.returns.ssda903.conformance import Result, crashed_rules, fault_report, write_corpus
from hearth.returns.ssda903.faults import faulty
from hearth.returns.ssda903.parse import parse
from hearth.returns.ssda903.samples import LA_ONS_CODE, YEAR, clean_sample, write_sample


def test_the_corpus_gives_each_fault_its_own_children_with_unique_upns(tmp_path):
    corpus = write_corpus(tmp_path, ["444", "143"])
    ret = parse(corpus.this, year=YEAR, la_ons_code=LA_ONS_CODE, previous=corpus.last)
    owners = {corpus.owner[h["CHILD"]] for h in ret.rows("Header")}
    assert owners == {"clean", "143", "444"}
    upns = [h["UPN"] for h in ret.rows("Header") if corpus.owner[h["CHILD"]] == "clean"]
    assert len(upns) == len(set(upns))
    from hearth.returns.ssda903.validate import validate

    found = {(corpus.owner[f.child], f.code) for f in validate(ret) if f.child}
    assert {("444", "444"), ("143", "143")} <= found
    assert {owner for owner, code in found if code == "444"} == {"444"}  # only its own copy
    assert not {code for owner, code in found if owner == "clean"}


def test_the_rules_the_reference_raised_on_are_read_from_its_output():
    output = "ruleset=lac2025_26\nrules that raised: ['231', '233', '503A']\n"
    assert crashed_rules(output) == {"231", "233", "503A"}
    assert crashed_rules("rules with errors: 0") == set()


def test_the_fault_report_says_which_validator_found_each_faulted_rule(tmp_path):
    corpus = write_corpus(tmp_path, ["143", "347"])
    alice_143 = next(c for c, o in corpus.owner.items() if o == "143" and c.startswith("ALICE"))
    cara_347 = next(c for c, o in corpus.owner.items() if o == "347" and c.startswith("CARA"))
    result = Result(reference={alice_143: {"143"}}, native={alice_143: {"143"}, cara_347: {"347"}})
    assert fault_report(corpus, result) == {"143": (True, True), "347": (True, False)}
    assert result.only_native == {(cara_347, "347")}
    assert result.unexplained() == set()  # 347 is a known defect of the reference


def test_validate_ssda903_prints_codes_and_exits_1_on_errors(tmp_path, capsys):
    this, last = write_sample(faulty("503B", clean_sample()), tmp_path)
    with pytest.raises(SystemExit) as exited:
        call_command("returns", "validate", "ssda903", str(this), "--previous", str(last),
                     "--year", str(YEAR), "--la", LA_ONS_CODE)  # fmt: skip
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "503B error" in out
    assert "ALICE1: Episodes line 2" in out


def test_validate_ssda903_passes_a_clean_return(tmp_path, capsys):
    this, last = write_sample(clean_sample(), tmp_path)
    call_command("returns", "validate", "ssda903", str(this), "--previous", str(last),
                 "--year", str(YEAR), "--la", LA_ONS_CODE)  # fmt: skip
    assert "6 children, 0 errors, 0 queries" in capsys.readouterr().out


def test_validate_ssda903_refuses_a_folder_with_no_tables(tmp_path):
    with pytest.raises(CommandError):
        call_command("returns", "validate", "ssda903", str(tmp_path), "--year", str(YEAR))


def test_the_fuzzed_return_gives_each_copy_three_faults_and_is_the_same_for_a_seed(tmp_path):
    from hearth.returns.ssda903.conformance import write_fuzzed

    first = write_fuzzed(tmp_path / "a", seed=5, copies=4)
    again = write_fuzzed(tmp_path / "b", seed=5, copies=4)
    assert first.owner == again.owner
    assert all(1 <= len(faults.split("+")) <= 3 for faults in first.owner.values())
    ret = parse(first.this, year=YEAR, la_ons_code=LA_ONS_CODE, previous=first.last)
    assert len(ret.header_by_child) >= 4 * 6
