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
