"""Exports minimise: the CIN census, the SSDA903 and Ofsted's Annex A carry only the items the
DfE and Ofsted specifications ask for. The allowed items are written out here on purpose: a
change that adds an item to a return must add it here too, with its specification."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import fields
from datetime import date

from hearth.returns.annex_a.columns import LISTS
from hearth.returns.cin_census import records
from hearth.returns.cin_census.render import render_bytes
from hearth.returns.ssda903 import tables

# CIN census 2025-26 (DfE specification): header, identifiers, characteristics, episodes.
CIN_ITEMS = {
    "Message", "Header", "CollectionDetails", "Collection", "Year", "ReferenceDate", "Source",
    "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime", "Children",
    "Child", "ChildIdentifiers", "LAchildID", "UPN", "FormerUPN", "UPNunknown",
    "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "GenderCurrent", "PersonDeathDate",
    "ChildCharacteristics", "Ethnicity", "Disabilities", "Disability", "CINdetails",
    "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
    "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA", "Assessments",
    "AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
    "FactorsIdentifiedAtAssessment", "AssessmentFactors", "CINPlanDates", "CINPlanStartDate",
    "CINPlanEndDate", "Section47", "S47ActualStartDate", "InitialCPCtarget",
    "ICPCnotRequired", "ChildProtectionPlans", "CPPstartDate", "CPPendDate",
    "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP", "Reviews",
    "CPPreviewDate",
}  # fmt: skip

# SSDA903 (DfE children looked after return): every column of every table.
SSDA903_ITEMS = {
    "ACCOM", "ACTIV", "CHILD", "CIN", "CONVICTED", "DATE_INT", "DATE_MATCH", "DATE_PERM",
    "DATE_PLACED", "DATE_PLACED_CEASED", "DEC", "DECOM", "DOB", "DOLO_END", "DOLO_START", "DUC",
    "ETHNIC", "FOSTER_CARE", "HEALTH_ASSESSMENT", "HEALTH_CHECK", "HOME_POST", "IMMUNISATIONS",
    "INTERVENTION_OFFERED", "INTERVENTION_RECEIVED", "IN_TOUCH", "LA_PERM", "LS", "LS_ADOPTR",
    "MC_DOB", "MISSING", "MIS_END", "MIS_START", "MOTHER", "NB_ADOPTR", "PLACE",
    "PLACE_PROVIDER", "PL_POST", "PREV_PERM", "REASON_PLACED_CEASED", "REASON_PLACE_CHANGE",
    "REC", "REVIEW", "REVIEW_CODE", "RNE", "SDQ_REASON", "SDQ_SCORE", "SEX", "SEX_ADOPTR",
    "SUBSTANCE_MISUSE", "SW_DEC", "SW_DECOM", "SW_ID", "SW_REASON", "TEETH_CHECK", "UPN", "URN",
}  # fmt: skip

# Personal data no return asks for about a child or family member.
FORBIDDEN = re.compile(
    r"name|address|nhs|phone|email|note|religion|language|immigration|relative|parent",
    re.IGNORECASE,
)
# Ofsted's Annex A names the allocated team, worker and personal adviser (staff, by role) and
# the placement postcode (list 8); nothing else of this kind.
ANNEX_A_ALLOWED_SENSITIVE = {"Allocated Worker", "Allocated Personal Advisor", "Placement postcode"}


def _full_child() -> records.Child:
    on = date(2025, 6, 1)
    episode = records.Episode(
        referral_date=on,
        referral_source="1A",
        primary_need="N1",
        closure_date=on,
        closure_reason="RC1",
        initial_cpc=on,
        referral_nfa="false",
        assessments=[records.Assessment(start=on, review=on, authorised=on, factors=["1C"])],
        cin_plans=[records.CINPlan(start=on, end=on)],
        section47s=[records.Section47(start=on, icpc_target=on, icpc=on, icpc_not_required="0")],
        cp_plans=[
            records.CPPlan(
                start=on,
                end=on,
                initial_category="NEG",
                latest_category="NEG",
                previous_plans="0",
                reviews=[on],
            )
        ],
    )
    return records.Child(
        la_child_id="HC000001",
        upn="A316123456789",
        former_upn="B316123456789",
        upn_unknown=None,
        birth_date=date(2015, 3, 14),
        sex="F",
        death_date=on,
        ethnicity="WBRI",
        disabilities=["NONE"],
        episodes=[episode],
    )


def test_the_cin_census_xml_carries_only_the_census_items():
    census = records.CensusReturn(
        header=records.Header(year=2026, reference_date=date(2026, 3, 31), lea="316"),
        children=[_full_child()],
    )
    tags = {el.tag for el in ET.fromstring(render_bytes(census)).iter()}
    assert tags <= CIN_ITEMS, tags - CIN_ITEMS
    person_fields = {f.name for f in fields(records.Child)}
    assert not {f for f in person_fields if FORBIDDEN.search(f)}


def test_the_ssda903_tables_carry_only_the_903_items():
    columns = {c for cols in tables.COLUMNS.values() for c in cols}
    assert columns <= SSDA903_ITEMS, columns - SSDA903_ITEMS


def test_annex_a_lists_carry_no_names_addresses_or_free_text_beyond_what_ofsted_asks():
    headings = {c for spec in LISTS for c in spec.columns}
    sensitive = {c for c in headings if FORBIDDEN.search(c) or "postcode" in c.lower()}
    assert sensitive <= ANNEX_A_ALLOWED_SENSITIVE, sensitive - ANNEX_A_ALLOWED_SENSITIVE
    assert all(spec.columns[0] == "Child Unique ID" for spec in LISTS if spec.number <= 10)
