"""Optimistic concurrency on the plan's contingency plan (hearth.core.concurrency)."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.child_protection import services
from hearth.child_protection.models import CPPlan
from hearth.core.concurrency import carries_token
from hearth.core.tests.browser_form import form_data

pytestmark = pytest.mark.django_db


def test_a_stale_contingency_plan_edit_is_refused(
    strategy, icpc, social_worker, team_manager, allocated_child, signed_in
):
    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    url = reverse("child_protection:cp_plan", args=[allocated_child.pk, plan.pk])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    assert carries_token(page)
    data = form_data(page, containing="edit_token")
    services.plan_contingency_update(
        user=team_manager, plan=CPPlan.objects.get(pk=plan.pk), contingency_plan="Legal meeting"
    )
    data["contingency_plan"] = "Move to grandmother"
    data["action"] = "contingency"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page
    assert "Legal meeting" in page and 'id="edit-conflicts"' in page
    assert CPPlan.objects.get(pk=plan.pk).contingency_plan == "Legal meeting"


def test_a_stale_change_to_a_plan_actions_status_is_refused_then_saved_knowingly(
    strategy, icpc, social_worker, team_manager, allocated_child, signed_in
):
    from hearth.child_protection.models import PlanAction

    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    action = services.plan_action_add(
        user=social_worker,
        plan=plan,
        what="Parenting course",
        who="Mother",
        due_date=plan.start_date,
    )
    url = reverse("child_protection:cp_plan", args=[allocated_child.pk, plan.pk])
    client = signed_in(social_worker)
    data = form_data(client.get(url).content.decode(), containing="action_id")
    assert data["edit_token"]
    services.plan_action_update(
        user=team_manager, action=PlanAction.objects.get(pk=action.pk), status="dropped"
    )
    data["status"] = "done"
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    assert "No longer needed" in page  # the saved answer, beside theirs
    assert PlanAction.objects.get(pk=action.pk).status == "dropped"

    again = form_data(page, containing="action_id")
    again["status"] = "done"
    assert client.post(url, again).status_code == 302
    assert PlanAction.objects.get(pk=action.pk).status == "done"


def test_a_status_change_on_a_fresh_page_saves_at_once(
    strategy, icpc, social_worker, allocated_child, signed_in
):
    from hearth.child_protection.models import PlanAction

    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    action = services.plan_action_add(
        user=social_worker,
        plan=plan,
        what="Parenting course",
        who="Mother",
        due_date=plan.start_date,
    )
    url = reverse("child_protection:cp_plan", args=[allocated_child.pk, plan.pk])
    client = signed_in(social_worker)
    data = form_data(client.get(url).content.decode(), containing="action_id")
    data["status"] = "in_progress"
    assert client.post(url, data).status_code == 302
    assert PlanAction.objects.get(pk=action.pk).status == "in_progress"


def test_a_core_group_that_would_overwrite_a_newer_action_status_is_refused(
    strategy, icpc, social_worker, team_manager, allocated_child, signed_in
):
    from hearth.child_protection.models import CoreGroupMeeting, PlanAction

    plan = icpc(strategy(date(2026, 5, 20)).enquiry, date(2026, 5, 22)).plan_started
    action = services.plan_action_add(
        user=social_worker,
        plan=plan,
        what="Parenting course",
        who="Mother",
        due_date=plan.start_date,
    )
    url = reverse("child_protection:cp_plan", args=[allocated_child.pk, plan.pk])
    client = signed_in(social_worker)
    data = form_data(client.get(url).content.decode(), containing=f"status_{action.pk}")
    services.plan_action_update(
        user=team_manager, action=PlanAction.objects.get(pk=action.pk), status="in_progress"
    )
    data.update(
        {
            "action": "core_group",
            "held_on-day": "1",
            "held_on-month": "6",
            "held_on-year": "2026",
            "progress": "Mother started the course.",
        }
    )
    page = client.post(url, data).content.decode()
    assert "changed this record after you opened it" in page and 'id="edit-conflicts"' in page
    # The page as shown still said "Not started": saving it would have undone the change.
    assert "Parenting course" in page and "In progress" in page
    assert PlanAction.objects.get(pk=action.pk).status == "in_progress"
    assert not CoreGroupMeeting.objects.exists()
