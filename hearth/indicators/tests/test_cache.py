"""Stored figures with a stated freshness: a stored figure and its drill-down equal a fresh
computation, a change to the record shows after a refresh or once the freshness runs out, the
page says how fresh its figures are, refreshing now needs the right role and is audited, and
need-to-know still applies to what was stored."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from markupsafe import escape

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.core.models import AuditEntry
from hearth.indicators import cache
from hearth.indicators.base import Period
from hearth.indicators.library import INDICATORS, REGISTRY
from hearth.indicators.models import StoredFigure
from hearth.indicators.scope import Scope, borough_scope
from hearth.indicators.selectors import indicator_figure

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AS_OF = date(2026, 3, 31)
QUERY = "as_of-day=31&as_of-month=3&as_of-year=2026"
TEN_AM = datetime(2026, 4, 2, 10, 0, tzinfo=LONDON)
NFA = REGISTRY["referrals_nfa"]


@pytest.fixture
def nfa_referrals(records, allocated_child, other_child):
    """2 of 3 referrals in 2025-26 ended in no further action (one per persona child)."""
    records.episode(allocated_child, date(2025, 6, 2), closed=date(2025, 6, 2), nfa=True)
    records.episode(allocated_child, date(2025, 9, 1))
    records.episode(other_child, date(2025, 7, 1), closed=date(2025, 7, 1), nfa=True)


@pytest.fixture
def analyst(db):
    return UserFactory(username="perf.analyst", role=Role.PERFORMANCE_ANALYST)


def _nfa(snapshot: cache.Snapshot):
    return next(f for f in snapshot.figures if f.indicator.id == "referrals_nfa")


def test_a_stored_figure_and_its_drill_down_equal_a_fresh_computation(nfa_referrals):
    borough = borough_scope()
    with time_machine.travel(TEN_AM, tick=False):
        first = cache.cached_figures(scope=borough, as_of=AS_OF)
        again = cache.cached_figures(scope=borough, as_of=AS_OF)
        stored, at = cache.figure_with_rows(indicator=NFA, scope=borough, as_of=AS_OF)
    fresh = indicator_figure(indicator=NFA, period=Period.year_to_date(AS_OF))
    assert isinstance(_nfa(again), cache.CountedFigure)  # read back, not recomputed
    assert StoredFigure.objects.count() == len(INDICATORS)
    for figure in (_nfa(first), _nfa(again), stored):
        assert (figure.numerator, figure.denominator, figure.value) == (2, 3, 66.7)
    assert stored.rows == fresh.rows
    assert at == TEN_AM
    for shown, computed in zip(again.figures, first.figures, strict=True):
        assert (shown.numerator, shown.denominator, shown.value) == (
            computed.numerator,
            computed.denominator,
            computed.value,
        )


def test_a_change_to_the_record_shows_once_the_freshness_runs_out(
    nfa_referrals, records, allocated_child
):
    borough = borough_scope()
    with time_machine.travel(TEN_AM, tick=False):
        cache.cached_figures(scope=borough, as_of=AS_OF)
    records.episode(allocated_child, date(2025, 10, 1), closed=date(2025, 10, 1), nfa=True)
    with time_machine.travel(datetime(2026, 4, 2, 10, 14, tzinfo=LONDON), tick=False):
        within = _nfa(cache.cached_figures(scope=borough, as_of=AS_OF))
        drill, _ = cache.figure_with_rows(indicator=NFA, scope=borough, as_of=AS_OF)
    assert (within.numerator, within.denominator) == (2, 3)  # as stored at 10:00
    assert drill.numerator == 2 and drill.denominator == 3  # the same computation's rows
    with time_machine.travel(datetime(2026, 4, 2, 10, 16, tzinfo=LONDON), tick=False):
        after = cache.cached_figures(scope=borough, as_of=AS_OF)
        drill, _ = cache.figure_with_rows(indicator=NFA, scope=borough, as_of=AS_OF)
    assert (_nfa(after).numerator, _nfa(after).denominator) == (3, 4)
    assert (drill.numerator, drill.denominator) == (3, 4)


def test_the_scheduled_refresh_recomputes_stored_figures_and_drops_old_ones(
    nfa_referrals, records, allocated_child, team_a, capsys
):
    with time_machine.travel(TEN_AM, tick=False):
        call_command("indicators", "refresh", "--as-of", "2026-03-31", "--scope", "borough")
    records.episode(allocated_child, date(2025, 10, 1), closed=date(2025, 10, 1), nfa=True)
    with time_machine.travel(datetime(2026, 4, 3, 10, 5, tzinfo=LONDON), tick=False):
        call_command("indicators", "refresh", "--as-of", "2026-03-30", "--scope", "borough")
        call_command(
            "indicators", "refresh", "--as-of", "2026-03-31", "--scope", f"team:{team_a.pk}"
        )
        assert "figures for 1 scopes as at 2026-03-31" in capsys.readouterr().out
        # The first refresh is past both freshnesses: deleted, so the borough is computed anew.
        assert not StoredFigure.objects.filter(as_of=AS_OF, scope_key="borough").exists()
        borough = _nfa(cache.cached_figures(scope=borough_scope(), as_of=AS_OF))
        team = _nfa(cache.cached_figures(scope=Scope("team", team_a.pk, "A"), as_of=AS_OF))
    assert (borough.numerator, borough.denominator) == (3, 4)
    assert isinstance(team, cache.CountedFigure) and (team.numerator, team.denominator) == (2, 3)


def test_the_refresh_command_refuses_an_unknown_scope(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No scope 'team:999999'"):
        call_command("indicators", "refresh", "--scope", "team:999999")


def test_the_dashboard_says_how_fresh_its_figures_are(signed_in, senior_leader, nfa_referrals):
    with time_machine.travel(TEN_AM, tick=False):
        cache.cached_figures(scope=borough_scope(), as_of=AS_OF)
    with time_machine.travel(datetime(2026, 4, 2, 10, 7, tzinfo=LONDON), tick=False):
        page = signed_in(senior_leader).get(f"/indicators/?{QUERY}&scope=borough")
        drill = signed_in(senior_leader).get(
            f"/indicators/referrals_nfa/children/?{QUERY}&scope=borough"
        )
    content = page.content.decode()
    assert "Figures as at 10:00 on 2 April 2026, refreshed every 15 minutes" in content
    assert "2 of 3" in content
    assert "Figure and list as at 10:00 on 2 April 2026" in drill.content.decode()


def test_the_dashboard_draws_a_trend_once_its_month_ends_are_stored(
    signed_in, senior_leader, nfa_referrals
):
    client = signed_in(senior_leader)
    with time_machine.travel(TEN_AM, tick=False):
        before = client.get(f"/indicators/?{QUERY}&scope=borough").content.decode()
        client.get(f"/indicators/referrals_nfa/children/?{QUERY}&scope=borough")  # its trend
        after = client.get(f"/indicators/?{QUERY}&scope=borough").content.decode()
    assert "hearth-sparkline" not in before
    assert after.count("hearth-sparkline") == 1
    assert 'aria-label="From 100.0% at June 2025 to 66.7% at March 2026' in after


@pytest.mark.parametrize("role_user", ["social_worker", "team_manager", "iro"])
def test_refreshing_now_is_only_for_analysts_and_senior_leaders(
    signed_in, request, role_user, nfa_referrals
):
    user = request.getfixturevalue(role_user)
    response = signed_in(user).post(
        "/indicators/refresh/", {"scope": "borough", "as_of": "2026-03-31"}
    )
    assert response.status_code == 404
    assert not StoredFigure.objects.exists()


def test_an_analyst_refreshes_now_and_it_is_audited(
    signed_in, analyst, nfa_referrals, records, allocated_child
):
    client = signed_in(analyst)
    with time_machine.travel(TEN_AM, tick=False):
        assert "2 of 3" in client.get(f"/indicators/?{QUERY}&scope=borough").content.decode()
    records.episode(allocated_child, date(2025, 10, 1), closed=date(2025, 10, 1), nfa=True)
    with time_machine.travel(datetime(2026, 4, 2, 10, 5, tzinfo=LONDON), tick=False):
        response = client.post("/indicators/refresh/", {"scope": "borough", "as_of": "2026-03-31"})
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "3 of 4" in page
    assert "Figures for The borough refreshed at 10:05" in page
    assert "Figures as at 10:05" in page
    entry = AuditEntry.objects.get(object_type="indicators.storedfigure", object_id="borough")
    assert entry.actor == analyst and entry.changes["as_of"] == "2026-03-31"


def test_a_get_to_refresh_is_not_allowed(signed_in, analyst):
    assert signed_in(analyst).get("/indicators/refresh/").status_code == 405


def test_a_team_managers_stored_figures_never_list_another_teams_children(
    signed_in, team_manager, team_a, team_b, senior_leader, nfa_referrals, other_child
):
    # The borough's figures are stored first (a senior leader looked); the manager's team
    # figure is its own computation, and another team's scope stays out of reach.
    signed_in(senior_leader).get(f"/indicators/referrals_nfa/children/?{QUERY}&scope=borough")
    client = signed_in(team_manager)
    page = client.get(f"/indicators/referrals_nfa/children/?{QUERY}&scope=team:{team_a.pk}")
    assert page.status_code == 200
    content = page.content.decode()
    assert "In the numerator (1)" in content
    assert str(escape(other_child.full_name)) not in content
    assert client.get(f"/indicators/?{QUERY}&scope=team:{team_b.pk}").status_code == 404
    assert client.get(f"/indicators/?{QUERY}&scope=borough").status_code == 404
    refused = client.post("/indicators/refresh/", {"scope": f"team:{team_b.pk}"})
    assert refused.status_code == 404


def test_rows_survive_being_stored(nfa_referrals):
    figure = indicator_figure(indicator=NFA, period=Period.year_to_date(AS_OF))
    assert cache.decode_rows(cache.encode_rows(figure.rows)) == figure.rows


def test_weighted_rows_and_rows_stored_in_the_first_format_read_back():
    import json
    import zlib

    from hearth.indicators.base import Row

    rows = [
        Row("worker:1", None, date(2026, 3, 1), "18 children", True, 18.0, "A Worker", 0.5),
        Row("referral:2", 7, date(2026, 3, 2), "Decided", False),
    ]
    assert cache.decode_rows(cache.encode_rows(rows)) == rows
    first = [["worker:1", None, date(2026, 3, 1).toordinal(), "18 children", 1, 18.0, "A Worker"]]
    blob = zlib.compress(json.dumps(first).encode())
    assert cache.decode_rows(blob)[0] == Row(
        "worker:1", None, date(2026, 3, 1), "18 children", True, 18.0, "A Worker", 1.0
    )
