import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from hearth.casework.tests.factories import AllocationFactory
from hearth.oversight import selectors, services
from hearth.oversight.models import CaseloadSnapshot, StaffRecord, TeamEstablishment
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def five_children(team_a, social_worker, monkeypatch):
    """Two on CP plans, one CIN, one assessment, one with nothing else open."""
    kids = [ChildFactory() for _ in range(5)]
    for kid in kids:
        AllocationFactory(child=kid, team=team_a, worker=social_worker)
    types = {kids[0].pk: {"cp", "cin"}, kids[1].pk: {"cp"}, kids[2].pk: {"cin"}}
    types[kids[3].pk] = {"assessment"}
    monkeypatch.setattr(selectors, "case_types", lambda ids, today: types)
    return kids


def test_each_child_counts_once_under_the_most_demanding_type_with_weights(
    five_children, team_a, social_worker
):
    [team] = selectors.team_caseloads([team_a.pk], TODAY)
    worker = next(w for w in team.workers if w.worker_id == social_worker.pk)
    assert worker.counts == {"cp": 2, "cin": 1, "assessment": 1, "other": 1}
    # 2 x 1.5 + 1 + 1 + 1
    assert worker.weighted == Decimal("6.0")


def test_weights_and_the_threshold_come_from_settings(
    five_children, team_a, social_worker, settings
):
    settings.HEARTH = {
        **settings.HEARTH,
        "CASELOAD_WEIGHTS": {"cp": 3, "cin": 1, "assessment": 1, "other": 0.5},
        "CASELOAD_THRESHOLD": 8,
    }
    [team] = selectors.team_caseloads([team_a.pk], TODAY)
    worker = next(w for w in team.workers if w.worker_id == social_worker.pk)
    assert worker.weighted == Decimal("8.5")
    assert worker.overloaded
    assert [w.worker_id for w in team.overloaded] == [social_worker.pk]


def test_a_part_time_worker_is_overloaded_sooner_and_teams_set_their_own_threshold(
    five_children, team_a, social_worker, team_manager
):
    services.staff_record_start(
        user=team_manager,
        staff=social_worker,
        contract="permanent",
        start_date=dt.date(2024, 1, 1),
        fte=Decimal("0.5"),
    )
    TeamEstablishment.objects.create(team=team_a, funded_fte=5, caseload_threshold=10)
    [team] = selectors.team_caseloads([team_a.pk], TODAY)
    worker = next(w for w in team.workers if w.worker_id == social_worker.pk)
    assert worker.per_fte == Decimal("12.0")
    assert worker.overloaded
    assert team.threshold == Decimal("10")


def test_without_a_staff_record_the_accounts_fte_counts_as_the_indicator_counts_it(
    five_children, team_a, social_worker
):
    from hearth.indicators.library._workforce import fte_on

    social_worker.fte = Decimal("0.5")
    social_worker.save(update_fields=["fte"])
    [team] = selectors.team_caseloads([team_a.pk], TODAY)
    worker = next(w for w in team.workers if w.worker_id == social_worker.pk)
    assert worker.per_fte == Decimal("12.0")  # 6.0 weighted / 0.5
    assert fte_on(TODAY, {social_worker.pk: Decimal("1")}) == {social_worker.pk: 0.5}


def test_the_monthly_snapshot_records_history_and_reruns_replace_it(five_children, social_worker):
    call_command("oversight", "snapshot-caseloads", "--month", "2026-03")
    call_command("oversight", "snapshot-caseloads", "--month", "2026-03")
    snap = CaseloadSnapshot.objects.get(worker=social_worker)
    assert (snap.month, snap.children, snap.cp, snap.weighted) == (
        dt.date(2026, 3, 1),
        5,
        2,
        Decimal("6.00"),
    )
    [row] = selectors.caseload_history(None)
    assert row["children"] == 5


def test_the_workforce_census_gives_agency_vacancy_and_turnover_rates(
    team_a, team_manager, social_worker, colleague, other_worker
):
    start = dt.date(2024, 1, 1)
    services.staff_record_start(
        user=team_manager, staff=social_worker, contract="permanent", start_date=start
    )
    services.staff_record_start(
        user=team_manager, staff=colleague, contract="agency", start_date=start
    )
    leaver = services.staff_record_start(
        user=team_manager, staff=other_worker, contract="permanent", start_date=start
    )
    services.staff_record_leave(
        user=team_manager, record=leaver, leaving_date=dt.date(2025, 12, 31), reason="resigned"
    )
    TeamEstablishment.objects.create(team=team_a, funded_fte=3)
    census = selectors.workforce_census(dt.date(2026, 3, 10), team_ids=None)
    assert census.headcount == 2
    assert census.agency_rate == Decimal("50.0")
    # 3 funded posts, 1 filled permanently: 2 vacancies (one covered by agency).
    assert census.vacancies_fte == Decimal("2")
    assert census.turnover_rate == Decimal("100.0")
    assert StaffRecord.objects.count() == 3


def test_leaving_needs_a_reason(team_manager, social_worker):
    from django.core.exceptions import ValidationError

    record = services.staff_record_start(
        user=team_manager, staff=social_worker, contract="permanent", start_date=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.staff_record_leave(
            user=team_manager, record=record, leaving_date=dt.date(2025, 1, 1), reason=""
        )


def test_the_caseloads_page_flags_overloaded_workers(client, five_children, team_manager, settings):
    settings.HEARTH = {**settings.HEARTH, "CASELOAD_THRESHOLD": 3}
    client.force_login(team_manager)
    body = client.get("/oversight/caseloads/").content.decode()
    assert "Overloaded" in body


def test_a_social_worker_cannot_open_the_caseloads_page(client, social_worker):
    client.force_login(social_worker)
    assert client.get("/oversight/caseloads/").status_code == 404
