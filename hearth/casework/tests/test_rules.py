from datetime import date

import pytest

from hearth.casework import rules
from hearth.casework.tests.factories import AllocationFactory
from hearth.timescales.engine import due_items, registered_providers

pytestmark = pytest.mark.django_db


def _by_rule(items):
    return {item.rule.id: item for item in items}


def test_casework_providers_are_registered_with_the_engine():
    providers = registered_providers()
    assert providers["casework.visits"] is rules.visits_due
    assert providers["casework.case_note_drafts"] is rules.drafts_due


def test_the_first_visit_is_due_five_working_days_after_allocation(
    allocated_child, social_worker, today
):
    item = _by_rule(due_items([allocated_child.pk], today=today))["first_visit_after_allocation"]
    assert item.clock_start == date(2026, 1, 5)
    assert item.due == date(2026, 1, 12)
    assert item.status(today) == "overdue"
    assert item.assignee_id == social_worker.pk
    assert f"allocation to {social_worker} on 5 January 2026" in item.explanation


def test_a_visit_before_the_allocation_does_not_count_as_the_first_visit(
    allocated_child, social_worker, visit_note, today
):
    visit_note(allocated_child, social_worker, date(2025, 12, 15))
    items = _by_rule(due_items([allocated_child.pk], today=today))
    assert "first_visit_after_allocation" in items
    assert "allocated_child_visit" not in items


def test_after_a_visit_the_next_is_due_at_the_local_cadence_from_that_visit(
    allocated_child, social_worker, visit_note, today
):
    visit_note(allocated_child, social_worker, date(2026, 3, 2))
    items = _by_rule(due_items([allocated_child.pk], today=today))
    assert "first_visit_after_allocation" not in items
    visit = items["allocated_child_visit"]
    assert visit.clock_start == date(2026, 3, 2)
    assert visit.due == date(2026, 3, 30)
    assert visit.status(today) == "upcoming"


def test_a_visit_where_the_child_was_not_seen_does_not_satisfy_the_rule(
    allocated_child, social_worker, visit_note, today
):
    visit_note(allocated_child, social_worker, date(2026, 3, 2), child_seen=False)
    assert "first_visit_after_allocation" in _by_rule(due_items([allocated_child.pk], today=today))


def test_a_phone_call_is_not_a_visit(allocated_child, social_worker, visit_note, today):
    visit_note(allocated_child, social_worker, date(2026, 3, 2), note_type="phone_call")
    assert "first_visit_after_allocation" in _by_rule(due_items([allocated_child.pk], today=today))


def test_no_statutory_visit_is_due_on_a_case_a_personal_adviser_holds(
    allocated_child, social_worker, personal_adviser, today
):
    # The leaving care service times an adviser's contact (care_leavers.due), not casework.
    current = allocated_child.allocations.get()
    current.end_date = date(2026, 2, 1)
    current.save()
    AllocationFactory(
        child=allocated_child,
        worker=personal_adviser,
        team=current.team,
        start_date=date(2026, 2, 2),
    )
    items = _by_rule(due_items([allocated_child.pk], today=today))
    assert "first_visit_after_allocation" not in items
    assert "allocated_child_visit" not in items


def test_a_draft_case_note_is_due_to_be_finalised_the_next_working_day(
    allocated_child, social_worker, draft_note, today
):
    draft_note(allocated_child, social_worker, contact_date=date(2026, 3, 6))
    item = _by_rule(due_items([allocated_child.pk], today=today))["case_note_finalise"]
    assert item.clock_start == date(2026, 3, 6)
    assert item.due == date(2026, 3, 9)  # Friday's contact: due Monday
    assert item.status(today) == "overdue"
    assert item.assignee_id == social_worker.pk


def test_providers_make_a_fixed_number_of_queries(
    social_worker, team_a, caseload, django_assert_num_queries, today
):
    small = [c.pk for c in caseload(1)]
    with django_assert_num_queries(2):
        list(rules.visits_due(small, today))
    with django_assert_num_queries(1):
        list(rules.drafts_due(small, today))
    large = small + [c.pk for c in caseload(15)]
    for child_id in large[:3]:
        AllocationFactory(child_id=child_id, team=team_a, start_date=date(2026, 3, 1))
    with django_assert_num_queries(2):
        assert len(list(rules.visits_due(large, today))) == len(large)
    with django_assert_num_queries(1):
        assert len(list(rules.drafts_due(large, today))) == len(large)
