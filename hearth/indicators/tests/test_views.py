"""The dashboard and the drill-down: scopes by role, figures equal to their drill-down lists,
need-to-know in the list, and the audit entry."""

from __future__ import annotations

from datetime import date

import pytest

from hearth.core.models import AuditEntry
from hearth.indicators.base import Period
from hearth.indicators.library import REGISTRY
from hearth.indicators.scope import Scope, scope_from_key, scopes_for
from hearth.indicators.selectors import drill_down, indicator_figure

pytestmark = pytest.mark.django_db

AS_OF = "as_of-day=31&as_of-month=3&as_of-year=2026"


@pytest.fixture
def nfa_referrals(records, allocated_child, other_child):
    """One NFA referral for each persona child in 2025-26, and one more (not NFA) for the
    allocated child."""
    records.episode(allocated_child, date(2025, 6, 2), closed=date(2025, 6, 2), nfa=True)
    records.episode(allocated_child, date(2025, 9, 1))
    records.episode(other_child, date(2025, 7, 1), closed=date(2025, 7, 1), nfa=True)


def test_a_team_scope_counts_only_the_teams_children(nfa_referrals, team_a, team_b):
    period = Period(date(2025, 4, 1), date(2026, 3, 31))
    nfa = REGISTRY["referrals_nfa"]
    borough = indicator_figure(indicator=nfa, period=period)
    team = indicator_figure(indicator=nfa, period=period, scope=Scope("team", team_a.pk, "A"))
    other = indicator_figure(indicator=nfa, period=period, scope=Scope("team", team_b.pk, "B"))
    assert (borough.numerator, borough.denominator) == (2, 3)
    assert (team.numerator, team.denominator) == (1, 2)
    assert (other.numerator, other.denominator) == (1, 1)


def test_scopes_follow_need_to_know(senior_leader, team_manager, social_worker, team_a, team_b):
    assert scopes_for(senior_leader)[0].key == "borough"
    manager_keys = {s.key for s in scopes_for(team_manager)}
    assert f"team:{team_a.pk}" in manager_keys
    assert f"team:{team_b.pk}" not in manager_keys and "borough" not in manager_keys
    assert f"worker:{social_worker.pk}" in manager_keys
    assert [s.key for s in scopes_for(social_worker)] == [f"worker:{social_worker.pk}"]
    assert scope_from_key(social_worker, f"team:{team_a.pk}") is None


def test_the_dashboard_shows_each_figure_with_target_status_and_period(
    signed_in, senior_leader, nfa_referrals
):
    response = signed_in(senior_leader).get(f"/indicators/?{AS_OF}&scope=borough")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Performance: The borough" in page
    assert "Referrals leading to no further action" in page
    assert "66.7%" in page and "2 of 3" in page
    assert "Red: off target" in page
    assert "1 April 2025 to 31 March 2026" in page
    assert "Lower is better" in page


def test_the_drill_down_lists_as_many_records_as_the_figure_counts(
    signed_in, senior_leader, nfa_referrals, allocated_child, other_child
):
    response = signed_in(senior_leader).get(
        f"/indicators/referrals_nfa/children/?{AS_OF}&scope=borough"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "In the numerator (2)" in page and "The rest of the denominator (1)" in page
    assert "Amara Okafor" in page and "Ben Taylor" in page
    period = Period(date(2025, 4, 1), date(2026, 3, 31))
    fig = indicator_figure(indicator=REGISTRY["referrals_nfa"], period=period)
    listed = drill_down(user=senior_leader, rows=fig.numerator_rows)
    assert len(listed.rows) == fig.numerator == 2 and listed.hidden == 0


def test_a_worker_sees_their_own_figures_and_only_their_own_children(
    signed_in, social_worker, nfa_referrals, allocated_child, other_child
):
    client = signed_in(social_worker)
    page = client.get(f"/indicators/referrals_nfa/children/?{AS_OF}")
    assert page.status_code == 200
    content = page.content.decode()
    # Their own scope: both of the allocated child's referrals, one of them NFA.
    assert "In the numerator (1)" in content and "Amara Okafor" in content
    assert "Ben Taylor" not in content


def test_a_manager_asking_for_another_teams_figures_gets_not_found(signed_in, team_manager, team_b):
    response = signed_in(team_manager).get(f"/indicators/?{AS_OF}&scope=team:{team_b.pk}")
    assert response.status_code == 404
    response = signed_in(team_manager).get(
        f"/indicators/referrals_nfa/children/?{AS_OF}&scope=team:{team_b.pk}"
    )
    assert response.status_code == 404


def test_an_outsider_sees_no_child_outside_their_circle_in_the_drill_down(
    signed_in, other_worker, nfa_referrals, allocated_child
):
    page = signed_in(other_worker).get(f"/indicators/referrals_nfa/children/?{AS_OF}")
    assert page.status_code == 200
    assert "Amara" not in page.content.decode()
    period = Period(date(2025, 4, 1), date(2026, 3, 31))
    fig = indicator_figure(indicator=REGISTRY["referrals_nfa"], period=period)
    listed = drill_down(user=other_worker, rows=fig.numerator_rows)
    assert allocated_child.pk not in {r.child.pk for r in listed.rows}
    assert listed.hidden == 1


def test_an_unknown_indicator_is_not_found(signed_in, senior_leader):
    response = signed_in(senior_leader).get("/indicators/no_such_thing/children/")
    assert response.status_code == 404


def test_opening_the_children_behind_a_figure_is_audited(
    signed_in, senior_leader, nfa_referrals, allocated_child, other_child
):
    signed_in(senior_leader).get(f"/indicators/referrals_nfa/children/?{AS_OF}&scope=borough")
    entry = AuditEntry.objects.filter(
        object_type="indicators.indicator", object_id="referrals_nfa"
    ).get()
    assert entry.actor == senior_leader
    assert entry.changes["children"] == sorted([allocated_child.pk, other_child.pk])


def test_a_bad_date_gets_an_error_summary(signed_in, senior_leader):
    response = signed_in(senior_leader).get(
        "/indicators/?as_of-day=31&as_of-month=2&as_of-year=2026"
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_command_prints_the_same_figures(nfa_referrals, capsys):
    from django.core.management import call_command

    call_command("indicators", "show", "--as-of", "2026-03-31", "--id", "referrals_nfa")
    out = capsys.readouterr().out
    assert out.startswith("referrals_nfa\t66.7%\t2/3\tred")


def test_the_command_prints_a_collection_year_as_json_and_csv(nfa_referrals, capsys):
    import json

    from django.core.management import call_command

    call_command(
        "indicators",
        "show",
        "--year",
        "2026",
        "--id",
        "referrals_nfa",
        "--format",
        "json",
        "--children",
    )
    (record,) = json.loads(capsys.readouterr().out)
    assert (record["numerator"], record["denominator"], record["value"]) == (2, 3, 66.7)
    assert (record["period_start"], record["period_end"]) == ("2025-04-01", "2026-03-31")
    assert len(record["children"]) == 2
    call_command("indicators", "show", "--year", "2026", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("id,numerator,denominator,value")
    assert any(line.startswith("referrals_nfa,2,3,66.7") for line in lines)


def test_the_command_line_takes_the_issues_form_without_show_and_children_by_id(
    nfa_referrals, capsys, monkeypatch
):
    """`hearth indicators --year 2026 --format json --children referrals_nfa`, as typed."""
    import json

    from django.core.management import ManagementUtility, base

    # A command run from the command line closes the connections when it ends; the test's
    # transaction still needs its own.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    argv = ["hearth", "indicators", "--year", "2026", "--format", "json"]
    ManagementUtility([*argv, "--children", "referrals_nfa"]).execute()
    (record,) = json.loads(capsys.readouterr().out)
    assert record["id"] == "referrals_nfa" and len(record["children"]) == 2
    ManagementUtility(argv).execute()
    records = json.loads(capsys.readouterr().out)
    assert len(records) > 1 and "children" not in records[0]
