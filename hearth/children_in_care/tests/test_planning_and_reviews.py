"""Care and placement plans, reviews (the child's views, participation, permanence by the
second review), IRO challenges, and the due items the timescale engine shows on My work."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.casework.models import CaseNote, CaseNoteStatus, CaseNoteType
from hearth.children_in_care import rules, selectors, services
from hearth.children_in_care.models import ChallengeStage, PermanenceOption
from hearth.children_in_care.services import ActionInput, DecisionInput
from hearth.children_in_care.tests.conftest import AGENCY, START
from hearth.children_in_care.validation import Placement
from hearth.timescales.engine import due_items

LONG_TERM = PermanenceOption.LONG_TERM_FOSTERING
RETURN_HOME = PermanenceOption.RETURN_HOME


def _due(child, today) -> dict[str, date]:
    return {i.rule.id: i.due for i in due_items([child.pk], today=today)}


def _review(period, user, iro, held_on, **overrides):
    values = {
        "user": user,
        "period": period,
        "held_on": held_on,
        "iro": iro,
        "attendance": "Amara, foster carer, social worker, IRO",
        "participation": "PN1",
        "views_sought": "met_iro",
        "child_views": "I like it here but I want to see my brother more.",
        "decisions": [DecisionInput("Arrange sibling contact", "Social worker", date(2026, 6, 30))],
        "life_story_status": "not_started",
    }
    values.update(overrides)
    return services.review_record(**values)


def _visit(child, user, on):
    return CaseNote.objects.create(
        child=child,
        note_type=CaseNoteType.STATUTORY_VISIT,
        contact_date=on,
        child_seen=True,
        child_seen_alone=True,
        status=CaseNoteStatus.FINAL,
        author=user,
        body="Visit",
    )


def test_first_review_is_due_twenty_working_days_after_becoming_looked_after(
    period, allocated_child, today
):
    # 1 May 2026 + 20 working days, skipping the 4 May and 25 May bank holidays.
    assert _due(allocated_child, today)[rules.FIRST_REVIEW] == date(2026, 6, 2)


def test_care_plan_is_due_ten_working_days_after_the_first_placement(
    period, allocated_child, today
):
    assert _due(allocated_child, today)[rules.CARE_PLAN] == date(2026, 5, 18)


def test_recording_the_care_plan_with_actions_satisfies_it(
    period, allocated_child, social_worker, today
):
    services.care_plan_record(
        user=social_worker,
        period=period,
        agreed_on=date(2026, 5, 12),
        summary="Safe care while the family is assessed",
        child_wishes="To go home",
        actions=[ActionInput("Arrange contact with mother", "Social worker", date(2026, 5, 20))],
    )
    assert rules.CARE_PLAN not in _due(allocated_child, today)
    assert period.care_plans.get().actions.count() == 1


def test_a_care_plan_without_actions_is_refused(period, social_worker):
    with pytest.raises(ValidationError, match="at least one action"):
        services.care_plan_record(
            user=social_worker,
            period=period,
            agreed_on=date(2026, 5, 12),
            summary="Plan",
            child_wishes="To go home",
            actions=[],
        )


def test_placement_plan_is_due_five_working_days_after_each_placement(
    period, allocated_child, social_worker, today
):
    assert _due(allocated_child, today)[rules.PLACEMENT_PLAN] == date(2026, 5, 11)
    episode = services.placement_change(
        user=social_worker,
        period=period,
        on=date(2026, 6, 5),
        placement=Placement(place="U6", place_provider="PR4", postcode=AGENCY, urn="SC654321"),
        reason_place_change="CARPL",
    )
    assert _due(allocated_child, today)[rules.PLACEMENT_PLAN] == date(2026, 6, 12)
    services.placement_plan_record(
        user=social_worker,
        episode=episode,
        agreed_on=date(2026, 6, 8),
        agreed_with_carer=True,
        summary="Carer supports school attendance",
        actions=[ActionInput("School transport", "Carer", date(2026, 6, 15))],
    )
    assert rules.PLACEMENT_PLAN not in _due(allocated_child, today)


def test_second_review_is_due_three_months_after_the_first_then_six_monthly(
    period, allocated_child, social_worker, iro, today
):
    _review(period, social_worker, iro, date(2026, 5, 28))
    assert _due(allocated_child, today)[rules.SECOND_REVIEW] == date(2026, 8, 28)
    assert rules.review_due(START, [date(2026, 5, 28), date(2026, 8, 20)])[0] == rules.LATER_REVIEW


def test_a_review_cannot_be_completed_without_the_childs_views(period, social_worker, iro):
    with pytest.raises(ValidationError) as excinfo:
        _review(period, social_worker, iro, date(2026, 5, 28), child_views="", views_sought="")
    errors = excinfo.value.message_dict
    assert errors["views_sought"] == ["Select how the child's views were sought"]
    assert "own words" in errors["child_views"][0]


def test_participation_code_pn0_is_only_for_children_under_four(period, social_worker, iro):
    with pytest.raises(ValidationError, match="rule 441"):
        _review(period, social_worker, iro, date(2026, 5, 28), participation="PN0")


def test_review_must_be_chaired_by_an_iro(period, social_worker):
    with pytest.raises(ValidationError, match="independent reviewing officer"):
        _review(period, social_worker, social_worker, date(2026, 5, 28))


def test_second_review_cannot_complete_without_a_permanence_plan(period, social_worker, iro):
    _review(period, social_worker, iro, date(2026, 5, 28))
    with pytest.raises(ValidationError) as excinfo:
        _review(period, social_worker, iro, date(2026, 6, 9))
    assert "permanence plan" in excinfo.value.message_dict["plan"][0]
    review = _review(
        period,
        social_worker,
        iro,
        date(2026, 6, 9),
        permanence={"plan": RETURN_HOME, "contingency": LONG_TERM, "rationale": "Mother engaging"},
    )
    assert review.permanence_plan.contingency == LONG_TERM


def test_the_parallel_plan_must_differ_from_the_permanence_plan(period, social_worker):
    with pytest.raises(ValidationError, match="twin tracking"):
        services.permanence_plan_record(
            user=social_worker,
            period=period,
            agreed_on=date(2026, 6, 1),
            plan=LONG_TERM,
            contingency=LONG_TERM,
            rationale="x",
        )


def test_iro_challenge_escalates_through_the_formal_stages_and_is_reported_while_open(
    period, iro, senior_leader, today
):
    challenge = services.iro_challenge_raise(
        user=iro,
        period=period,
        raised_on=date(2026, 5, 20),
        issue="No care plan after 10 working days",
        addressed_to="Social worker",
    )
    step = services.iro_challenge_escalate(
        user=iro,
        challenge=challenge,
        on=date(2026, 6, 1),
        outcome="No response",
        addressed_to="Team manager",
    )
    assert step.stage == ChallengeStage.FORMAL_1
    rows = selectors.open_challenges(senior_leader, today)
    assert [(r.challenge, r.days_open) for r in rows] == [(challenge, 21)]
    assert rows[0].respond_by == date(2026, 6, 8)
    services.iro_challenge_resolve(
        user=iro, challenge=challenge, on=date(2026, 6, 5), resolution="Plan agreed"
    )
    assert selectors.open_challenges(senior_leader, today) == []


def test_only_an_iro_can_raise_a_challenge(period, social_worker):
    with pytest.raises(ValidationError, match="Only an independent reviewing officer"):
        services.iro_challenge_raise(
            user=social_worker,
            period=period,
            raised_on=date(2026, 5, 20),
            issue="x",
            addressed_to="y",
        )


def test_first_visit_is_due_within_a_week_of_the_placement_then_six_weekly(
    period, allocated_child, social_worker, today
):
    assert _due(allocated_child, today)[rules.VISIT_FIRST_WEEK] == date(2026, 5, 8)
    _visit(allocated_child, social_worker, date(2026, 5, 6))
    assert _due(allocated_child, today)[rules.VISIT_6W] == date(2026, 6, 17)


def test_long_term_foster_placements_after_a_year_are_visited_three_monthly(period):
    episode = period.episodes.get()
    episode.place = "U4"
    rule_id, start, _ = rules.visit_due(
        episode, visits=[date(2027, 5, 10)], first_review=date(2026, 5, 20), order_start=START
    )
    assert (rule_id, start) == (rules.VISIT_3M, date(2027, 5, 10))


def test_a_child_placed_with_parents_is_visited_weekly_until_the_first_review(period):
    episode = period.episodes.get()
    episode.place = "P1"
    assert rules.visit_due(episode, visits=[], first_review=None, order_start=START)[0] == (
        rules.VISIT_WEEKLY
    )
    episode.legal_status = "C1"
    rule_id, _, _ = rules.visit_due(
        episode, visits=[date(2026, 5, 25)], first_review=date(2026, 5, 20), order_start=START
    )
    assert rule_id == rules.VISIT_4W
    episode.legal_status = "C2"
    assert rules.visit_due(episode, visits=[], first_review=None, order_start=START)[0] == (
        rules.VISIT_CARE_ORDER_HOME
    )


def test_bedroom_seen_is_recorded_against_a_visit_at_which_the_child_was_seen(
    period, allocated_child, social_worker
):
    note = _visit(allocated_child, social_worker, date(2026, 5, 6))
    assert selectors.visits_for_bedroom(allocated_child) == [note]
    services.cla_visit_record(user=social_worker, case_note=note, bedroom_seen=True)
    assert selectors.visits_for_bedroom(allocated_child) == []


def test_due_items_make_a_fixed_number_of_queries(
    start, allocated_child, other_child, other_worker, today, django_assert_num_queries
):
    start()
    start(child=other_child, user=other_worker)
    with django_assert_num_queries(5):
        list(rules.care_due([allocated_child.pk, other_child.pk], today))
