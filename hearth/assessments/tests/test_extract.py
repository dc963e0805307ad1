from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hearth.assessments import extract, services
from hearth.assessments.models import CINEpisode
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(time_machine, social_worker, team_manager, allocated_child):
    """Three episodes of one child: closed before the 2025-26 year, spanning 1 April 2025,
    and referred in the year and still open."""
    time_machine.move_to(datetime(2026, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    child = allocated_child

    def episode(referral, closure=None, reason="RC8", authorised=None, factors=("3B",)):
        ep = services.cin_episode_open(
            user=social_worker,
            child=child,
            referral_date=referral,
            referral_source="6",
            primary_need="N1",
        )
        a = services.assessment_start(user=social_worker, episode=ep, start_date=referral)
        if authorised is not None:
            services.assessment_submit(
                user=social_worker,
                assessment=a,
                data={
                    "child_seen_on": referral,
                    "child_views": "Synthetic views",
                    "history": "h",
                    "analysis": "a",
                    "recommendation": "r",
                    "outcome": "NFA",
                    "support_required": False,
                },
                version=1,
                factors=list(factors),
                network=[],
            )
            services.assessment_authorise(user=team_manager, assessment=a, authorised_on=authorised)
        if closure is not None:
            services.cin_episode_close(
                user=team_manager, episode=ep, closure_date=closure, closure_reason=reason
            )
        return ep, a

    old = episode(date(2024, 10, 1), closure=date(2025, 1, 10), authorised=date(2024, 12, 2))
    spanning = episode(date(2025, 3, 3), closure=date(2025, 6, 2), authorised=date(2025, 4, 22))
    current = episode(date(2026, 1, 12), authorised=date(2026, 4, 14))
    return child, old, spanning, current


def test_cin_details_include_episodes_open_at_any_point_in_the_year(history):
    child, old, spanning, current = history
    rows = extract.cin_details_rows([child.pk], year=2025)
    assert [r["CINdetailsID"] for r in rows] == [spanning[0].pk, current[0].pk]
    first = rows[0]
    assert first["LAchildID"] == child.la_child_id
    assert first["CINreferralDate"] == date(2025, 3, 3)
    assert first["ReferralSource"] == "6"
    assert first["PrimaryNeedCode"] == "N1"
    assert first["CINclosureDate"] == date(2025, 6, 2)
    assert first["ReasonForClosure"] == "RC8"
    assert first["ReferralNFA"] is False
    assert rows[1]["CINclosureDate"] is None


def test_a_closure_after_the_reference_date_is_reported_as_open(history):
    child, old, spanning, current = history
    rows = extract.cin_details_rows([child.pk], year=2024)
    by_id = {r["CINdetailsID"]: r for r in rows}
    assert by_id[spanning[0].pk]["CINclosureDate"] is None
    assert by_id[spanning[0].pk]["ReasonForClosure"] is None
    assert by_id[old[0].pk]["CINclosureDate"] == date(2025, 1, 10)


def test_assessment_rows_follow_the_census_rules(history):
    child, old, spanning, current = history
    rows = extract.assessment_rows([child.pk], year=2025)
    by_id = {r["AssessmentID"]: r for r in rows}
    # Authorised in the year: dates and factors.
    assert by_id[spanning[1].pk]["AssessmentAuthorisationDate"] == date(2025, 4, 22)
    assert by_id[spanning[1].pk]["AssessmentFactors"] == ["3B"]
    assert by_id[spanning[1].pk]["CINdetailsID"] == spanning[0].pk
    # Authorised after the reference date: reported open, without factors (8614).
    assert by_id[current[1].pk]["AssessmentAuthorisationDate"] is None
    assert by_id[current[1].pk]["AssessmentFactors"] == []
    assert old[1].pk not in by_id


def test_an_assessment_authorised_before_the_year_is_left_out(history):
    child, old, spanning, current = history
    rows = extract.assessment_rows(None, year=2025)
    assert old[1].pk not in {r["AssessmentID"] for r in rows}


def test_nfa_referrals_are_in_the_census_with_the_flag(social_worker, today):
    child = ChildFactory()
    services.cin_episode_open(
        user=social_worker,
        child=child,
        referral_date=date(2026, 2, 2),
        referral_source="1A",
        referral_nfa=True,
    )
    [row] = extract.cin_details_rows([child.pk], year=2025)
    assert row["ReferralNFA"] is True and row["PrimaryNeedCode"] is None
    # Left open, it is not carried into the next year as an open case (8569Q).
    assert extract.cin_details_rows([child.pk], year=2026) == []


def test_annex_a_list_4_has_the_assessments_of_the_last_six_months(history, team_a, social_worker):
    child, old, spanning, current = history
    rows = extract.annex_a_list_4(date(2026, 3, 31))
    assert len(rows) == 1
    [row] = rows
    assert tuple(row) == extract.LIST_4_COLUMNS
    assert row["Continuous Assessment Start Date"] == date(2026, 1, 12)
    assert row["Continuous Assessment Date of Authorisation"] is None
    assert row["Child Seen During Continuous Assessment"] == "a) Yes"
    assert row["Was the child assessed as requiring LA children's social care support?"] == ""
    assert row["Allocated Team"] == str(team_a)
    assert row["Allocated Worker"] == str(social_worker)
    later = extract.annex_a_list_4(date(2026, 4, 30))
    assert [r["Continuous Assessment Date of Authorisation"] for r in later] == [date(2026, 4, 14)]
    assert later[0]["Was the child assessed as requiring LA children's social care support?"] == (
        "b) No"
    )


def test_extracts_make_a_fixed_number_of_queries(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        extract.cin_details_rows(None, year=2025)
    with django_assert_num_queries(2):
        extract.assessment_rows(None, year=2025)
    assert CINEpisode.objects.count() == 3
