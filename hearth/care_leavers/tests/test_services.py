"""The services refuse what the rules forbid, with GOV.UK messages, and save nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.care_leavers import services
from hearth.care_leavers.models import Accommodation, Activity, PathwayPlan
from hearth.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_no_fixed_abode_cannot_be_recorded_as_suitable(today, relevant, adviser):
    errors = _errors(
        lambda: services.accommodation_record(
            user=adviser,
            young_person=relevant,
            start_date=date(2026, 5, 1),
            accommodation_type="S",
            suitable=True,
            suitability_reason="Sofa surfing",
        )
    )
    assert errors["suitable"] == ["No fixed abode and custody cannot be recorded as suitable"]
    assert not Accommodation.objects.exists()


def test_staying_put_is_for_young_people_aged_18_or_over(today, relevant, adviser):
    errors = _errors(
        lambda: services.accommodation_record(
            user=adviser,
            young_person=relevant,
            start_date=date(2026, 5, 1),
            accommodation_type="Z",
            suitable=True,
            suitability_reason="With former carers",
        )
    )
    assert "aged 18 or over" in errors["accommodation_type"][0]


def test_not_in_education_employment_or_training_needs_a_reason(today, relevant, adviser):
    errors = _errors(
        lambda: services.activity_record(
            user=adviser, young_person=relevant, start_date=date(2026, 5, 1), code="G5"
        )
    )
    assert errors["neet_reason"] == [
        "Enter why the young person is not in education, employment or training"
    ]
    assert not Activity.objects.exists()


def test_a_review_needs_a_first_plan_and_a_first_plan_only_once(today, relevant, adviser):
    errors = _errors(
        lambda: services.pathway_plan_record(
            user=adviser,
            young_person=relevant,
            plan_date=date(2026, 5, 1),
            reason="scheduled",
            young_persons_views="Fine",
            sections=[services.SectionInput("money", "Budget")],
        )
    )
    assert errors["reason"] == ["There is no pathway plan yet: select first pathway plan"]
    errors = _errors(
        lambda: services.pathway_plan_record(
            user=adviser,
            young_person=relevant,
            plan_date=date(2026, 5, 1),
            reason="first",
            young_persons_views="",
            sections=[
                services.SectionInput(
                    "money", "Budget", "", [services.ActionInput("Open an account", "", None)]
                )
            ],
        )
    )
    assert errors["young_persons_views"] == ["Enter the young person's views on the plan"]
    assert errors["money_actions"] == ["Enter what will be done, who will do it and by when"]
    assert not PathwayPlan.objects.exists()


def test_dates_in_the_future_are_refused(today, relevant, adviser):
    errors = _errors(
        lambda: services.contact_record(
            user=adviser,
            young_person=relevant,
            contact_on=date(2026, 6, 11),
            method="phone",
            initiated_by="adviser",
            outcome="in_touch",
        )
    )
    assert errors["contact_on"] == ["The date of the contact must be today or in the past"]


def test_only_a_personal_adviser_can_be_allocated(today, relevant, social_worker, lc_manager):
    errors = _errors(
        lambda: services.adviser_allocate(
            user=lc_manager,
            young_person=relevant,
            adviser=social_worker,
            start_date=date(2026, 6, 1),
            no_joint_visit_reason="Worker left",
        )
    )
    assert errors["adviser"] == ["Choose a personal adviser"]


def test_every_record_is_audited_and_on_the_chronology(today, relevant, adviser):
    services.entitlement_record(
        user=adviser, young_person=relevant, kind="setting_up_home", given_on=date(2026, 5, 2)
    )
    assert AuditEntry.objects.filter(child_id=relevant.pk, action="create").exists()
    assert relevant.chronology.filter(summary="Setting-up-home allowance given").exists()


def test_support_to_25_can_only_be_asked_for_from_18(today, relevant, adviser):
    errors = _errors(
        lambda: services.support_request_record(
            user=adviser, young_person=relevant, requested_on=date(2026, 6, 1)
        )
    )
    assert errors["requested_on"] == ["Support to 25 can be asked for from the 18th birthday"]


def test_ending_the_service_closes_the_young_person_and_ends_the_adviser(
    today, relevant, adviser, lc_manager
):
    from hearth.care_leavers.selectors import cohort_rows

    services.adviser_allocate(
        user=lc_manager,
        young_person=relevant,
        adviser=adviser,
        start_date=date(2026, 4, 2),
        no_joint_visit_reason="Moved out of area the same week",
    )
    services.service_end_record(
        user=adviser, young_person=relevant, ended_on=date(2026, 6, 1), reason="nreq"
    )
    [row] = cohort_rows(today) or [None]
    assert row is None or not row.owed_duty
    assert not relevant.adviser_allocations.current().exists()
