from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hearth.casework import services as casework_services
from hearth.casework.models import CaseNoteType
from hearth.child_protection import extract, services
from hearth.child_protection.models import GatewayDecision, StrategyDecision
from hearth.child_protection.rules import (
    cin_review_due,
    cp_plan_due,
    icpc_due,
    plan_actions_due,
    plo_due,
)
from hearth.timescales.engine import registered_providers

pytestmark = pytest.mark.django_db


def _by_rule(items):
    return {i.rule.id: i for i in items}


def test_the_providers_are_registered():
    names = set(registered_providers())
    assert {
        "child_protection.icpc",
        "child_protection.cp_plans",
        "child_protection.cin_reviews",
        "child_protection.plan_actions",
        "child_protection.pre_proceedings",
    } <= names


def test_icpc_is_due_fifteen_working_days_after_the_strategy_discussion(
    strategy, allocated_child, today
):
    strategy(date(2026, 5, 20))
    (item,) = icpc_due([allocated_child.pk], today)
    assert item.due == date(2026, 6, 11)  # across the spring bank holiday
    assert "15 working days" in item.explanation
    assert item.status(today) == "due_soon"


def test_no_icpc_is_due_when_the_enquiry_concluded_none_was_needed(
    strategy, social_worker, allocated_child, today
):
    enquiry = strategy(date(2026, 5, 20), decision=StrategyDecision.S47_SINGLE).enquiry
    services.enquiry_conclude(
        user=social_worker,
        enquiry=enquiry,
        outcome="NFA",
        outcome_date=date(2026, 6, 1),
        icpc_required=False,
    )
    assert list(icpc_due([allocated_child.pk], today)) == []


def test_first_core_group_then_cadence_reviews_and_visits(
    strategy, icpc, social_worker, allocated_child, today, review
):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    items = _by_rule(cp_plan_due([allocated_child.pk], today))
    # 10 working days after Friday 22 May, skipping bank holiday Monday 25 May: 8 June.
    assert items["core_group_10wd"].due == date(2026, 6, 8)
    assert items["core_group_10wd"].is_overdue(today)
    assert items["cp_review_first_3m"].due == date(2026, 8, 22)
    assert items["cp_visit"].clock_start == date(2026, 5, 22)
    services.core_group_record(
        user=social_worker, plan=plan, held_on=date(2026, 6, 2), attended=[], progress="ok"
    )
    casework_services.case_note_finalise(
        user=social_worker,
        child=allocated_child,
        data={
            "note_type": CaseNoteType.HOME_VISIT,
            "contact_date": date(2026, 6, 5),
            "subject": "Visit",
            "who_was_seen": "Child",
            "child_seen": True,
            "body": "Seen.",
        },
    )
    review(plan, date(2026, 6, 9))
    items = _by_rule(cp_plan_due([allocated_child.pk], today))
    assert "core_group_10wd" not in items
    assert items["core_group_next"].due == date(2026, 7, 14)  # 6 weeks (setting)
    assert items["cp_review_6m"].due == date(2026, 12, 9)
    assert items["cp_visit"].clock_start == date(2026, 6, 5)
    assert items["cp_visit"].due == date(2026, 6, 19)


def test_core_group_cadence_follows_the_setting(
    strategy, icpc, social_worker, allocated_child, today, settings
):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    services.core_group_record(
        user=social_worker, plan=plan, held_on=date(2026, 6, 2), attended=[], progress="ok"
    )
    settings.HEARTH = {**settings.HEARTH, "CORE_GROUP_INTERVAL_WEEKS": 4}
    assert _by_rule(cp_plan_due([allocated_child.pk], today))["core_group_next"].due == date(
        2026, 6, 30
    )


def test_cin_review_due_at_the_settings_cadence(
    social_worker, allocated_child, episode, today, settings
):
    services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    (item,) = cin_review_due([allocated_child.pk], today)
    assert item.due == date(2026, 8, 11)
    settings.HEARTH = {**settings.HEARTH, "CIN_REVIEW_MONTHS": 1}
    (item,) = cin_review_due([allocated_child.pk], today)
    assert item.due == date(2026, 6, 11)


def test_overdue_and_soon_plan_actions_are_due_items(
    social_worker, allocated_child, episode, today
):
    plan = services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    late = services.plan_action_add(
        user=social_worker, plan=plan, what="School meeting", who="SW", due_date=date(2026, 6, 1)
    )
    services.plan_action_add(
        user=social_worker, plan=plan, what="Far off", who="SW", due_date=date(2026, 9, 1)
    )
    done = services.plan_action_add(
        user=social_worker, plan=plan, what="Done one", who="SW", due_date=date(2026, 6, 2)
    )
    services.plan_action_update(user=social_worker, action=done, status="done")
    items = list(plan_actions_due([allocated_child.pk], today))
    assert [i.subject for i in items] == [f"Plan action: {late.what}"]
    assert items[0].is_overdue(today)


def test_pre_proceedings_end_16_weeks_after_the_gateway(
    social_worker, allocated_child, episode, today, settings
):
    services.plo_start(
        user=social_worker,
        child=allocated_child,
        episode=episode,
        gateway_date=date(2026, 5, 12),
        gateway_decision=GatewayDecision.PRE_PROCEEDINGS,
    )
    (item,) = plo_due([allocated_child.pk], today)
    assert item.due == date(2026, 9, 1)
    settings.HEARTH = {**settings.HEARTH, "PLO_WEEKS": 12}
    (item,) = plo_due([allocated_child.pk], today)
    assert item.due == date(2026, 8, 4)


def test_child_protection_items_reach_my_work(strategy, social_worker, signed_in, today):
    strategy(date(2026, 5, 20))
    response = signed_in(social_worker).get(reverse("casework:my_work"))
    assert "Initial child protection conference" in response.content.decode()


def _count_provider_queries(child_ids, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        for provider in (icpc_due, cp_plan_due, cin_review_due, plan_actions_due, plo_due):
            list(provider(child_ids, today))
    return len(context)


def test_providers_make_a_fixed_number_of_queries(
    strategy, icpc, social_worker, allocated_child, today, iro
):
    from hearth.assessments.services import cin_episode_open
    from hearth.people.tests.factories import ChildFactory

    icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22))
    one = _count_provider_queries([allocated_child.pk], today)
    others = []
    for _ in range(3):
        child = ChildFactory()
        episode = cin_episode_open(
            user=social_worker,
            child=child,
            referral_date=date(2026, 5, 1),
            referral_source="1A",
            primary_need="N1",
        )
        plan = services.cin_plan_start(
            user=social_worker, child=child, episode=episode, start_date=date(2026, 5, 11)
        )
        services.plan_action_add(
            user=social_worker, plan=plan, what="x", who="y", due_date=date(2026, 6, 1)
        )
        others.append(child.pk)
    assert one == 6
    assert _count_provider_queries([allocated_child.pk, *others], today) == one


# --- Extracts -------------------------------------------------------------------------------


def test_census_section47_and_cp_plan_rows(strategy, icpc, review, allocated_child, today):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1)).plan_started
    review(plan, date(2026, 6, 9))
    (s47,) = extract.section47_rows(2026)
    assert s47["S47ActualStartDate"] == date(2026, 5, 20)
    assert s47["InitialCPCtarget"] == date(2026, 6, 11)
    assert s47["DateOfInitialCPC"] == date(2026, 6, 1)
    assert s47["ICPCnotRequired"] is False
    (row,) = extract.cp_plan_rows(2026)
    assert row["CPPstartDate"] == s47["DateOfInitialCPC"]
    assert row["InitialCategoryOfAbuse"] == "NEG" and row["LatestCategoryOfAbuse"] == "EMO"
    assert row["CPPreviewDate"] == [date(2026, 6, 9)]
    assert row["NumberOfPreviousCPP"] == 0
    assert extract.section47_rows(2024) == [] and extract.cp_plan_rows(2024) == []


def test_census_cin_plan_rows(social_worker, allocated_child, episode, today):
    services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    (row,) = extract.cin_plan_rows(2026)
    assert row["CINPlanStartDate"] == date(2026, 5, 11) and row["CINPlanEndDate"] is None


def test_annex_a_lists_5_6_and_7(strategy, icpc, allocated_child, today, social_worker):
    icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1))
    (five,) = extract.annex_a_list_5(today)
    assert five["Strategy discussion initiating Section 47 Enquiry Start Date"] == date(2026, 5, 20)
    assert five[
        "Did the Initial Child Protection Conference Result in a Child Protection Plan"
    ] == ("a) Yes")
    assert five["Number of ICPCs in the last 12 months"] == 1
    assert five["Allocated Worker"] == str(social_worker)
    (six,) = extract.annex_a_list_6(today)
    assert six["Case Status"] == "b) Child Protection plan"
    (seven,) = extract.annex_a_list_7(today)
    assert seven["Child Protection Plan Start Date"] == date(2026, 6, 1)
    assert seven["Number of Previous Child Protection Plans"] == 0
    assert seven["Date of the Last Statutory Visit"] is None


def test_annex_a_list_5_counts_a_no_conference_outcome(
    strategy, social_worker, allocated_child, today
):
    enquiry = strategy(date(2026, 5, 20), decision=StrategyDecision.S47_SINGLE).enquiry
    services.enquiry_conclude(
        user=social_worker,
        enquiry=enquiry,
        outcome="S17",
        outcome_date=date(2026, 6, 1),
        icpc_required=False,
    )
    (five,) = extract.annex_a_list_5(today)
    assert five["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert five["Date of Initial Child Protection Conference"] is None


def test_a_transfer_in_conference_starts_a_plan_and_is_reported_at_episode_level(
    social_worker, allocated_child, episode, iro, today
):
    conference = services.conference_record(
        user=social_worker,
        child=allocated_child,
        episode=episode,
        kind="transfer_in",
        transferred_from="Another borough",
        held_on=date(2026, 5, 14),
        chair=iro,
        parents_participation="attended",
        child_participation="worker",
        decision="plan",
        category="PHY",
        rationale="Plan continues after the move.",
    )
    assert conference.plan_started.start_date == date(2026, 5, 14)
    assert extract.episode_initial_cpc_dates(2026) == {episode.pk: date(2026, 5, 14)}
    assert extract.section47_rows(2026) == []
