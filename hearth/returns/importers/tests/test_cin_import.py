from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from hearth.assessments.models import Assessment, CINEpisode
from hearth.child_protection.models import (
    ICPC_WORKING_DAYS,
    Conference,
    CPPlan,
    Section47Enquiry,
)
from hearth.core.models import AuditEntry
from hearth.people.models import Person
from hearth.returns.cin_census import records as r
from hearth.returns.cin_census.extract import census_extract
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.cin_census.samples import clean_census
from hearth.returns.importers.cin import JOB, cin_import
from hearth.returns.importers.problems import ImportRefused
from hearth.timescales.calendar import add_working_days

pytestmark = pytest.mark.django_db


def _scaled(n: int) -> r.CensusReturn:
    """`n` children cycling through the clean sample's two (a worked case, an NFA referral).
    The initial conference target is Hearth's own (15 working days from the enquiry's start):
    Hearth derives it rather than storing what a file says."""
    census = clean_census()
    base = census.children
    for episode in base[0].episodes:
        for s47 in episode.section47s:
            assert s47.start is not None
            s47.icpc_target = add_working_days(s47.start, ICPC_WORKING_DAYS)
    census.children = []
    for i in range(n):
        child = copy.deepcopy(base[i % len(base)])
        child.la_child_id = f"C{i:05d}"
        child.position = i + 1
        census.children.append(child)
    return census


def _write(tmp_path: Path, census: r.CensusReturn, name: str = "cin.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(render_bytes(census))
    return path


def _comparable(census: r.CensusReturn) -> dict[str, r.Child]:
    children = {}
    for child in census.children:
        child = copy.deepcopy(child)
        child.person_id, child.position = None, 0
        child.disabilities = sorted(child.disabilities)
        children[child.la_child_id or ""] = child
    return children


def test_a_generated_return_imported_into_an_empty_record_generates_the_same_return(
    tmp_path: Path,
) -> None:
    census = _scaled(300)
    done = cin_import(path=_write(tmp_path, census))
    assert done.children == 300
    again = census_extract(2026)
    assert _comparable(again) == _comparable(census)
    assert Person.objects.count() == 300
    assert CPPlan.objects.count() == 150
    assert Conference.objects.filter(kind="review").count() == 150


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, _scaled(20))
    cin_import(path=path)
    counts = (Person.objects.count(), CINEpisode.objects.count(), Assessment.objects.count())
    done = cin_import(path=path)
    assert done.report.nothing_changed
    assert done.report.unchanged["people"] == 20
    assert counts == (
        Person.objects.count(),
        CINEpisode.objects.count(),
        Assessment.objects.count(),
    )


def test_a_later_file_updates_what_changed_and_adds_what_is_new(tmp_path: Path) -> None:
    census = _scaled(2)
    cin_import(path=_write(tmp_path, census))
    census.children[1].episodes[0].closure_reason = "RC8"
    census.children[1].disabilities = ["AUT"]
    done = cin_import(path=_write(tmp_path, census, "later.xml"))
    assert done.report.changed == {"CIN episodes": 1, "disabilities": 1}
    assert done.report.created == {"disabilities": 1}
    nfa = Person.objects.get(la_child_id="C00001")
    assert [d.code for d in nfa.disabilities.all()] == ["AUT"]
    assert nfa.cin_episodes.get().closure_reason == "RC8"


def test_the_import_is_audited_as_a_named_job(tmp_path: Path) -> None:
    cin_import(path=_write(tmp_path, _scaled(2)))
    entry = AuditEntry.objects.get(object_type="returns.import")
    assert entry.system_job == JOB
    assert "2 children" in entry.summary


def _refused(tmp_path: Path, census: r.CensusReturn) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        cin_import(path=_write(tmp_path, census))
    assert not Person.objects.exists()
    return [str(p) for p in refused.value.problems]


def test_a_file_truncated_halfway_imports_nothing_and_says_where_it_broke(
    tmp_path: Path,
) -> None:
    whole = render_bytes(_scaled(10))
    path = tmp_path / "cut.xml"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportRefused) as refused:
        cin_import(path=path)
    (problem,) = refused.value.problems
    assert problem.file == "cut.xml"
    assert "not well-formed XML (line" in problem.reason
    assert not Person.objects.exists()


def test_malformed_xml_and_a_file_that_is_not_a_census_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Message><Header></Message>")
    other = tmp_path / "other.xml"
    other.write_text("<Episodes><Episode/></Episodes>")
    for path, words in ((bad, "not well-formed"), (other, "not a CIN census file")):
        with pytest.raises(ImportRefused) as refused:
            cin_import(path=path)
        assert words in refused.value.problems[0].reason


def test_bad_dates_and_codes_are_each_reported_with_the_element_they_are_in(
    tmp_path: Path,
) -> None:
    census = _scaled(3)
    census.children[0].episodes[0].referral_source = "ZZ"
    census.children[0].ethnicity = "XXXX"
    census.children[2].episodes[0].assessments[0].factors = ["99Z"]
    xml = render_bytes(census).replace(b"2018-02-01", b"2018-02-31", 1)
    path = tmp_path / "cin.xml"
    path.write_bytes(xml)
    with pytest.raises(ImportRefused) as refused:
        cin_import(path=path)
    problems = [str(p) for p in refused.value.problems]
    assert problems == [
        "cin.xml: Child[1] C00000: Ethnicity: 'XXXX' is not a valid code",
        "cin.xml: Child[1] C00000/CINdetails[1]: ReferralSource: 'ZZ' is not a valid code",
        "cin.xml: Child[2] C00001: PersonBirthDate: is not a date in the form YYYY-MM-DD",
        "cin.xml: Child[3] C00002/CINdetails[1]/Assessments[1]: AssessmentFactors: "
        "'99Z' is not a valid code",
    ]
    assert not Person.objects.exists()


def test_a_child_who_appears_twice_is_refused(tmp_path: Path) -> None:
    census = _scaled(3)
    census.children[2].la_child_id = "C00000"
    assert _refused(tmp_path, census) == [
        "cin.xml: Child[3] C00000: LAchildID: the same child ID as Child[1]: each child must "
        "appear once"
    ]


def test_what_hearth_itself_would_refuse_is_reported_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    census = _scaled(2)
    worked = census.children[0].episodes[0]
    saturday = date(2025, 5, 31)
    worked.section47s[0] = replace(worked.section47s[0], icpc=saturday)
    worked.cp_plans[0] = replace(worked.cp_plans[0], start=saturday)
    problems = _refused(tmp_path, census)
    assert (
        "cin.xml: Child[1] C00000/CINdetails[1]/Section47[1]/DateOfInitialCPC: held_on: "
        "The date of the conference must be a weekday"
    ) in problems
    assert not Section47Enquiry.objects.exists()


def test_two_open_episodes_for_one_child_are_refused(tmp_path: Path) -> None:
    census = _scaled(1)
    child = census.children[0]
    child.episodes[0].closure_date = None
    child.episodes[0].closure_reason = None
    child.episodes.append(r.Episode(referral_date=date(2026, 3, 1), referral_source="1A"))
    assert _refused(tmp_path, census) == [
        "cin.xml: Child[1] C00000: CINclosureDate: more than one episode is open: close all but one"
    ]


def test_the_command_prints_every_problem_and_exits_1(tmp_path: Path, capsys: Any) -> None:
    census = _scaled(2)
    census.children[1].sex = "X"
    path = _write(tmp_path, census)
    with pytest.raises(SystemExit) as exit_code:
        call_command("returns", "import", "--cin", str(path))
    assert exit_code.value.code == 1
    err = capsys.readouterr().err
    assert "Nothing was imported: 1 problems" in err
    assert "Child[2] C00001: Sex: 'X' is not a valid code" in err


def test_the_command_imports_and_reports_what_it_created(tmp_path: Path, capsys: Any) -> None:
    call_command("returns", "import", "--cin", str(_write(tmp_path, _scaled(2))))
    out = capsys.readouterr().out
    assert "Imported 2 children" in out
    assert "child protection plans" in out
