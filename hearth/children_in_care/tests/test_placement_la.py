"""PL_LA: the DfE code of the placing area from the ONS district of the placement postcode."""

from __future__ import annotations

import pytest

from hearth.children_in_care import extract, la_codes, postcodes
from hearth.children_in_care.presenters import placement_area


@pytest.mark.parametrize(
    ("ons", "dfe"),
    [
        ("E09000025", "316"),  # Newham, a London borough
        ("E09000022", "208"),  # Lambeth
        ("E07000106", "886"),  # Canterbury district -> Kent
        ("E06000065", "815"),  # North Yorkshire (unitary from 2023)
        ("E08000039", "373"),  # Sheffield's 2024 code
        ("W06000015", "WAL"),
        ("S12000036", "SCO"),
        ("N09000003", "NIR"),
        ("", ""),
    ],
)
def test_the_dfe_code_comes_from_the_ons_district(ons, dfe):
    assert la_codes.dfe_code(ons) == dfe


def test_every_english_district_in_the_postcode_data_has_a_dfe_code():
    table = la_codes.table()
    assert len(table) > 330
    assert all(len(a.dfe_code) == 3 and a.dfe_code.isdigit() for a in table.values())


def test_a_kent_placement_is_in_area_for_kent(settings):
    settings.HEARTH = {**settings.HEARTH, "LA_ONS_CODE": "E10000016"}
    derived = postcodes.derive("CT1 2EH", "ME14 1XQ")  # Canterbury and Maidstone
    assert derived.location == "IN"
    assert la_codes.dfe_code(derived.placement_la) == "886"


def test_the_child_page_names_the_placing_area():
    assert placement_area("E07000106") == "Canterbury (DfE 886)"


@pytest.mark.django_db
def test_the_derived_placement_extract_gives_the_dfe_code(period, today):
    rows = extract.derived_placement(2026)
    assert rows[0]["PL_LA"] == "316"
    assert rows[0]["PL_ONS_DISTRICT"] == "E09000025"
    assert rows[0]["PL_LOCATION"] == "IN"
