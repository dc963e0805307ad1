"""Rendering, reading and the `returns` command on files."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hearth.returns.cin_census.faults import FAULTS
from hearth.returns.cin_census.parse import CensusFileError, parse
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.cin_census.samples import clean_census


def _children(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall("Children/Child")


def test_the_2025_26_format_carries_sex_in_xsd_order() -> None:
    xml = render_bytes(clean_census())
    ids = _children(xml)[0].find("ChildIdentifiers")
    assert [el.tag for el in ids] == ["LAchildID", "UPN", "PersonBirthDate", "Sex"]
    assert ids.findtext("Sex") == "F"
    root = ET.fromstring(xml)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/Source/LEA") == "201"


def test_an_episode_lists_its_modules_in_xsd_order() -> None:
    episode = _children(render_bytes(clean_census()))[0].find("CINdetails")
    tags = [el.tag for el in episode]
    assert tags == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert episode.findtext("ChildProtectionPlans/Reviews/CPPreviewDate") == "2025-08-27"


def test_a_return_before_2024_25_carries_gender_current_instead_of_sex() -> None:
    census = clean_census()
    census.header.year = 2024
    ids = _children(render_bytes(census))[0].find("ChildIdentifiers")
    assert ids.find("Sex") is None
    assert ids.findtext("GenderCurrent") == "2"


def test_reading_a_rendered_return_gives_back_the_same_children() -> None:
    census = clean_census()
    again = parse(io.BytesIO(render_bytes(census)))
    assert again.header.reference_date == census.header.reference_date
    assert again.children == census.children


def test_malformed_xml_is_refused_with_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<Message><Header></Message>")
    with pytest.raises(CensusFileError, match=r"not well-formed XML \(line 1, column"):
        parse(path)


def test_a_file_that_is_not_a_census_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<Invoice><Total>3</Total></Invoice>")
    with pytest.raises(CensusFileError, match="not a CIN census file"):
        parse(path)


def test_the_validate_command_fails_clearly_on_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "truncated.xml"
    path.write_bytes(render_bytes(clean_census())[:300])
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("returns", "validate", "cin-census", str(path))


def test_the_validate_command_passes_a_clean_file(tmp_path: Path) -> None:
    path = tmp_path / "clean.xml"
    path.write_bytes(render_bytes(clean_census()))
    out = io.StringIO()
    call_command("returns", "validate", "cin-census", str(path), stdout=out)
    assert "2 children: 0 errors, 0 queries" in out.getvalue()


def test_the_validate_command_prints_codes_and_locations_and_exits_1_on_errors(
    tmp_path: Path,
) -> None:
    census = clean_census()
    FAULTS["8840"](census)
    path = tmp_path / "faulty.xml"
    path.write_bytes(render_bytes(census))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("returns", "validate", "cin-census", str(path), stdout=out)
    assert exit_.value.code == 1
    assert "8840 error" in out.getvalue()
    assert "C1: CINdetails[1]/ChildProtectionPlans[1]/CPPendDate" in out.getvalue()


def test_queries_alone_do_not_fail_the_validate_command(tmp_path: Path) -> None:
    census = clean_census()
    FAULTS["8945Q"](census)
    path = tmp_path / "query.xml"
    path.write_bytes(render_bytes(census))
    out = io.StringIO()
    call_command("returns", "validate", "cin-census", str(path), stdout=out)
    assert "8945Q query" in out.getvalue()
