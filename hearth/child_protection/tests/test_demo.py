from __future__ import annotations

from datetime import date

import pytest

from hearth.casework.tests.factories import AllocationFactory
from hearth.child_protection import extract, selectors
from hearth.child_protection.demo import SCENARIOS, child_protection_demo
from hearth.child_protection.models import CINPlan, CPPlan, PreProceedings, Section47Enquiry
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_the_demo_gives_safeguarding_children_every_stage(
    today, team_a, social_worker, team_manager, iro
):
    for _ in range(SCENARIOS):
        child = ChildFactory(date_of_birth=date(2016, 3, 1))
        AllocationFactory(
            child=child, team=team_a, worker=social_worker, start_date=date(2024, 1, 8)
        )
    counts = child_protection_demo(today=today, seed=7)
    assert sum(counts.values()) == SCENARIOS
    assert Section47Enquiry.objects.filter(joint_agreed=True, carried_out_jointly=False).exists()
    assert CPPlan.objects.filter(previous_plans__gte=1).exists()
    assert any(p.is_beyond_18_months(today) for p in CPPlan.objects.open())
    assert any(p.is_drifting(today) for p in CINPlan.objects.open())
    assert PreProceedings.objects.open().exists()
    report = selectors.manager_reports(team_manager, today)
    assert report.abe_without_social_worker and report.overdue_reviews
    assert report.police_and_social_care_only and report.drifting_cin_plans
    assert report.enquiries_without_decision
    assert extract.cp_plan_rows(2025) and extract.annex_a_list_7(today)
