"""The improvement plan (areas from the inspection, RAG history, actions with owners and
dates, progress and evidence, overdue visible) and leadership engagement."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hearth.casework.selectors import my_work
from hearth.core.concurrency import token_in
from hearth.oversight import selectors, services
from hearth.oversight.models import ImprovementArea, ImprovementProgress

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 10, 12, 0)
TODAY = dt.date(2026, 3, 10)


def _area():
    area, _ = ImprovementArea.objects.get_or_create(
        number=5,
        defaults={"title": "The regularity and quality of staff supervision"},
    )
    return area


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_plan_starts_from_the_inspections_list_of_what_needs_to_improve():
    # Seeded by migration 0003 (which a transactional test elsewhere may have flushed); the
    # service puts back what is missing and is idempotent.
    services.improvement_areas_seed()
    assert services.improvement_areas_seed() == 0
    titles = list(ImprovementArea.objects.values_list("title", flat=True))
    assert len(titles) == 11
    assert titles[0].startswith("Senior leadership urgency")
    assert any("return home interviews" in t for t in titles)


@time_machine.travel(NOW, tick=False)
def test_an_action_needs_an_owner_and_date_and_only_plan_owners_add_one(
    senior_leader, team_manager, social_worker
):
    area = _area()
    with pytest.raises(PermissionDenied):
        services.improvement_action_add(
            user=social_worker, area=area, description="x", owner=team_manager, due_on=TODAY
        )
    with pytest.raises(ValidationError):
        services.improvement_action_add(
            user=senior_leader, area=area, description=" ", owner=team_manager, due_on=TODAY
        )
    action = services.improvement_action_add(
        user=senior_leader,
        area=area,
        description="Audit supervision records monthly",
        owner=team_manager,
        due_on=dt.date(2026, 4, 30),
    )
    assert action.status == "not_started"
    assert action.created_by == senior_leader


@time_machine.travel(NOW, tick=False)
def test_completing_an_action_needs_evidence_of_impact_and_keeps_the_progress_history(
    senior_leader, team_manager, colleague
):
    action = services.improvement_action_add(
        user=senior_leader,
        area=_area(),
        description="Reflective supervision training for all managers",
        owner=team_manager,
        due_on=dt.date(2026, 3, 31),
    )
    with pytest.raises(PermissionDenied):
        services.improvement_action_progress(
            user=colleague, action=action, recorded_on=TODAY, status="in_progress", note="x"
        )
    services.improvement_action_progress(
        user=team_manager,
        action=action,
        recorded_on=dt.date(2026, 3, 2),
        status="in_progress",
        note="Two of four sessions held",
    )
    with pytest.raises(ValidationError) as no_evidence:
        services.improvement_action_progress(
            user=team_manager, action=action, recorded_on=TODAY, status="complete", note="Done"
        )
    assert "evidence" in no_evidence.value.message_dict
    services.improvement_action_progress(
        user=team_manager,
        action=action,
        recorded_on=TODAY,
        status="complete",
        note="All sessions held",
        evidence="Audit: reflective discussion recorded in 18 of 20 supervisions (was 6 of 20)",
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("complete", TODAY)
    assert ImprovementProgress.objects.filter(action=action).count() == 2


@time_machine.travel(NOW, tick=False)
def test_overdue_actions_show_on_the_plan_and_on_the_owners_my_work(senior_leader, team_manager):
    area = _area()
    services.improvement_action_add(
        user=senior_leader,
        area=area,
        description="Publish the supervision policy",
        owner=team_manager,
        due_on=dt.date(2026, 3, 1),
    )
    [row] = [r for r in selectors.improvement_plan(TODAY) if r.area.pk == area.pk]
    assert (row.open, row.overdue, row.complete) == (1, 1, 0)
    page = _client(senior_leader).get("/oversight/improvement/").content.decode()
    assert "1 action is overdue" in page
    [panel] = [p for p in my_work(team_manager, TODAY).panels if "oversight" in p.template]
    assert [a.description for a in panel.context["improvement_actions"]] == [
        "Publish the supervision policy"
    ]
    html = _client(team_manager).get("/my-work/").content.decode()
    assert "Publish the supervision policy" in html


@time_machine.travel(NOW, tick=False)
def test_a_rating_needs_a_reason_and_the_latest_is_the_current_one(senior_leader):
    area = _area()
    with pytest.raises(ValidationError):
        services.improvement_area_rate(
            user=senior_leader, area=area, rag="red", rated_on=TODAY, note=""
        )
    services.improvement_area_rate(
        user=senior_leader, area=area, rag="red", rated_on=dt.date(2026, 1, 5), note="No audit"
    )
    services.improvement_area_rate(
        user=senior_leader, area=area, rag="amber", rated_on=TODAY, note="Audits started"
    )
    [row] = [r for r in selectors.improvement_plan(TODAY) if r.area.pk == area.pk]
    assert row.rating.rag == "amber"
    page = _client(senior_leader).get(f"/oversight/improvement/areas/{area.pk}/")
    assert "Amber" in page.content.decode() and "Red" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_plan_pages_use_a_fixed_number_of_queries(
    senior_leader, team_manager, django_assert_max_num_queries
):
    area = _area()
    for n in range(5):
        services.improvement_action_add(
            user=senior_leader,
            area=area,
            description=f"Action {n}",
            owner=team_manager,
            due_on=dt.date(2026, 3, 1 + n),
        )
    client = _client(senior_leader)
    with django_assert_max_num_queries(12):
        assert client.get("/oversight/improvement/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_rating_form_shows_govuk_errors_and_saves_nothing(senior_leader):
    area = _area()
    response = _client(senior_leader).post(
        f"/oversight/improvement/areas/{area.pk}/rate/", {"rag": "", "note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select the RAG rating" in html
    assert not area.ratings.exists()


@time_machine.travel(NOW, tick=False)
def test_a_leader_records_what_staff_said_and_later_what_changed(senior_leader, team_a):
    engagement = services.leadership_engagement_record(
        user=senior_leader,
        kind="practice_week",
        held_on=dt.date(2026, 3, 2),
        team=team_a,
        staff_count=9,
        heard="Duty rota leaves no time for reflective supervision.",
        area=_area(),
    )
    with pytest.raises(ValidationError):
        services.leadership_engagement_change(
            user=senior_leader, engagement=engagement, changed="x", changed_on=dt.date(2026, 3, 1)
        )
    url = f"/oversight/leadership/{engagement.pk}/change/"
    client = _client(senior_leader)
    response = client.post(
        url,
        {
            "edit_token": token_in(client.get(url).content.decode()),  # as a browser posts it
            "changed": "Protected supervision afternoon every other Thursday.",
            "changed_on-day": "9",
            "changed_on-month": "3",
            "changed_on-year": "2026",
        },
    )
    assert response.status_code == 302
    page = _client(senior_leader).get("/oversight/leadership/").content.decode()
    assert "Protected supervision afternoon" in page
    assert "something changed as a result of 1" in page


@time_machine.travel(NOW, tick=False)
def test_only_senior_leaders_and_service_managers_record_engagement(social_worker, team_manager):
    for user in (social_worker, team_manager):
        with pytest.raises(PermissionDenied):
            services.leadership_engagement_record(
                user=user,
                kind="staff_forum",
                held_on=TODAY,
                team=None,
                staff_count=30,
                heard="x",
            )
        assert _client(user).get("/oversight/leadership/new/").status_code == 404


def test_partner_agencies_do_not_see_the_plan_or_staff_feedback(partner_referrer):
    client = _client(partner_referrer)
    assert client.get("/oversight/improvement/").status_code == 404
    assert client.get("/oversight/leadership/").status_code == 404
