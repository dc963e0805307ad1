from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments import rules, services
from hearth.assessments.models import AssessmentKind
from hearth.casework.selectors import my_work
from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory
from hearth.timescales.engine import due_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def winter(time_machine):
    time_machine.move_to(datetime(2026, 1, 5, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return date(2026, 1, 5)


def _items(child, today, rule_id=None):
    return [
        i for i in due_items([child.pk], today=today) if rule_id is None or i.rule.id == rule_id
    ]


def _open(user, child, on, **extra):
    return services.cin_episode_open(
        user=user, child=child, referral_date=on, referral_source="6", primary_need="N1", **extra
    )


def test_the_assessment_is_due_45_working_days_after_the_referral_across_christmas(
    social_worker, allocated_child, winter
):
    # Referral Monday 1 December 2025; 25 and 26 December and 1 January are bank holidays.
    _open(social_worker, allocated_child, date(2025, 12, 1))
    [item] = _items(allocated_child, winter, "assessment_45wd")
    assert item.due == date(2026, 2, 5)
    assert item.subject == "Start the child and family assessment"
    assert item.assignee_id is None
    assert "after the referral on 1 December 2025" in item.explanation


def test_once_started_the_item_is_the_workers_and_keeps_the_referral_clock(
    social_worker, allocated_child, winter
):
    episode = _open(social_worker, allocated_child, date(2025, 12, 1))
    services.assessment_start(user=social_worker, episode=episode, start_date=date(2025, 12, 29))
    [item] = _items(allocated_child, winter, "assessment_45wd")
    assert item.due == date(2026, 2, 5)
    assert item.assignee_id == social_worker.pk
    assert item.subject == "Complete the child and family assessment"


def test_a_continuous_assessment_is_timed_from_its_own_start(
    social_worker, allocated_child, winter
):
    episode = _open(social_worker, allocated_child, date(2025, 6, 2))
    services.assessment_start(
        user=social_worker,
        episode=episode,
        start_date=date(2025, 12, 22),
        kind=AssessmentKind.CONTINUOUS,
    )
    [item] = _items(allocated_child, winter, "assessment_45wd")
    # 22 Dec 2025 + 45 working days, skipping 25, 26 Dec and 1 Jan.
    assert item.due == date(2026, 2, 26)


def test_nothing_is_due_once_authorised_or_for_an_nfa_referral(
    authorised, allocated_child, other_worker, other_child, today
):
    assert _items(allocated_child, today, "assessment_45wd") == []
    services.cin_episode_open(
        user=other_worker,
        child=other_child,
        referral_date=date(2026, 2, 2),
        referral_source="6",
        referral_nfa=True,
    )
    assert _items(other_child, today) == [] or all(
        i.rule.id != "assessment_45wd" for i in _items(other_child, today)
    )


def test_a_submitted_assessment_is_due_for_authorisation_by_the_team_manager(
    started, submit, team_manager, allocated_child, today
):
    submit(started)
    [item] = _items(allocated_child, today, "assessment_authorisation")
    assert item.assignee_id == team_manager.pk
    assert item.clock_start == date(2026, 3, 10)
    assert item.due == date(2026, 3, 17)  # 5 working days
    assert "local policy" in item.explanation


def test_the_authorisation_cadence_follows_the_setting(
    started, submit, allocated_child, today, settings
):
    settings.HEARTH = {**settings.HEARTH, "ASSESSMENT_AUTHORISATION_WORKING_DAYS": 2}
    submit(started)
    [item] = _items(allocated_child, today, "assessment_authorisation")
    assert item.due == date(2026, 3, 12)


def test_the_assessment_appears_on_the_workers_my_work(started, social_worker, today):
    work = my_work(social_worker, today)
    subjects = [row.item.subject for row in work.due]
    assert "Complete the child and family assessment" in subjects


def test_the_providers_make_a_fixed_number_of_queries(
    social_worker, team_a, today, django_assert_num_queries
):
    children = []
    for n in range(6):
        child = ChildFactory()
        AllocationFactory(child=child, team=team_a, worker=social_worker)
        episode = _open(social_worker, child, date(2026, 1, 5 + n))
        assessment = services.assessment_start(
            user=social_worker, episode=episode, start_date=date(2026, 1, 13)
        )
        if n % 2:
            from hearth.assessments.tests.conftest import COMPLETE

            services.assessment_submit(
                user=social_worker,
                assessment=assessment,
                data=COMPLETE,
                version=1,
                factors=["21"],
                network=[],
            )
        children.append(child.pk)
    with django_assert_num_queries(2):
        assert len(list(rules.assessments_due(children, today))) == 6
    with django_assert_num_queries(1):
        assert len(list(rules.authorisations_due(children, today))) == 3
