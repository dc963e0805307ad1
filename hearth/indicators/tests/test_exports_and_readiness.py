"""Exports, the trend on a figure's page, the list of workers behind a workforce figure, and
inspection readiness (borough-wide roles only)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from hearth.indicators.library import INDICATORS
from hearth.indicators.trends import month_ends
from hearth.oversight.models import SupervisionAgreement

pytestmark = pytest.mark.django_db

AS_OF = "as_of-day=31&as_of-month=3&as_of-year=2026"


@pytest.fixture
def nfa_referrals(records, allocated_child, other_child):
    records.episode(allocated_child, date(2025, 6, 2), closed=date(2025, 6, 2), nfa=True)
    records.episode(other_child, date(2025, 9, 1))


def test_month_ends_run_back_24_months_from_the_as_of_date():
    ends = month_ends(date(2026, 3, 15))
    assert len(ends) == 24
    assert ends[-1] == date(2026, 3, 15) and ends[-2] == date(2026, 2, 28)
    assert ends[0] == date(2024, 4, 30)
    assert date(2024, 2, 29) in month_ends(date(2024, 3, 31), 2)  # leap year


def test_the_exports_carry_every_figure_with_its_england_comparator(
    signed_in, senior_leader, nfa_referrals
):
    client = signed_in(senior_leader)
    response = client.get(f"/indicators/export.csv?{AS_OF}&scope=borough")
    assert response["Content-Disposition"].endswith('2026-03-31.csv"')
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert len(rows) == len(INDICATORS)
    assert (rows["referrals_nfa"]["numerator"], rows["referrals_nfa"]["denominator"]) == ("1", "2")
    assert rows["re_referrals_12m"]["england"] == "22.0"
    data = json.loads(client.get(f"/indicators/export.json?{AS_OF}&scope=borough").content)
    assert {d["id"] for d in data} == set(rows)
    workbook = load_workbook(
        io.BytesIO(client.get(f"/indicators/export.xlsx?{AS_OF}&scope=borough").content)
    )
    assert workbook["Figures"].max_row == len(INDICATORS) + 1
    assert client.get(f"/indicators/export.pdf?{AS_OF}").status_code == 404


def test_a_worker_cannot_export_a_team_they_do_not_belong_to(signed_in, social_worker, team_b):
    response = signed_in(social_worker).get(f"/indicators/export.csv?scope=team:{team_b.pk}")
    assert response.status_code == 404


def test_a_figures_page_shows_its_trend_as_a_chart_and_a_table(
    signed_in, senior_leader, nfa_referrals
):
    page = (
        signed_in(senior_leader)
        .get(f"/indicators/referrals_nfa/children/?{AS_OF}&scope=borough")
        .content.decode()
    )
    assert "Trend over 24 months" in page
    assert 'role="img"' in page and "The trend as a table" in page
    assert "31 March 2026" in page or "31/03/2026" in page


def test_a_workforce_figure_lists_the_workers_behind_it(
    signed_in, senior_leader, social_worker, team_manager
):
    SupervisionAgreement.objects.create(
        worker=social_worker,
        supervisor=team_manager,
        frequency="monthly",
        start_date=date(2025, 1, 1),
        created_by=team_manager,
    )
    page = (
        signed_in(senior_leader)
        .get(f"/indicators/supervision_in_date/children/?{AS_OF}&scope=borough")
        .content.decode()
    )
    assert "Worker" in page and escape(social_worker.get_full_name()) in page
    assert "Not yet supervised" in page


def test_inspection_readiness_is_for_borough_wide_roles(
    signed_in, senior_leader, social_worker, team_manager, nfa_referrals
):
    from hearth.oversight.services import improvement_areas_seed

    improvement_areas_seed()
    client = signed_in(senior_leader)
    page = client.get(f"/indicators/inspection/?{AS_OF}").content.decode()
    assert "The experiences and progress of children in care and care leavers" in page
    assert "The quality of life-story work for all children" in page
    assert "Return home interviews offered within 72 hours" in page
    workbook = load_workbook(
        io.BytesIO(client.get(f"/indicators/inspection/self-evaluation.xlsx?{AS_OF}").content)
    )
    assert workbook.sheetnames == [
        "Figures",
        "Judgement areas",
        "Improvement areas",
        "Audit grades",
    ]
    assert workbook["Improvement areas"].max_row == 12  # the header and the 11 areas
    for user in (social_worker, team_manager):
        assert signed_in(user).get("/indicators/inspection/").status_code == 404
        assert signed_in(user).get("/indicators/inspection/self-evaluation.xlsx").status_code == 404
