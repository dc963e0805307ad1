"""Write a CIN census as XML (DOMAIN.md 2.2), elements in the XSD sequence order.

Streams one `<Child>` at a time so a 50,000-child return never holds the whole tree. The year
picks the format: `Sex` (M/F/U) from 2024-25, `GenderCurrent` (1/2/0) before.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import IO

from hearth.returns.cin_census.records import CensusReturn, Child, Episode

SEX_FROM_YEAR = 2025  # collection ending 31 March 2025 (2024-25)
GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}


def _text(value: date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _add(parent: ET.Element, tag: str, value: date | str | None, *, always: bool = False) -> None:
    text = _text(value)
    if text is None and not always:
        return
    ET.SubElement(parent, tag).text = text


def _flag(value: str | None) -> str | None:
    if value is None:
        return None
    return value


def episode_element(episode: Episode) -> ET.Element:
    el = ET.Element("CINdetails")
    _add(el, "CINreferralDate", episode.referral_date)
    _add(el, "ReferralSource", episode.referral_source)
    _add(el, "PrimaryNeedCode", episode.primary_need)
    _add(el, "CINclosureDate", episode.closure_date)
    _add(el, "ReasonForClosure", episode.closure_reason)
    _add(el, "DateOfInitialCPC", episode.initial_cpc)
    for a in episode.assessments:
        a_el = ET.SubElement(el, "Assessments")
        _add(a_el, "AssessmentActualStartDate", a.start)
        _add(a_el, "AssessmentInternalReviewDate", a.review)
        _add(a_el, "AssessmentAuthorisationDate", a.authorised)
        if a.factors:
            f_el = ET.SubElement(a_el, "FactorsIdentifiedAtAssessment")
            for code in a.factors:
                ET.SubElement(f_el, "AssessmentFactors").text = code
    for p in episode.cin_plans:
        p_el = ET.SubElement(el, "CINPlanDates")
        _add(p_el, "CINPlanStartDate", p.start)
        _add(p_el, "CINPlanEndDate", p.end)
    for s in episode.section47s:
        s_el = ET.SubElement(el, "Section47")
        _add(s_el, "S47ActualStartDate", s.start)
        _add(s_el, "InitialCPCtarget", s.icpc_target)
        _add(s_el, "DateOfInitialCPC", s.icpc)
        _add(s_el, "ICPCnotRequired", _flag(s.icpc_not_required))
    _add(el, "ReferralNFA", _flag(episode.referral_nfa))
    for c in episode.cp_plans:
        c_el = ET.SubElement(el, "ChildProtectionPlans")
        _add(c_el, "CPPstartDate", c.start)
        _add(c_el, "CPPendDate", c.end)
        _add(c_el, "InitialCategoryOfAbuse", c.initial_category)
        _add(c_el, "LatestCategoryOfAbuse", c.latest_category)
        _add(c_el, "NumberOfPreviousCPP", c.previous_plans)
        if c.reviews:
            r_el = ET.SubElement(c_el, "Reviews")
            for review in c.reviews:
                _add(r_el, "CPPreviewDate", review)
    return el


def child_element(child: Child, year: int) -> ET.Element:
    el = ET.Element("Child")
    ids = ET.SubElement(el, "ChildIdentifiers")
    _add(ids, "LAchildID", child.la_child_id)
    _add(ids, "UPN", child.upn)
    _add(ids, "FormerUPN", child.former_upn)
    _add(ids, "UPNunknown", child.upn_unknown)
    _add(ids, "PersonBirthDate", child.birth_date)
    _add(ids, "ExpectedPersonBirthDate", child.expected_birth_date)
    if year >= SEX_FROM_YEAR:
        _add(ids, "Sex", child.sex)
    else:
        _add(ids, "GenderCurrent", GENDER_CURRENT.get(child.sex or "", child.sex))
    _add(ids, "PersonDeathDate", child.death_date)
    chars = ET.SubElement(el, "ChildCharacteristics")
    _add(chars, "Ethnicity", child.ethnicity)
    if child.disabilities:
        d_el = ET.SubElement(chars, "Disabilities")
        for code in child.disabilities:
            ET.SubElement(d_el, "Disability").text = code
    for episode in child.episodes:
        el.append(episode_element(episode))
    return el


def header_element(census: CensusReturn) -> ET.Element:
    h = census.header
    el = ET.Element("Header")
    details = ET.SubElement(el, "CollectionDetails")
    _add(details, "Collection", h.collection)
    _add(details, "Year", str(h.year))
    _add(details, "ReferenceDate", h.reference_date)
    source = ET.SubElement(el, "Source")
    _add(source, "SourceLevel", h.source_level)
    _add(source, "LEA", h.lea)
    _add(source, "SoftwareCode", h.software_code)
    _add(source, "Release", h.release)
    _add(source, "SerialNo", h.serial_no)
    _add(source, "DateTime", h.date_time)
    return el


def _indented(el: ET.Element, level: int) -> bytes:
    ET.indent(el, space="  ", level=level)
    return ET.tostring(el, encoding="unicode").encode("utf-8")


def render(census: CensusReturn, out: IO[bytes]) -> None:
    """Write the return to a binary stream as UTF-8 XML."""
    out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  ')
    out.write(_indented(header_element(census), 1))
    out.write(b"\n  <Children>\n")
    for child in census.children:
        out.write(b"    ")
        out.write(_indented(child_element(child, census.header.year), 2))
        out.write(b"\n")
    out.write(b"  </Children>\n</Message>\n")


def render_bytes(census: CensusReturn) -> bytes:
    import io

    buffer = io.BytesIO()
    render(census, buffer)
    return buffer.getvalue()
