"""Health of looked after children: assessments, checks, SDQs, substance misuse and
convictions, their due items, and the SSDA903 OC2 table read back from them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.children_in_care import extract, rules, services
from hearth.children_in_care.models import HealthCheckKind
from hearth.timescales.engine import due_items

pytestmark = pytest.mark.django_db


def _child_born(child, born: date):
    child.date_of_birth = born
    child.save(update_fields=["date_of_birth"])
    return child


def test_an_initial_health_assessment_is_due_20_working_days_after_care_starts(period, today):
    items = [i for i in due_items([period.child_id], today=today) if i.rule.id == rules.IHA]
    assert len(items) == 1
    # 1 May 2026 + 20 working days, skipping the 4 and 25 May bank holidays.
    assert items[0].due == date(2026, 6, 2)
    assert items[0].is_overdue(today)


def test_a_review_health_assessment_follows_six_monthly_under_five(
    start, allocated_child, social_worker, today
):
    _child_born(allocated_child, date(2023, 1, 1))
    period = start()
    services.health_assessment_record(
        user=social_worker,
        period=period,
        kind="initial",
        completed_on=date(2026, 5, 20),
        practitioner="Dr Patel",
        outcome="Well; eczema cream",
    )
    items = {i.rule.id: i for i in due_items([period.child_id], today=today)}
    assert rules.IHA not in items
    assert items[rules.RHA_UNDER_5].due == date(2026, 11, 20)


def test_a_review_health_assessment_is_yearly_from_five(
    start, allocated_child, social_worker, today
):
    _child_born(allocated_child, date(2015, 1, 1))
    period = start()
    services.health_assessment_record(
        user=social_worker,
        period=period,
        kind="initial",
        completed_on=date(2026, 5, 20),
        practitioner="Dr Patel",
        outcome="Well",
    )
    items = {i.rule.id: i for i in due_items([period.child_id], today=today)}
    assert items[rules.RHA_5_PLUS].due == date(2027, 5, 20)
    assert items[rules.SDQ].due == date(2027, 5, 1)  # none yet: a year from care starting


def test_a_second_initial_assessment_and_a_review_without_one_are_refused(
    period, social_worker, today
):
    with pytest.raises(ValidationError) as error:
        services.health_assessment_record(
            user=social_worker,
            period=period,
            kind="review",
            completed_on=date(2026, 5, 20),
            practitioner="Dr Patel",
            outcome="Well",
        )
    assert "Record the initial health assessment first" in str(error.value)
    services.health_assessment_record(
        user=social_worker,
        period=period,
        kind="initial",
        completed_on=date(2026, 5, 20),
        practitioner="Dr Patel",
        outcome="Well",
    )
    with pytest.raises(ValidationError) as error:
        services.health_assessment_record(
            user=social_worker,
            period=period,
            kind="initial",
            completed_on=date(2026, 5, 21),
            practitioner="Dr Patel",
            outcome="Well",
        )
    assert "already has an initial assessment" in str(error.value)


def test_an_assessment_before_care_started_is_refused(period, social_worker, today):
    with pytest.raises(ValidationError) as error:
        services.health_assessment_record(
            user=social_worker,
            period=period,
            kind="initial",
            completed_on=date(2026, 4, 1),
            practitioner="Dr Patel",
            outcome="Well",
        )
    assert "on or after the child became looked after" in str(error.value)


def test_an_sdq_score_must_be_0_to_40_and_for_ages_4_to_16(allocated_child, social_worker, today):
    _child_born(allocated_child, date(2014, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.sdq_record(user=social_worker, child=allocated_child, completed_on=today, score=41)
    assert "0 to 40" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.sdq_record(
            user=social_worker, child=allocated_child, completed_on=today, score=None, reason=""
        )
    assert "Enter the SDQ score" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.sdq_record(
            user=social_worker,
            child=allocated_child,
            completed_on=today,
            score=None,
            reason="SDQ1",
        )
    assert "only for children under 4 or over 16" in str(error.value)
    row = services.sdq_record(
        user=social_worker, child=allocated_child, completed_on=today, score=14
    )
    assert row.score == 14
    assert allocated_child.chronology.filter(summary="SDQ score 14").exists()


def test_development_checks_are_for_under_fives_and_convictions_for_ten_and_over(
    allocated_child, social_worker, today
):
    _child_born(allocated_child, date(2018, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.health_check_record(
            user=social_worker,
            child=allocated_child,
            kind=HealthCheckKind.SURVEILLANCE,
            checked_on=today,
            up_to_date=True,
        )
    assert "under 5" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.conviction_record(
            user=social_worker, child=allocated_child, on=today, offence="Theft"
        )
    assert "under 10" in str(error.value)


def test_substance_misuse_intervention_cannot_be_received_and_refused(
    allocated_child, social_worker, today
):
    with pytest.raises(ValidationError):
        services.substance_misuse_record(
            user=social_worker,
            child=allocated_child,
            identified_on=today,
            intervention_received=True,
            intervention_refused=True,
        )


@pytest.fixture
def year_in_care(start, allocated_child, social_worker):
    """A 12-year-old looked after since March 2024: in the 2025-26 OC2 cohort."""
    _child_born(allocated_child, date(2013, 9, 1))
    period = start(start_date=date(2024, 3, 1), decision_date=date(2024, 3, 1))
    return period


def test_oc2_rows_read_the_health_records_of_the_twelve_month_cohort(
    year_in_care, social_worker, today
):
    child = year_in_care.child
    services.health_assessment_record(
        user=social_worker,
        period=year_in_care,
        kind="initial",
        completed_on=date(2024, 3, 20),
        practitioner="Dr Patel",
        outcome="Well",
    )
    services.health_assessment_record(
        user=social_worker,
        period=year_in_care,
        kind="review",
        completed_on=date(2025, 9, 1),
        practitioner="Nurse Lee",
        outcome="Well",
    )
    for kind, on, ok in (
        (HealthCheckKind.DENTAL, date(2025, 6, 1), True),
        (HealthCheckKind.IMMUNISATIONS, date(2025, 6, 1), True),
    ):
        services.health_check_record(
            user=social_worker, child=child, kind=kind, checked_on=on, up_to_date=ok
        )
    services.sdq_record(user=social_worker, child=child, completed_on=date(2025, 7, 1), score=19)
    services.substance_misuse_record(
        user=social_worker,
        child=child,
        identified_on=date(2025, 8, 1),
        intervention_received=False,
        intervention_refused=True,
    )
    services.conviction_record(
        user=social_worker, child=child, on=date(2024, 12, 1), offence="Criminal damage"
    )
    rows = extract.oc2_rows(2025)
    assert len(rows) == 1
    row = rows[0]
    assert tuple(row) == extract.OC2_COLUMNS
    assert row["DOB"] == date(2013, 9, 1)
    assert (row["SDQ_SCORE"], row["SDQ_REASON"]) == ("19", "")
    assert row["CONVICTED"] == "0"  # the caution was in the year before
    assert row["HEALTH_CHECK"] == ""  # 12, not under 5
    assert (row["IMMUNISATIONS"], row["TEETH_CHECK"], row["HEALTH_ASSESSMENT"]) == ("1", "1", "1")
    assert row["SUBSTANCE_MISUSE"] == "1"
    assert (row["INTERVENTION_RECEIVED"], row["INTERVENTION_OFFERED"]) == ("0", "1")


def test_oc2_marks_missing_checks_zero_and_leaves_intervention_blank(year_in_care, today):
    row = extract.oc2_rows(2025)[0]
    assert row["TEETH_CHECK"] == row["IMMUNISATIONS"] == row["HEALTH_ASSESSMENT"] == "0"
    assert row["SUBSTANCE_MISUSE"] == "0"
    assert row["INTERVENTION_RECEIVED"] == row["INTERVENTION_OFFERED"] == ""
    assert row["SDQ_SCORE"] == row["SDQ_REASON"] == ""


def test_children_in_care_under_a_year_are_not_in_oc2(period, today):
    assert extract.oc2_rows(2025) == []
    assert extract.oc2_rows(2026) == []  # the year has not ended: care started 1 May 2026


@pytest.mark.parametrize(
    ("born", "completed_on", "score", "reason"),
    [
        (date(2020, 10, 1), date(2024, 12, 1), 12, ""),  # turns 4 on 1 October 2024
        (date(2007, 10, 1), date(2024, 6, 1), 10, ""),  # turns 17 on 1 October 2024
        (date(2007, 10, 1), date(2025, 1, 15), None, "SDQ1"),  # 17 when it was recorded
    ],
)
def test_oc2_reports_the_sdq_of_children_who_turn_4_or_17_in_the_year(
    start, allocated_child, social_worker, today, born, completed_on, score, reason
):
    _child_born(allocated_child, born)
    start(start_date=date(2024, 3, 1), decision_date=date(2024, 3, 1))
    services.sdq_record(
        user=social_worker,
        child=allocated_child,
        completed_on=completed_on,
        score=score,
        reason=reason,
    )
    row = extract.oc2_rows(2024)[0]
    assert (row["SDQ_SCORE"], row["SDQ_REASON"]) == ("" if score is None else str(score), reason)
