"""Read any CIN census XML file into the structure of `records.py`.

Malformed XML raises `CensusFileError` with the line and column. Dates that cannot be read
are kept as None and named in the child's `bad_dates`, so the rules report them as missing or
invalid rather than the reader failing on the first one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import IO

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

GENDER_TO_SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}


class CensusFileError(ValueError):
    """The file is not a CIN census XML file that can be read."""


def _text(el: ET.Element | None, tag: str) -> str | None:
    if el is None:
        return None
    found = el.find(tag)
    if found is None or found.text is None:
        return None
    text = found.text.strip()
    return text or None


def _date(el: ET.Element | None, tag: str, bad: list[str]) -> date | None:
    text = _text(el, tag)
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        bad.append(tag)
        return None


def _episode(el: ET.Element, bad: list[str]) -> Episode:
    episode = Episode(
        referral_date=_date(el, "CINreferralDate", bad),
        referral_source=_text(el, "ReferralSource"),
        primary_need=_text(el, "PrimaryNeedCode"),
        closure_date=_date(el, "CINclosureDate", bad),
        closure_reason=_text(el, "ReasonForClosure"),
        initial_cpc=_date(el, "DateOfInitialCPC", bad),
        referral_nfa=_text(el, "ReferralNFA"),
    )
    for a in el.findall("Assessments"):
        episode.assessments.append(
            Assessment(
                start=_date(a, "AssessmentActualStartDate", bad),
                review=_date(a, "AssessmentInternalReviewDate", bad),
                authorised=_date(a, "AssessmentAuthorisationDate", bad),
                factors=[
                    (f.text or "").strip()
                    for f in a.findall("FactorsIdentifiedAtAssessment/AssessmentFactors")
                    if (f.text or "").strip()
                ],
            )
        )
    for p in el.findall("CINPlanDates"):
        episode.cin_plans.append(
            CINPlan(start=_date(p, "CINPlanStartDate", bad), end=_date(p, "CINPlanEndDate", bad))
        )
    for s in el.findall("Section47"):
        episode.section47s.append(
            Section47(
                start=_date(s, "S47ActualStartDate", bad),
                icpc_target=_date(s, "InitialCPCtarget", bad),
                icpc=_date(s, "DateOfInitialCPC", bad),
                icpc_not_required=_text(s, "ICPCnotRequired"),
            )
        )
    for c in el.findall("ChildProtectionPlans"):
        reviews: list[date | None] = []
        for r in c.findall("Reviews/CPPreviewDate"):
            text = (r.text or "").strip()
            try:
                reviews.append(date.fromisoformat(text[:10]) if text else None)
            except ValueError:
                bad.append("CPPreviewDate")
        episode.cp_plans.append(
            CPPlan(
                start=_date(c, "CPPstartDate", bad),
                end=_date(c, "CPPendDate", bad),
                initial_category=_text(c, "InitialCategoryOfAbuse"),
                latest_category=_text(c, "LatestCategoryOfAbuse"),
                previous_plans=_text(c, "NumberOfPreviousCPP"),
                reviews=reviews,
            )
        )
    return episode


def child_from_element(el: ET.Element, position: int) -> Child:
    bad: list[str] = []
    ids = el.find("ChildIdentifiers")
    chars = el.find("ChildCharacteristics")
    sex = _text(ids, "Sex")
    if sex is None and _text(ids, "GenderCurrent") is not None:
        sex = GENDER_TO_SEX.get(_text(ids, "GenderCurrent") or "", _text(ids, "GenderCurrent"))
    child = Child(
        la_child_id=_text(ids, "LAchildID"),
        upn=_text(ids, "UPN"),
        former_upn=_text(ids, "FormerUPN"),
        upn_unknown=_text(ids, "UPNunknown"),
        birth_date=_date(ids, "PersonBirthDate", bad),
        expected_birth_date=_date(ids, "ExpectedPersonBirthDate", bad),
        sex=sex,
        death_date=_date(ids, "PersonDeathDate", bad),
        ethnicity=_text(chars, "Ethnicity"),
        disabilities=[
            (d.text or "").strip()
            for d in (chars.findall("Disabilities/Disability") if chars is not None else [])
            if (d.text or "").strip()
        ],
        position=position,
    )
    child.episodes = [_episode(e, bad) for e in el.findall("CINdetails")]
    child.bad_dates = bad
    return child


def _header(el: ET.Element | None) -> Header:
    details = el.find("CollectionDetails") if el is not None else None
    source = el.find("Source") if el is not None else None
    bad: list[str] = []
    year_text = _text(details, "Year") or "0"
    return Header(
        year=int(year_text) if year_text.isdigit() else 0,
        reference_date=_date(details, "ReferenceDate", bad),
        lea=_text(source, "LEA") or "",
        collection=_text(details, "Collection") or "",
        source_level=_text(source, "SourceLevel") or "",
        software_code=_text(source, "SoftwareCode") or "",
        release=_text(source, "Release") or "",
        serial_no=_text(source, "SerialNo") or "",
        date_time=_text(source, "DateTime") or "",
    )


def parse(source: str | Path | IO[bytes]) -> CensusReturn:
    """Read a CIN census file. Children are read one at a time and their elements freed."""
    header: Header | None = None
    children: list[Child] = []
    try:
        root: ET.Element | None = None
        for event, el in ET.iterparse(source, events=("start", "end")):
            if event == "start":
                if root is None:
                    root = el
                    if el.tag != "Message":
                        raise CensusFileError(
                            f"The file's root element is <{el.tag}>, not <Message>: "
                            "it is not a CIN census file"
                        )
                continue
            if el.tag == "Header":
                header = _header(el)
            elif el.tag == "Child":
                children.append(child_from_element(el, len(children) + 1))
                el.clear()
    except ET.ParseError as exc:
        line, column = exc.position
        raise CensusFileError(
            f"The file is not well-formed XML (line {line}, column {column}): {exc.msg}"
        ) from exc
    except FileNotFoundError as exc:
        raise CensusFileError(f"There is no file at {source}") from exc
    if header is None:
        raise CensusFileError("The file has no <Header>: it is not a CIN census file")
    return CensusReturn(header=header, children=children)
