import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hearth.casework.models import ChronologyEntry
from hearth.oversight import rules, selectors, services
from hearth.oversight.models import OversightAction, OversightEntry, SupervisionSession

pytestmark = pytest.mark.django_db


def test_supervision_is_due_a_month_after_the_agreement_starts(agreement):
    due = rules.supervision_due(agreement, None, dt.date(2026, 1, 10))
    assert due.due == dt.date(2026, 2, 5)


def test_a_newly_qualified_social_worker_is_supervised_fortnightly_for_six_months(
    agreement, social_worker
):
    social_worker.qualified_on = dt.date(2025, 12, 1)
    social_worker.save()
    agreement.refresh_from_db()
    assert rules.supervision_due(agreement, dt.date(2026, 3, 2), dt.date(2026, 3, 3)).due == (
        dt.date(2026, 3, 16)
    )
    # Six months after qualifying, supervision is monthly again.
    assert rules.supervision_due(agreement, dt.date(2026, 6, 2), dt.date(2026, 6, 3)).due == (
        dt.date(2026, 7, 2)
    )


def test_the_agreement_frequency_overrides_the_standard(agreement):
    agreement.frequency = "six_weekly"
    assert rules.supervision_due(agreement, dt.date(2026, 3, 2), dt.date(2026, 3, 3)).due == (
        dt.date(2026, 4, 13)
    )


def test_the_monthly_interval_comes_from_settings(agreement, settings):
    settings.HEARTH = {**settings.HEARTH, "SUPERVISION_INTERVAL_MONTHS": 2}
    assert rules.supervision_due(agreement, dt.date(2026, 3, 2), None).due == dt.date(2026, 5, 2)


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_supervision_shows_as_overdue_for_the_team_once_the_month_has_passed(
    agreement, team_a, team_manager, social_worker
):
    services.supervision_record(
        user=team_manager, worker=social_worker, held_on=dt.date(2026, 2, 2), attendance="held"
    )
    # A cancelled supervision does not restart the clock.
    services.supervision_record(
        user=team_manager,
        worker=social_worker,
        held_on=dt.date(2026, 3, 3),
        attendance="cancelled_worker",
    )
    [row] = selectors.team_supervision([team_a.pk], dt.date(2026, 3, 10))
    assert row.due.due == dt.date(2026, 3, 2)
    assert row.due.is_overdue(dt.date(2026, 3, 10))


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_a_case_discussion_places_an_oversight_entry_with_its_action_on_the_childs_record(
    agreement, team_manager, social_worker, allocated_child
):
    session = services.supervision_record(
        user=team_manager,
        worker=social_worker,
        held_on=dt.date(2026, 3, 9),
        attendance="held",
        reflective={"worries": "Private reflection about the worker's confidence"},
        case_discussions=[
            services.CaseDiscussionInput(
                child=allocated_child,
                direction="Convene a strategy discussion about the new bruising",
                reasons="Second injury in a month",
                actions=[
                    services.ActionInput(
                        description="Arrange the strategy discussion",
                        owner=social_worker,
                        due_on=dt.date(2026, 3, 11),
                    )
                ],
            )
        ],
    )
    entry = OversightEntry.objects.get(child=allocated_child)
    assert entry.session == session
    assert entry.occasion == "supervision"
    assert entry.actions.get().owner == social_worker
    line = ChronologyEntry.objects.get(child=allocated_child, category="management_oversight")
    assert "strategy discussion" in line.summary
    assert "reflection" not in line.summary
    assert "reflection" not in entry.direction + entry.reasons


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_a_case_discussion_about_a_child_not_allocated_to_the_worker_is_refused(
    agreement, team_manager, social_worker, other_child
):
    with pytest.raises(ValidationError):
        services.supervision_record(
            user=team_manager,
            worker=social_worker,
            held_on=dt.date(2026, 3, 9),
            attendance="held",
            case_discussions=[
                services.CaseDiscussionInput(
                    child=other_child, direction="x", no_new_actions=True, no_actions_reason="y"
                )
            ],
        )
    assert not SupervisionSession.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_a_worker_cannot_record_their_own_supervision(agreement, social_worker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.supervision_record(
            user=social_worker,
            worker=social_worker,
            held_on=dt.date(2026, 3, 9),
            attendance="held",
        )


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_overdue_actions_show_for_both_the_worker_and_the_supervisor(
    agreement, team_manager, social_worker, allocated_child
):
    services.supervision_record(
        user=team_manager,
        worker=social_worker,
        held_on=dt.date(2026, 3, 2),
        attendance="held",
        actions=[
            services.ActionInput(
                description="Book the child development course",
                owner=social_worker,
                due_on=dt.date(2026, 3, 6),
            )
        ],
        case_discussions=[
            services.CaseDiscussionInput(
                child=allocated_child,
                direction="Visit with the health visitor",
                actions=[
                    services.ActionInput(
                        description="Joint visit", owner=social_worker, due_on=dt.date(2026, 3, 5)
                    )
                ],
            )
        ],
    )
    for user in (social_worker, team_manager):
        work = selectors.oversight_work(user, dt.date(2026, 3, 10))
        assert [a.description for a in work.supervision_actions] == [
            "Book the child development course"
        ]
        assert [a.description for a in work.oversight_actions] == ["Joint visit"]
    action = OversightAction.objects.get()
    services.oversight_action_complete(
        user=social_worker, action=action, completed_on=dt.date(2026, 3, 10)
    )
    assert selectors.oversight_work(team_manager, dt.date(2026, 3, 10)).oversight_actions == []


@time_machine.travel(dt.datetime(2026, 3, 10, 12, 0), tick=False)
def test_the_worktray_panel_for_my_work_lists_overdue_supervision_and_actions(
    agreement, team_manager, social_worker, rf
):
    from django.template.loader import render_to_string

    from hearth.core import worktray

    services.supervision_record(
        user=team_manager,
        worker=social_worker,
        held_on=dt.date(2026, 1, 5),
        attendance="held",
        actions=[
            services.ActionInput(
                description="Read the neglect toolkit",
                owner=social_worker,
                due_on=dt.date(2026, 2, 1),
            )
        ],
    )
    today = dt.date(2026, 3, 10)
    request = rf.get("/")
    request.user = team_manager
    [panel] = [p for p in worktray.panels(team_manager, today) if "oversight" in p.template]
    html = render_to_string(panel.template, {"panel": panel}, request=request)
    assert "Read the neglect toolkit" in html
    assert f"Supervision of {social_worker}" in html
