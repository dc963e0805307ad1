"""Published comparators: every shipped figure carries its publication, year and address and
matches its indicator's units and direction; England, the region and the statistical neighbours
are chosen by settings; the partial shows them beside the borough's figure and marks the ones
not checked against the DfE's own table."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings

from hearth.indicators import benchmarks
from hearth.indicators.base import Direction, Measure
from hearth.indicators.library import REGISTRY


def hearth_with(**extra: object) -> dict[str, object]:
    return {**settings.HEARTH, **extra}


def a_row(value: str) -> SimpleNamespace:
    return SimpleNamespace(value=value, period="1 April 2025 to 31 March 2026", rag_text="Green")


BOROUGH = SimpleNamespace(name="The borough")


def test_every_shipped_figure_has_its_publication_year_address_and_a_value():
    entries = benchmarks.load()["figures"]
    assert entries
    for entry in entries:
        assert entry["publication"].strip()
        assert entry["year"].strip()
        assert entry["url"].startswith("https://")
        assert date.fromisoformat(entry["period_end"])
        assert entry["values"].get("England") is not None or len(entry["values"]) > 1


def test_every_figure_belongs_to_an_indicator_in_the_library_with_the_same_units():
    for entry in benchmarks.load()["figures"]:
        indicator = REGISTRY[entry["indicator"]]
        assert entry["measure"] == indicator.measure.value, entry["indicator"]
        published = [v for v in entry["values"].values() if v is not None]
        if indicator.measure == Measure.PERCENT:
            assert all(0 <= v <= 100 for v in published), entry["indicator"]
        else:
            assert entry["unit"], entry["indicator"]


def test_where_the_publication_says_which_way_is_better_it_agrees_with_the_indicator():
    checked = 0
    for entry in benchmarks.load()["figures"]:
        if entry["polarity"] is not None:
            checked += 1
            expected = Direction(entry["polarity"])
            assert REGISTRY[entry["indicator"]].direction == expected, entry["indicator"]
    assert checked >= 10


def test_every_local_authority_in_the_data_has_a_name():
    data = benchmarks.load()
    names = data["local_authorities"]
    for group in data["neighbour_groups"]["groups"].values():
        assert len(group) == 10 and all(code in names for code in group)
    for entry in data["figures"]:
        for key in entry["values"]:
            assert key in ("England", "London") or key in names


def test_the_demo_borough_is_compared_with_london_and_newhams_dfe_neighbours():
    assert benchmarks.region() == "London"
    names = [benchmarks.la_name(code) for code in benchmarks.neighbour_codes()]
    assert names[:3] == ["Brent", "Waltham Forest", "Barking and Dagenham"]
    assert len(names) == 10 and "Newham" not in names


def test_each_area_shows_its_latest_figure_with_its_own_year():
    found = {b.kind: b for b in benchmarks.for_indicator("re_referrals_12m")}
    assert (found["england"].value, found["england"].year) == (22.0, "2023-24")
    assert (found["region"].area, found["region"].value, found["region"].year) == (
        "London",
        18.9,
        "2022-23",
    )
    assert [b.kind for b in benchmarks.for_indicator("re_referrals_12m")] == [
        "england",
        "region",
        "neighbours",
    ]


def test_the_neighbours_figure_is_the_mean_of_the_published_ones_leaving_out_suppressed():
    (neighbours,) = [
        b for b in benchmarks.for_indicator("cp_plans_open_2y_plus") if b.kind == "neighbours"
    ]
    published = [3.0, 4.0, 6.0, 3.9, 2.6, 2.3, 0.0]
    assert neighbours.value == round(sum(published) / 7, 1) == 3.1
    assert neighbours.basis == (
        "Mean of 7 of 10 neighbours' figures; 3 suppressed in the publication"
    )
    assert [n.name for n in neighbours.neighbours if n.value is None] == [
        "Greenwich",
        "Slough",
        "Hackney",
    ]


def test_a_borough_can_choose_its_own_neighbours_and_region():
    with override_settings(HEARTH=hearth_with(BENCHMARK_NEIGHBOURS=["304", "320"])):
        (neighbours,) = [
            b for b in benchmarks.for_indicator("cp_second_subsequent") if b.kind == "neighbours"
        ]
        assert neighbours.value == round((14.2 + 15.2) / 2, 1)
    with override_settings(HEARTH=hearth_with(BENCHMARK_REGION="South East", LA_CODE="999")):
        kinds = [b.kind for b in benchmarks.for_indicator("cp_second_subsequent")]
        assert kinds == ["england"]


def test_the_england_column_reads_one_latest_figure_per_indicator():
    ids = [b.indicator_id for b in benchmarks.BENCHMARKS]
    assert len(ids) == len(set(ids)) == len(benchmarks.indicator_ids())
    assert all(b.area == "England" for b in benchmarks.BENCHMARKS)
    assert benchmarks.england("icpc_within_15wd").value == 81.4


def test_figures_print_in_the_indicators_units():
    assert benchmarks.england("cp_second_subsequent").text == "23.6%"
    assert benchmarks.england("average_caseload").text == "16.0 cases"


def test_the_indicator_page_partial_shows_england_london_and_the_neighbours_beside_the_figure():
    page = render_to_string(
        "indicators/_comparators.html",
        {
            "indicator": REGISTRY["cp_second_subsequent"],
            "row": a_row("12.5%"),
            "scope": BOROUGH,
            "benchmarks": benchmarks.for_indicator("cp_second_subsequent"),
        },
    )
    assert "<caption" in page and "12.5%" in page
    for expected in ("England", "23.6%", "London", "19.8%", "Statistical neighbours", "17.2%"):
        assert expected in page
    assert "2022-23" in page and "find-statistics/children-in-need/2023" in page
    assert "Brent" in page and "28.9%" in page  # each neighbour's own figure, in a table
    assert "Not confirmed" not in page


def test_a_figure_not_checked_against_the_publication_is_marked_in_words():
    page = render_to_string(
        "indicators/_comparators.html",
        {
            "indicator": REGISTRY["care_leavers_eet"],
            "row": a_row("60.0%"),
            "scope": BOROUGH,
            "benchmarks": benchmarks.for_indicator("care_leavers_eet"),
        },
    )
    assert "56%" in page and "Not confirmed" in page


def test_an_indicator_the_dfe_does_not_publish_says_so():
    page = render_to_string(
        "indicators/_comparators.html",
        {
            "indicator": REGISTRY["core_group_within_10wd"],
            "row": a_row("90.0%"),
            "scope": BOROUGH,
            "benchmarks": [],
        },
    )
    assert "does not publish this figure" in page


def test_the_dashboard_partial_lists_each_published_indicator_beside_the_borough():
    def row(ident: str, value: str) -> SimpleNamespace:
        return SimpleNamespace(
            figure=SimpleNamespace(indicator=REGISTRY[ident]), value=value, direction="Lower"
        )

    groups = [
        (
            "Child protection",
            [row("cp_second_subsequent", "12.5%"), row("core_group_within_10wd", "1")],
        ),
        ("Children in care", [row("care_leavers_in_touch", "88.0%")]),
    ]
    page = render_to_string(
        "indicators/_comparators.html",
        {
            "groups": groups,
            "scope": BOROUGH,
            "england": {b.indicator_id: b for b in benchmarks.BENCHMARKS},
        },
    )
    assert "Published comparators" in page and "<caption" in page
    assert '<th scope="col" class="govuk-table__header">London</th>' in page
    assert "23.6%" in page and "19.8%" in page and "17.2%" in page
    assert "Second or subsequent" in page or REGISTRY["cp_second_subsequent"].title in page
    assert REGISTRY["core_group_within_10wd"].title not in page  # nothing published for it
    assert "91%" in page and "not confirmed" in page  # in touch: England only, unconfirmed
    assert page.count("Not published") == 2  # in touch has no London or neighbours figure
    assert "Brent, Waltham Forest" in page


AS_OF = "as_of-day=31&as_of-month=3&as_of-year=2026&scope=borough"


@pytest.mark.django_db
def test_the_indicator_page_shows_the_comparators_table(signed_in, senior_leader):
    response = signed_in(senior_leader).get(f"/indicators/cp_second_subsequent/children/?{AS_OF}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "beside the latest published figures" in page
    assert "Statistical neighbours" in page and "19.8%" in page and "17.2%" in page


@pytest.mark.django_db
def test_the_dashboard_shows_the_comparators_table(signed_in, senior_leader):
    response = signed_in(senior_leader).get(f"/indicators/?{AS_OF}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published comparators" in page and "Brent, Waltham Forest" in page
    assert "19.8%" in page and "17.2%" in page
