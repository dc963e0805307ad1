"""903 AD1, PlacedAdoption and PrevPerm, and Annex A lists 10 and 11."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.adoption import extract, services
from hearth.adoption.tests.test_journey import _to_placed


def test_ad1_reports_the_adopted_child_with_the_decision_match_and_adopters(
    journey, social_worker, carers, approved, allocated_child
):
    journey = _to_placed(journey, social_worker, carers)
    services.adoption_order_record(
        user=social_worker, journey=journey, on=date(2026, 6, 9), reason_ceased="E12"
    )
    (row,) = extract.ad1(2026)
    assert tuple(row) == extract.AD1_COLUMNS
    assert row["DATE_INT"] == date(2026, 5, 8)
    assert row["DATE_MATCH"] == date(2026, 5, 20)
    assert (row["FOSTER_CARE"], row["NB_ADOPTR"], row["SEX_ADOPTR"], row["LS_ADOPTR"]) == (
        1,
        2,
        "MF",
        "L11",
    )
    assert extract.ad1(2025) == []


def test_placed_adoption_reports_decisions_and_reversals(journey, social_worker, allocated_child):
    services.decision_reverse(
        user=social_worker, journey=journey, on=date(2026, 6, 1), reason="RD3"
    )
    services.adoption_decision_record(
        user=social_worker, child=allocated_child, decision_on=date(2026, 6, 3), decision_maker="A"
    )
    rows = extract.placed_adoption(2026)
    assert [tuple(r) for r in rows][0] == extract.PLACED_ADOPTION_COLUMNS
    assert [
        (r["DATE_PLACED"], r["DATE_PLACED_CEASED"], r["REASON_PLACED_CEASED"]) for r in rows
    ] == [
        (date(2026, 5, 8), date(2026, 6, 1), "RD3"),
        (date(2026, 6, 3), None, ""),
    ]
    assert extract.placed_adoption(2024) == []


def test_prev_perm_and_children_starting_care_without_it(period, social_worker, allocated_child):
    assert extract.children_without_prev_perm(2026) == [allocated_child.pk]
    services.previous_permanence_record(
        user=social_worker,
        child=allocated_child,
        prev_perm="P1",
        la_perm="999",
        date_perm=date(2020, 2, 3),
    )
    (row,) = extract.prev_perm(2026)
    assert tuple(row) == extract.PREV_PERM_COLUMNS
    assert (row["PREV_PERM"], row["LA_PERM"], row["DATE_PERM"]) == ("P1", "999", date(2020, 2, 3))
    assert extract.children_without_prev_perm(2026) == []


def test_annex_a_list_10_has_the_journey_with_family_and_ffa(
    journey, social_worker, carers, approved
):
    journey = _to_placed(journey, social_worker, carers)
    (row,) = extract.annex_a_list_10(date(2026, 6, 10))
    assert row["Family identifier"] == approved.family_identifier
    assert row["Date the Child Entered Care"] == date(2026, 5, 1)
    assert row["Date of Placement Order"] == date(2026, 5, 15)
    assert row["Date Placed for Adoption"] == date(2026, 6, 1)
    assert row["Date of Adoption Order"] is None
    assert row["Does the Child have a Disability"] == "b) No"
    # Before the placement the placement date is not yet known.
    (early,) = extract.annex_a_list_10(date(2026, 5, 25))
    assert early["Date Placed for Adoption"] is None


def test_annex_a_list_10_leaves_out_decisions_ended_over_a_year_ago(journey, social_worker):
    services.decision_reverse(
        user=social_worker, journey=journey, on=date(2026, 5, 20), reason="RD4"
    )
    (row,) = extract.annex_a_list_10(date(2026, 6, 10))
    assert row["Reason Why Child No Longer Placed for Adoption"] == "d) Any other reason"
    assert extract.annex_a_list_10(date(2027, 6, 1)) == []


def test_annex_a_list_11_has_one_row_per_adopter_with_children_placed(
    journey, social_worker, carers, approved, enquiry
):
    _to_placed(journey, social_worker, carers)
    enquiry(
        name="The Brown family",
        sex_code="F1",
        legal_status="L0",
        adopters=[services.AdopterInput("Jess", "Brown", "F")],
    )
    with CaptureQueriesContext(connection) as queries:
        rows = extract.annex_a_list_11(date(2026, 6, 10))
    assert len(queries) <= 3
    okafor = [r for r in rows if r["Family identifier"] == approved.family_identifier]
    assert len(okafor) == 2 and len(rows) == 3
    assert okafor[0]["No. of children placed"] == 1
    assert okafor[0]["Date application approved"] == date(2026, 3, 27)
    assert okafor[1]["Disability"] == "a) Yes"
