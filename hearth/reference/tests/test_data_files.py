"""The data files hold every list other apps code against, exactly as DOMAIN.md gives them."""

from collections import defaultdict

import pytest

from hearth.reference.loader import CODE_FILES, DATA_DIR, read_code_rows

AGREED_LIST_NAMES = {
    "sex", "ethnicity", "upn_unknown", "referral_source", "disability", "primary_need",
    "closure_reason", "abuse_category", "assessment_factor", "reason_new_episode",
    "legal_status", "category_of_need_903", "placement_type", "placement_provider",
    "reason_episode_ceased", "reason_place_change", "review_participation",
    "oc3_accommodation", "oc3_activity", "oc3_in_touch", "previous_permanence",
    "sw_change_reason", "contact_outcome", "referral_outcome", "assessment_outcome",
    "s47_outcome",
}  # fmt: skip


@pytest.fixture(scope="module")
def lists():
    by_list = defaultdict(dict)
    for row in read_code_rows():
        by_list[row.list_name][row.code] = row
    return by_list


def test_every_agreed_list_name_is_in_the_data_files(lists):
    assert set(lists) >= AGREED_LIST_NAMES


def test_the_data_files_are_the_ones_the_loader_reads():
    assert {p.name for p in DATA_DIR.glob("*.csv")} >= set(CODE_FILES)


def test_ethnicity_has_the_twenty_dfe_codes(lists):
    assert len(lists["ethnicity"]) == 20
    assert lists["ethnicity"]["WROM"].description == "Gypsy/Roma"
    assert lists["ethnicity"]["NOBT"].description == "Information not yet obtained"


def test_referral_source_reproduces_the_census_wording(lists):
    assert list(lists["referral_source"]) == [
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
        "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    ]  # fmt: skip
    assert lists["referral_source"]["3E"].description == "Health – A&E"


def test_sex_uses_m_f_u_from_2024_and_keeps_the_old_numeric_codes_as_retired(lists):
    sex = lists["sex"]
    assert {c for c, r in sex.items() if r.valid_from == 2024 and r.valid_to is None} == {
        "M", "F", "U",
    }  # fmt: skip
    assert {c for c, r in sex.items() if r.valid_to == 2023} == {"1", "2", "0", "9"}


def test_assessment_factors_18a_and_19a_are_retired_after_2023(lists):
    factors = lists["assessment_factor"]
    assert factors["18A"].valid_to == 2023
    assert factors["19A"].valid_to == 2023
    assert factors["18B"].valid_to is None
    assert len(factors) == 44


def test_placement_types_follow_the_2023_to_2025_changes(lists):
    place = lists["placement_type"]
    assert place["K3"].valid_from == 2024
    assert place["H5"].valid_to == 2024
    assert place["P2"].valid_to == 2024
    assert place["Z1"].valid_to == 2024
    assert all(place[z].valid_from == 2025 for z in ("Z11", "Z12", "Z13", "Z14"))


def test_oc3_accommodation_has_no_suitable_code_for_homeless_or_custody(lists):
    accom = lists["oc3_accommodation"]
    assert "S2" in accom and "X2" in accom
    assert "S1" not in accom and "X1" not in accom
    assert accom["Z1"].description.endswith("– suitable")
    assert "0" in accom


def test_category_of_need_903_is_n1_to_n8_only(lists):
    assert list(lists["category_of_need_903"]) == [f"N{i}" for i in range(1, 9)]


def test_the_s47_outcomes_are_the_eight_local_values(lists):
    assert len(lists["s47_outcome"]) == 8
    assert lists["s47_outcome"]["ICPC"].description == "Initial CP Conference"
