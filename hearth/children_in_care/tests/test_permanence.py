"""The permanence tracker: every child in care, the plan, milestones and drift flags, in a
fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from hearth.children_in_care import selectors, services
from hearth.children_in_care.models import PermanenceOption


def _review(period, user, iro, on, **extra):
    return services.review_record(
        user=user,
        period=period,
        held_on=on,
        iro=iro,
        attendance="All",
        participation="PN1",
        views_sought="met_iro",
        child_views="Fine",
        **{"life_story_status": "not_started", **extra},
    )


def test_a_child_with_no_plan_after_the_second_review_was_due_is_flagged(
    period, social_worker, iro, team_manager, time_machine
):
    _review(period, social_worker, iro, date(2026, 5, 28))
    time_machine.move_to(datetime(2026, 9, 1, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    (row,) = selectors.permanence_tracker(team_manager, date(2026, 9, 1))
    assert "No permanence plan by the second review" in row.flags
    assert row.days_in_care == 123


def test_long_term_fostering_not_matched_and_no_progress_are_flagged(
    period, social_worker, team_manager, time_machine
):
    services.permanence_plan_record(
        user=social_worker,
        period=period,
        agreed_on=date(2026, 6, 1),
        plan=PermanenceOption.LONG_TERM_FOSTERING,
        contingency=PermanenceOption.RETURN_HOME,
        rationale="Return home ruled out",
    )
    (row,) = selectors.permanence_tracker(team_manager, date(2026, 6, 10))
    assert row.flags == ("Long-term fostering not matched", "Life-story work not started")
    services.life_story_record(
        user=social_worker,
        period=period,
        updated_on=date(2026, 6, 5),
        status="in_progress",
        worker="Social worker",
    )
    (row,) = selectors.permanence_tracker(team_manager, date(2026, 6, 10))
    assert row.flags == ("Long-term fostering not matched",)
    (row,) = selectors.permanence_tracker(team_manager, date(2027, 1, 10))
    assert "No progress for 6 months" in row.flags
    assert selectors.permanence_tracker(team_manager, date(2026, 6, 10), flagged_only=True)


def test_the_tracker_page_makes_a_fixed_number_of_queries(
    signed_in, team_manager, start, other_child, other_worker, django_assert_max_num_queries
):
    start()
    client = signed_in(team_manager)
    url = reverse("children_in_care:permanence")
    client.get(url)
    # Session, user and the tracker's ten reads; the same whatever the number of children.
    with django_assert_max_num_queries(16) as one:
        response = client.get(url)
    assert response.status_code == 200
    start(child=other_child, user=other_worker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_tracker_is_not_found_for_social_workers(signed_in, social_worker):
    assert signed_in(social_worker).get(reverse("children_in_care:permanence")).status_code == 404
