"""Each return failure links to the page where the field its rule concerns is recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.assessments.models import Assessment, CINEpisode
from hearth.child_protection.models import CINPlan
from hearth.children_in_care.models import Episode, PeriodOfCare
from hearth.people.tests.factories import ChildFactory
from hearth.returns import links
from hearth.returns.cin_census import records as r
from hearth.returns.selectors import FailureRow, cin_census_failures, ssda903_failures
from hearth.returns.ssda903 import tables as t


@pytest.fixture
def analyst(db: Any) -> Any:
    return UserFactory(username="analyst.links", role=Role.PERFORMANCE_ANALYST)


def _by_code(rows: list[FailureRow], code: str) -> FailureRow:
    found = [row for row in rows if row.failure.code == code]
    assert found, f"rule {code} did not fail"
    return found[0]


# --- CIN census, from the live record ----------------------------------------------------


@pytest.fixture
def referred(db: Any) -> Any:
    child: Any = ChildFactory(la_child_id="FX1", sex="F", ethnicity="WBRI", upn="BAD")
    episode = CINEpisode.objects.create(
        child=child, referral_date=date(2025, 6, 2), referral_source="1A", primary_need=""
    )
    worker: Any = UserFactory()
    assessment = Assessment.objects.create(
        episode=episode, child=child, worker=worker, start_date=date(2025, 5, 1)
    )
    plan = CINPlan.objects.create(
        child=child, episode=episode, start_date=date(2025, 7, 1), end_date=date(2025, 7, 1)
    )
    return {"child": child, "episode": episode, "assessment": assessment, "plan": plan}


def test_an_assessment_starting_before_its_referral_links_to_the_assessment(
    referred: Any,
) -> None:
    fix = _by_code(cin_census_failures(2026), "1103").fix
    child, assessment = referred["child"], referred["assessment"]
    assert fix == links.FixLink(
        reverse("assessments:detail", args=[child.pk, assessment.pk]), "Assessment"
    )


def test_a_cin_plan_starting_and_ending_on_one_day_links_to_the_cin_plan(referred: Any) -> None:
    fix = _by_code(cin_census_failures(2026), "4012Q").fix
    assert fix is not None
    assert fix.url == reverse(
        "child_protection:cin_plan", args=[referred["child"].pk, referred["plan"].pk]
    )


def test_a_missing_primary_need_links_to_the_childs_episodes(referred: Any) -> None:
    fix = _by_code(cin_census_failures(2026), "8610").fix
    assert fix is not None
    assert fix.url == reverse("assessments:child", args=[referred["child"].pk])


def test_an_invalid_upn_links_to_the_persons_details(referred: Any) -> None:
    rows = [row for row in cin_census_failures(2026) if row.failure.location.endswith("/UPN")]
    assert rows
    details = reverse("people:person_detail", args=[referred["child"].pk])
    assert {row.fix for row in rows} == {links.FixLink(details, "Personal details")}


def test_the_data_quality_page_shows_the_link_where_each_failure_is_fixed(
    client: Any, analyst: Any, referred: Any
) -> None:
    client.force_login(analyst)
    response = client.get(reverse("returns:data_quality"), {"year": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fix it on" in page
    child, assessment = referred["child"], referred["assessment"]
    assert reverse("assessments:detail", args=[child.pk, assessment.pk]) in page
    assert reverse("child_protection:cin_plan", args=[child.pk, referred["plan"].pk]) in page


def test_a_social_worker_still_gets_not_found_on_the_data_quality_page(
    client: Any, social_worker: Any, referred: Any
) -> None:
    client.force_login(social_worker)
    response = client.get(reverse("returns:data_quality"), {"year": "2026"})
    assert response.status_code == 404


# --- CIN census, from the in-memory return -----------------------------------------------


def _child(**episode: Any) -> r.Child:
    return r.Child(la_child_id="M1", person_id=7, episodes=[r.Episode(record_id=3, **episode)])


def test_a_section_47_field_links_to_the_enquiry() -> None:
    child = _child(section47s=[r.Section47(), r.Section47(record_id=41)])
    fix = links.cin_census_link(
        child, "CINdetails[1]/Section47[2]/S47ActualStartDate", ["S47ActualStartDate"]
    )
    assert fix == links.FixLink(
        reverse("child_protection:enquiry", args=[7, 41]), "Section 47 enquiry"
    )


def test_a_cp_plan_review_date_links_to_the_plan() -> None:
    child = _child(cp_plans=[r.CPPlan(record_id=52)])
    fix = links.cin_census_link(
        child,
        "CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate[2]",
        ["CPPreviewDate"],
    )
    assert fix is not None
    assert fix.url == reverse("child_protection:cp_plan", args=[7, 52])


def test_a_failure_naming_only_the_episode_uses_the_rules_fields_to_find_its_one_plan() -> None:
    child = _child(cp_plans=[r.CPPlan(record_id=52)])
    fix = links.cin_census_link(child, "CINdetails[1]", ["CPPstartDate", "CPPendDate"])
    assert fix is not None
    assert fix.url == reverse("child_protection:cp_plan", args=[7, 52])


def test_with_two_plans_and_no_index_the_link_falls_back_to_the_episodes() -> None:
    child = _child(cp_plans=[r.CPPlan(record_id=52), r.CPPlan(record_id=53)])
    fix = links.cin_census_link(child, "CINdetails[1]", ["CPPstartDate"])
    assert fix is not None
    assert fix.url == reverse("assessments:child", args=[7])


def test_a_whole_return_failure_has_no_link() -> None:
    assert links.cin_census_link(None, "Header/ReferenceDate", ["ReferenceDate"]) is None


# --- SSDA903 -----------------------------------------------------------------------------


def _looked_after(la_child_id: str, **episode: Any) -> Any:
    child: Any = ChildFactory(la_child_id=la_child_id, sex="M", ethnicity="XXXX", upn="UN2")
    decided_by: Any = UserFactory()
    period = PeriodOfCare.objects.create(
        child=child,
        start_date=date(2025, 6, 1),
        category_of_need="N1",
        decision_by=decided_by,
        decision_date=date(2025, 6, 1),
        decision_reason="Synthetic",
    )
    values = {
        "rne": "S",
        "legal_status": "V2",
        "category_of_need": "N1",
        "place": "U6",
        "place_provider": "PR1",
        "home_postcode": "E15 4HT",
        "placement_postcode": "E13 8SL",
        "urn": "SC100001",
    }
    Episode.objects.create(
        period=period,
        child=child,
        decom=date(2025, 6, 1),
        placement_started_on=date(2025, 6, 1),
        **{**values, **episode},
    )
    return child, period


def test_ssda903_placement_legal_status_and_ethnicity_failures_link_where_each_is_recorded(
    db: Any,
) -> None:
    placed, placed_period = _looked_after("FXP", place="ZZ9")
    ordered, ordered_period = _looked_after("FXL", legal_status="ZZ")

    rows = ssda903_failures(2026)

    placement = [
        row for row in rows if row.failure.code == "146" and row.failure.la_child_id == "FXP"
    ]
    assert [row.fix for row in placement] == [
        links.FixLink(
            reverse("children_in_care:placement", args=[placed.pk, placed_period.pk]), "Placement"
        )
    ]
    legal = [
        row
        for row in rows
        if row.failure.la_child_id == "FXL" and row.failure.location.startswith("Episodes")
    ]
    assert legal
    assert links.FixLink(
        reverse("children_in_care:legal_status", args=[ordered.pk, ordered_period.pk]),
        "Legal status",
    ) in {row.fix for row in legal}
    ethnicity = [row for row in rows if row.failure.code == "103"]
    assert {row.fix for row in ethnicity} == {
        links.FixLink(reverse("people:person_detail", args=[c.pk]), "Personal details")
        for c in (placed, ordered)
    }


def test_an_ssda903_placement_failure_on_an_ended_episode_links_to_its_correction_page() -> None:
    ended: dict[tuple[str, date | None], links.EpisodeRecord] = {
        ("R1", date(2025, 6, 1)): links.EpisodeRecord(
            child_id=9, period_id=4, current=False, episode_id=31
        )
    }
    fix = links.ssda903_link(
        table=t.EPISODES,
        row={"CHILD": "R1", "DECOM_d": date(2025, 6, 1)},
        fields=["PLACE"],
        person_id=9,
        episodes=ended,
    )
    assert fix == links.FixLink(
        reverse("children_in_care:episode_correct", args=[9, 31]), "Correct the episode"
    )


def test_an_ended_episode_failing_in_the_live_return_links_to_its_correction_page(
    db: Any,
) -> None:
    child, period = _looked_after("FXE", place="ZZ9", dec=date(2025, 9, 1), rec="E4A")
    period.end_date = date(2025, 9, 1)
    period.save(update_fields=["end_date"])
    episode = period.episodes.get()
    fixes = {row.fix for row in ssda903_failures(2026) if row.failure.code == "146"}
    assert fixes == {
        links.FixLink(
            reverse("children_in_care:episode_correct", args=[child.pk, episode.pk]),
            "Correct the episode",
        )
    }


def test_an_ssda903_mothers_date_of_birth_links_to_the_family() -> None:
    fix = links.ssda903_link(
        table=t.HEADER, row={"CHILD": "R1"}, fields=["SEX", "MC_DOB"], person_id=9, episodes={}
    )
    assert fix == links.FixLink(reverse("people:family", args=[9]), "Family")


def test_a_social_worker_rule_failing_on_an_episode_links_to_the_childs_allocations() -> None:
    fix = links.ssda903_link(
        table=t.EPISODES,
        row={"CHILD": "R1", "DECOM_d": date(2025, 6, 1)},
        fields=["SW_DECOM"],
        person_id=9,
        episodes={},
    )
    assert fix == links.FixLink(reverse("casework:child_detail", args=[9]), "Allocations")


def test_an_ssda903_review_failure_links_to_that_reviews_correction_page() -> None:
    fix = links.ssda903_link(
        table=t.REVIEWS,
        row={"CHILD": "R1", "REVIEW_d": date(2025, 7, 1)},
        fields=["REVIEW_CODE"],
        person_id=9,
        episodes={},
    )
    assert fix == links.FixLink(
        reverse("children_in_care:review_correct", args=[9, "2025-07-01"]), "Correct the review"
    )


def test_an_ssda903_review_failure_without_a_date_links_to_the_care_record() -> None:
    fix = links.ssda903_link(
        table=t.REVIEWS, row={"CHILD": "R1"}, fields=["REVIEW"], person_id=9, episodes={}
    )
    assert fix == links.FixLink(reverse("children_in_care:child", args=[9]), "Reviews")


def test_an_ssda903_episode_not_found_in_the_record_falls_back_to_the_care_record() -> None:
    fix = links.ssda903_link(
        table=t.EPISODES,
        row={"CHILD": "R1", "DECOM_d": date(2025, 6, 1)},
        fields=["PLACE"],
        person_id=9,
        episodes={},
    )
    assert fix is not None
    assert fix.url == reverse("children_in_care:child", args=[9])


def test_an_ssda903_failure_without_a_child_has_no_link() -> None:
    assert (
        links.ssda903_link(table=t.HEADER, row=None, fields=["CHILD"], person_id=None, episodes={})
        is None
    )


def test_ssda903_links_take_the_same_number_of_queries_for_one_failing_child_or_three(
    db: Any,
) -> None:
    _looked_after("FQ1", place="ZZ9")
    with CaptureQueriesContext(connection) as one:
        ssda903_failures(2026)
    _looked_after("FQ2", place="ZZ9")
    _looked_after("FQ3", place="ZZ9")
    with CaptureQueriesContext(connection) as three:
        rows = ssda903_failures(2026)
    assert len([row for row in rows if row.failure.code == "146"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)
