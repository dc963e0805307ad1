from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.assessments.services import cin_episode_open
from hearth.casework.models import ChronologyEntry
from hearth.child_protection import services
from hearth.child_protection.models import (
    CINPlanEndReason,
    CINReviewDecision,
    ConferenceDecision,
    ConferenceKind,
    CPPlanEndReason,
    GatewayDecision,
    PLOMeetingDecision,
    PLOMeetingKind,
    PoliceActionKind,
    Section47Enquiry,
    StrategyDecision,
)
from hearth.child_protection.tests.conftest import POLICE_AND_SOCIAL_CARE
from hearth.core.models import AuditEntry
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


# --- Strategy discussions and enquiries -----------------------------------------------------


def test_a_strategy_discussion_deciding_on_a_joint_s47_starts_an_enquiry_on_its_date(strategy):
    discussion = strategy(date(2026, 5, 20))
    enquiry = discussion.enquiry
    assert enquiry.start_date == date(2026, 5, 20)
    assert enquiry.joint_agreed
    assert [h.status for h in enquiry.history.all()] == ["open"]
    assert AuditEntry.objects.filter(object_type="child_protection.section47enquiry").exists()
    assert ChronologyEntry.objects.filter(
        source_type="child_protection.strategydiscussion"
    ).exists()


def test_only_police_and_social_care_needs_a_reason(strategy):
    with pytest.raises(ValidationError) as error:
        strategy(date(2026, 5, 20), participants=POLICE_AND_SOCIAL_CARE)
    assert "agencies_reason" in error.value.message_dict
    discussion = strategy(
        date(2026, 5, 20), participants=POLICE_AND_SOCIAL_CARE, agencies_reason="Out of hours"
    )
    assert discussion.agencies_reason == "Out of hours"


def test_a_strategy_discussion_needs_social_care(strategy):
    with pytest.raises(ValidationError):
        strategy(date(2026, 5, 20), participants=POLICE_AND_SOCIAL_CARE[1:], agencies_reason="x")


def test_a_later_discussion_never_resets_the_enquiry_start(strategy):
    first = strategy(date(2026, 5, 20))
    later = strategy(date(2026, 6, 3), decision=StrategyDecision.S47_SINGLE)
    assert later.follow_up_of == first.enquiry
    assert Section47Enquiry.objects.count() == 1
    first.enquiry.refresh_from_db()
    assert first.enquiry.start_date == date(2026, 5, 20)


def test_no_s47_decision_starts_no_enquiry(strategy):
    strategy(date(2026, 5, 20), decision=StrategyDecision.NO_S47)
    assert not Section47Enquiry.objects.exists()


def test_a_discussion_before_the_referral_is_refused(strategy):
    with pytest.raises(ValidationError):
        strategy(date(2026, 4, 30))


def test_no_enquiry_on_an_nfa_referral(social_worker, today):
    child = ChildFactory()
    nfa = cin_episode_open(
        user=social_worker,
        child=child,
        referral_date=date(2026, 5, 1),
        referral_source="1A",
        referral_nfa=True,
    )
    with pytest.raises(ValidationError):
        services.strategy_discussion_record(
            user=social_worker,
            child=child,
            episode=nfa,
            kind="discussion",
            held_on=date(2026, 5, 20),
            participants=POLICE_AND_SOCIAL_CARE,
            agencies_reason="x",
            information_shared="i",
            safety_actions="s",
            decision=StrategyDecision.S47_SINGLE,
            rationale="r",
        )


def test_icpc_target_is_15_working_days_after_the_start_counting_bank_holidays(strategy):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    # 25 May 2026 is the spring bank holiday, so the target is Thursday 11 June, not 10 June.
    assert enquiry.icpc_target == date(2026, 6, 11)


def test_icpc_target_never_falls_on_a_weekend(strategy):
    for day in range(18, 23):  # a discussion on each weekday of one week
        enquiry = Section47Enquiry(start_date=date(2026, 5, day))
        assert enquiry.icpc_target.weekday() < 5


def test_abe_interview_without_a_social_worker_needs_a_reason_and_is_flagged(
    strategy, social_worker
):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError):
        services.police_action_record(
            user=social_worker,
            enquiry=enquiry,
            kind=PoliceActionKind.ABE_INTERVIEW,
            action_date=date(2026, 5, 21),
            social_worker_present=False,
        )
    action = services.police_action_record(
        user=social_worker,
        enquiry=enquiry,
        kind=PoliceActionKind.ABE_INTERVIEW,
        action_date=date(2026, 5, 21),
        social_worker_present=False,
        no_social_worker_reason="No worker free",
    )
    assert action.abe_without_social_worker


def test_abe_interview_must_say_whether_a_social_worker_was_present(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError):
        services.police_action_record(
            user=social_worker,
            enquiry=enquiry,
            kind=PoliceActionKind.ABE_INTERVIEW,
            action_date=date(2026, 5, 21),
        )


def test_a_joint_enquiry_carried_out_single_agency_is_flagged(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError):
        services.enquiry_conclude(
            user=social_worker,
            enquiry=enquiry,
            outcome="NFA",
            outcome_date=date(2026, 6, 1),
            icpc_required=False,
        )
    enquiry = services.enquiry_conclude(
        user=social_worker,
        enquiry=enquiry,
        outcome="NFA",
        outcome_date=date(2026, 6, 1),
        icpc_required=False,
        carried_out_jointly=False,
        single_agency_reason="Police withdrew",
    )
    assert enquiry.joint_not_carried_out
    assert enquiry.icpc_not_required
    assert [h.status for h in enquiry.history.all()] == ["open", "concluded"]


def test_an_outcome_of_icpc_requires_a_conference(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 20), decision=StrategyDecision.S47_SINGLE).enquiry
    with pytest.raises(ValidationError):
        services.enquiry_conclude(
            user=social_worker,
            enquiry=enquiry,
            outcome="ICPC",
            outcome_date=date(2026, 6, 1),
            icpc_required=False,
        )


def test_an_unknown_outcome_code_is_refused(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 20), decision=StrategyDecision.S47_SINGLE).enquiry
    with pytest.raises(ValidationError):
        services.enquiry_conclude(
            user=social_worker,
            enquiry=enquiry,
            outcome="ZZZ",
            outcome_date=date(2026, 6, 1),
            icpc_required=False,
        )


def test_enquiries_do_not_overlap(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 6), decision=StrategyDecision.S47_SINGLE).enquiry
    services.enquiry_conclude(
        user=social_worker,
        enquiry=enquiry,
        outcome="NFA",
        outcome_date=date(2026, 5, 20),
        icpc_required=False,
    )
    with pytest.raises(ValidationError):
        strategy(date(2026, 5, 19), decision=StrategyDecision.S47_SINGLE)
    assert strategy(date(2026, 5, 21), decision=StrategyDecision.S47_SINGLE).enquiry


# --- Conferences and CP plans ---------------------------------------------------------------


def test_an_icpc_starts_a_plan_on_the_conference_date(strategy, icpc):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    conference = icpc(enquiry, date(2026, 6, 8))
    plan = conference.plan_started
    assert plan.start_date == conference.held_on == date(2026, 6, 8)
    assert plan.initial_category == plan.latest_category == "NEG"
    assert plan.previous_plans == 0
    enquiry.refresh_from_db()
    assert enquiry.outcome == "ICPC" and enquiry.icpc_required is True
    assert conference.attendees.count() == 2


def test_the_chair_must_be_an_iro(strategy, icpc, team_manager):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError) as error:
        icpc(enquiry, date(2026, 6, 8), chair=team_manager)
    assert "chair" in error.value.message_dict


def test_a_conference_on_a_weekend_is_refused(strategy, icpc):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError):
        icpc(enquiry, date(2026, 6, 6))


def test_a_plan_needs_a_category_of_abuse(strategy, icpc):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    with pytest.raises(ValidationError):
        icpc(enquiry, date(2026, 6, 8), category="")
    with pytest.raises(ValidationError):
        icpc(enquiry, date(2026, 6, 8), category="XYZ")


def test_only_one_open_cp_plan(strategy, icpc, social_worker, allocated_child, episode, iro):
    icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1))
    with pytest.raises(ValidationError):
        services.conference_record(
            user=social_worker,
            child=allocated_child,
            episode=episode,
            kind=ConferenceKind.TRANSFER_IN,
            transferred_from="Another borough",
            held_on=date(2026, 6, 8),
            chair=iro,
            parents_participation="attended",
            child_participation="worker",
            decision=ConferenceDecision.PLAN,
            category="PHY",
            rationale="r",
        )


def test_a_plan_cannot_end_on_the_day_it_started(strategy, icpc, social_worker):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 8)).plan_started
    with pytest.raises(ValidationError):
        services.cp_plan_end(
            user=social_worker, plan=plan, end_date=date(2026, 6, 8), reason=CPPlanEndReason.OTHER
        )
    services.cp_plan_end(
        user=social_worker, plan=plan, end_date=date(2026, 6, 9), reason=CPPlanEndReason.MOVED
    )
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 6, 9)
    assert [h.status for h in plan.history.all()] == ["open", "ended"]


def test_a_review_continues_with_the_latest_category_or_ends_the_plan(
    strategy, icpc, review, time_machine
):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1)).plan_started
    with pytest.raises(ValidationError):
        review(plan, date(2026, 6, 1))  # 8841: not on the plan's start day
    review(plan, date(2026, 6, 9))
    plan.refresh_from_db()
    assert plan.latest_category == "EMO" and plan.initial_category == "NEG"
    review(plan, date(2026, 6, 10), decision=ConferenceDecision.END, category="")
    plan.refresh_from_db()
    assert plan.end_date == date(2026, 6, 10)
    assert plan.end_reason == CPPlanEndReason.REVIEW


def test_a_second_plan_counts_previous_plans_and_is_flagged_within_two_years(
    social_worker, allocated_child, episode, iro, strategy, icpc, review
):
    first = icpc(strategy(date(2026, 5, 5)).enquiry, date(2026, 5, 12)).plan_started
    review(first, date(2026, 5, 26), decision=ConferenceDecision.END, category="")
    second = icpc(strategy(date(2026, 5, 27)).enquiry, date(2026, 6, 9)).plan_started
    assert second.previous_plans == 1
    assert second.is_repeat_within_two_years
    assert not first.is_repeat_within_two_years


def test_a_plan_beyond_18_months_is_flagged(strategy, icpc):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 8)).plan_started
    assert not plan.is_beyond_18_months(date(2027, 12, 8))
    assert plan.is_beyond_18_months(date(2027, 12, 9))


def test_a_cp_plan_ends_an_open_cin_plan_on_its_start_date(
    strategy, icpc, social_worker, allocated_child, episode
):
    cin = services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 8)).plan_started
    cin.refresh_from_db()
    assert cin.end_date == plan.start_date
    assert cin.end_reason == CINPlanEndReason.CP_PLAN


def test_core_group_records_attendance_and_action_progress(strategy, icpc, social_worker):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1)).plan_started
    member = services.core_group_member_add(
        user=social_worker,
        plan=plan,
        name="Ms School",
        agency="education",
        added_on=date(2026, 6, 1),
    )
    action = services.plan_action_add(
        user=social_worker,
        plan=plan,
        what="Parenting course",
        who="Mother",
        due_date=date(2026, 7, 1),
    )
    meeting = services.core_group_record(
        user=social_worker,
        plan=plan,
        held_on=date(2026, 6, 9),
        attended=[member],
        progress="Started well",
        action_updates={action.pk: ("in_progress", "Booked")},
    )
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert list(meeting.attended.all()) == [member]
    assert [u.status for u in action.updates.all()] == ["not_started", "in_progress"]


# --- CIN plans ------------------------------------------------------------------------------


def test_cin_plan_rules(social_worker, allocated_child, episode, strategy, icpc):
    with pytest.raises(ValidationError):  # 4015: before the referral
        services.cin_plan_start(
            user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 4, 1)
        )
    plan = services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    with pytest.raises(ValidationError):  # 4004: one open plan
        services.cin_plan_start(
            user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 12)
        )
    services.cin_plan_end(
        user=social_worker, plan=plan, end_date=date(2026, 5, 18), reason=CINPlanEndReason.OTHER
    )
    icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 6, 1))
    with pytest.raises(ValidationError):  # 4016: never during a CP plan
        services.cin_plan_start(
            user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 6, 2)
        )
    with pytest.raises(ValidationError):  # 4014: no overlap with the earlier CIN plan
        services.cin_plan_start(
            user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 15)
        )


def test_no_cin_plan_on_an_nfa_referral(social_worker, today):
    child = ChildFactory()
    nfa = cin_episode_open(
        user=social_worker,
        child=child,
        referral_date=date(2026, 5, 1),
        referral_source="1A",
        referral_nfa=True,
    )
    with pytest.raises(ValidationError):
        services.cin_plan_start(
            user=social_worker, child=child, episode=nfa, start_date=date(2026, 5, 5)
        )


def test_a_cin_plan_drifts_after_the_configured_months_without_an_exit_plan(
    social_worker, allocated_child, episode, settings
):
    plan = services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    assert not plan.is_drifting(date(2027, 2, 11))
    assert plan.is_drifting(date(2027, 2, 12))
    settings.HEARTH = {**settings.HEARTH, "CIN_PLAN_DRIFT_MONTHS": 12}
    assert not plan.is_drifting(date(2027, 2, 12))
    services.cin_review_record(
        user=social_worker,
        plan=plan,
        held_on=date(2026, 6, 1),
        progress="p",
        decision=CINReviewDecision.STEP_DOWN,
        exit_plan="Step down to early help in July",
    )
    settings.HEARTH = {**settings.HEARTH, "CIN_PLAN_DRIFT_MONTHS": 9}
    assert not plan.is_drifting(date(2027, 6, 1))


def test_a_step_down_review_needs_the_exit_plan(social_worker, allocated_child, episode):
    plan = services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 5, 11)
    )
    with pytest.raises(ValidationError):
        services.cin_review_record(
            user=social_worker,
            plan=plan,
            held_on=date(2026, 6, 1),
            progress="p",
            decision=CINReviewDecision.CLOSE,
        )


# --- Pre-proceedings ------------------------------------------------------------------------


def test_pre_proceedings_from_gateway_to_issue(social_worker, allocated_child, episode):
    plo = services.plo_start(
        user=social_worker,
        child=allocated_child,
        episode=episode,
        gateway_date=date(2026, 5, 12),
        gateway_decision=GatewayDecision.PRE_PROCEEDINGS,
    )
    assert plo.is_open
    with pytest.raises(ValidationError):
        services.plo_start(
            user=social_worker,
            child=allocated_child,
            episode=episode,
            gateway_date=date(2026, 5, 13),
            gateway_decision=GatewayDecision.PRE_PROCEEDINGS,
        )
    services.plo_letter_sent(user=social_worker, plo=plo, sent_on=date(2026, 5, 14))
    services.plo_meeting_record(
        user=social_worker,
        plo=plo,
        kind=PLOMeetingKind.INITIAL,
        held_on=date(2026, 5, 21),
        decision=PLOMeetingDecision.CONTINUE,
    )
    with pytest.raises(ValidationError):
        services.plo_meeting_record(
            user=social_worker,
            plo=plo,
            kind=PLOMeetingKind.REVIEW,
            held_on=date(2026, 6, 9),
            decision=PLOMeetingDecision.ISSUE,
        )
    services.plo_meeting_record(
        user=social_worker,
        plo=plo,
        kind=PLOMeetingKind.REVIEW,
        held_on=date(2026, 6, 9),
        decision=PLOMeetingDecision.ISSUE,
        court_application_date=date(2026, 6, 10),
    )
    plo.refresh_from_db()
    assert plo.outcome == "issue" and not plo.is_open
    assert [h.status for h in plo.history.all()] == ["open", "ended"]


# --- Closure hook ---------------------------------------------------------------------------


def test_an_episode_cannot_close_with_open_enquiries_or_plans(
    strategy, social_worker, allocated_child, episode
):
    enquiry = strategy(date(2026, 5, 20), decision=StrategyDecision.S47_SINGLE).enquiry
    problems = services.episode_closure_problems(episode, date(2026, 6, 10))
    assert any("section 47" in p for p in problems)
    services.enquiry_conclude(
        user=social_worker,
        enquiry=enquiry,
        outcome="S17",
        outcome_date=date(2026, 6, 1),
        icpc_required=False,
    )
    services.cin_plan_start(
        user=social_worker, child=allocated_child, episode=episode, start_date=date(2026, 6, 2)
    )
    problems = services.episode_closure_problems(episode, date(2026, 6, 10))
    assert problems == [
        "End the child in need plan started on 2 June 2026 before closing the episode"
    ]


def test_the_closure_check_is_registered_with_the_assessments_app():
    from hearth.assessments.services import CLOSURE_CHECKS

    assert services.episode_closure_problems in CLOSURE_CHECKS
