"""Pages: access (an adviser sees their young people, a worker in another team does not),
GOV.UK errors, lists with a fixed number of queries, the child's page section."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.care_leavers import presenters, services
from hearth.care_leavers.models import AdviserAllocation, Contact
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _allocate(user, person, adviser, on=date(2026, 4, 2)):
    return services.adviser_allocate(
        user=user,
        young_person=person,
        adviser=adviser,
        start_date=on,
        joint_visit_on=on,
        joint_visit_attended="Social worker and adviser",
    )


def test_a_worker_in_another_team_gets_not_found_and_it_is_audited(
    today, relevant, other_worker, signed_in
):
    response = signed_in(other_worker).get(reverse("care_leavers:young_person", args=[relevant.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, object_id=str(relevant.pk)).exists()


def test_the_adviser_sees_their_young_person_even_while_the_social_worker_holds_the_case(
    today, eligible, adviser, lc_manager, signed_in
):
    _allocate(lc_manager, eligible, adviser)
    response = signed_in(adviser).get(reverse("care_leavers:young_person", args=[eligible.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Eligible: 92 weeks looked after since 14th birthday" in text
    assert "Joint introductory visit on 2 April 2026" in text


def test_an_adviser_without_the_young_person_gets_not_found(
    today, eligible, personal_adviser, signed_in
):
    response = signed_in(personal_adviser).get(
        reverse("care_leavers:young_person", args=[eligible.pk])
    )
    assert response.status_code == 404


def test_handing_over_to_an_adviser_after_leaving_care_moves_the_case(
    today, relevant, adviser, lc_manager
):
    _allocate(lc_manager, relevant, adviser)
    current = relevant.allocations.current(today).get()
    assert current.worker == adviser
    assert relevant.chronology.filter(summary__contains="Personal adviser").exists()


def test_allocating_without_a_joint_visit_or_reason_shows_a_govuk_error(
    today, eligible, adviser, lc_manager, signed_in
):
    url = reverse("care_leavers:adviser_new", args=[eligible.pk])
    response = signed_in(lc_manager).post(
        url,
        {
            "adviser": adviser.pk,
            "start_date-day": "1",
            "start_date-month": "6",
            "start_date-year": "2026",
        },
    )
    assert response.status_code == 200
    assert "Enter the date of the joint introductory visit, or why there was none" in (
        response.content.decode()
    )
    assert not AdviserAllocation.objects.exists()


def test_recording_a_contact_through_the_page(today, relevant, adviser, lc_manager, signed_in):
    _allocate(lc_manager, relevant, adviser)
    url = reverse("care_leavers:contact_new", args=[relevant.pk])
    client = signed_in(adviser)
    bad = client.post(url, {})
    assert "Enter the date of contact" in bad.content.decode()
    assert "Select how you were in contact" in bad.content.decode()
    response = client.post(
        url,
        {
            "contact_on-day": "9",
            "contact_on-month": "6",
            "contact_on-year": "2026",
            "method": "face_to_face",
            "initiated_by": "adviser",
            "outcome": "in_touch",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get().contact_on == date(2026, 6, 9)


def test_recording_a_pathway_plan_through_the_page(today, relevant, adviser, lc_manager, signed_in):
    _allocate(lc_manager, relevant, adviser)
    url = reverse("care_leavers:pathway_plan_new", args=[relevant.pk])
    client = signed_in(adviser)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"reason": "first"})
    assert "Enter the date of the plan" in bad.content.decode()
    response = client.post(
        url,
        {
            "plan_date-day": "1",
            "plan_date-month": "6",
            "plan_date-year": "2026",
            "reason": "first",
            "young_persons_views": "I want to go to college",
            "eet_summary": "College from September",
            "eet_own_words": "I want to be a chef",
            "eet_what": "Apply to college",
            "eet_who": "Young person with adviser",
            "eet_by_when-day": "1",
            "eet_by_when-month": "7",
            "eet_by_when-year": "2026",
        },
    )
    assert response.status_code == 302
    plan = relevant.pathway_plans.get()
    assert plan.sections.get().actions.get().what == "Apply to college"
    page = client.get(reverse("care_leavers:young_person", args=[relevant.pk]))
    assert "I want to be a chef" in page.content.decode()


def _cohort(looked_after, n):
    for i in range(n):
        child = ChildFactory(date_of_birth=date(2007, 1, 1 + i))
        looked_after(child, date(2022, 1, 1), date(2025, 1, 1), "E17")


def test_the_service_list_shows_the_unallocated_first_in_a_fixed_number_of_queries(
    today, looked_after, relevant, adviser, lc_manager, signed_in
):
    _allocate(lc_manager, relevant, adviser)
    _cohort(looked_after, 2)
    client = signed_in(lc_manager)
    url = reverse("care_leavers:service")
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    text = response.content.decode()
    assert text.index("No adviser</strong>") < text.index(relevant.last_name)
    _cohort(looked_after, 6)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_service_list_pages_the_most_urgent_first_and_counts_the_whole_service(
    today, looked_after, relevant, adviser, lc_manager, signed_in, monkeypatch
):
    monkeypatch.setattr(presenters, "SERVICE_PAGE_SIZE", 2)
    _allocate(lc_manager, relevant, adviser)
    _cohort(looked_after, 3)
    client = signed_in(lc_manager)
    url = reverse("care_leavers:service")
    first = client.get(url).content.decode()
    second = client.get(url, {"show": "all", "page": 2}).content.decode()
    whole = 'Care leavers owed a duty</dt><dd class="govuk-summary-list__value">4</dd>'
    assert whole in first and whole in second
    assert first.count("No adviser</strong>") == 2
    assert relevant.last_name not in first
    assert "Everyone (4, showing 1 to 2, most urgent first)" in first
    assert 'rel="next"' in first and "Page 1 of 2" in first
    assert relevant.last_name in second and 'rel="prev"' in second


def test_the_service_list_is_empty_for_a_worker_in_another_team(
    today, relevant, other_worker, signed_in
):
    response = signed_in(other_worker).get(reverse("care_leavers:service"))
    assert relevant.last_name not in response.content.decode()


def test_not_seen_young_people_appear_on_the_advisers_caseload(
    today, relevant, adviser, lc_manager, signed_in, time_machine
):
    _allocate(lc_manager, relevant, adviser)
    response = signed_in(adviser).get(reverse("care_leavers:caseload"))
    text = response.content.decode()
    assert relevant.last_name in text
    assert "Never in touch" in text


def test_the_transition_list_shows_children_in_care_from_fifteen_and_a_half(
    today, looked_after, lc_manager, signed_in
):
    child = ChildFactory(first_name="Zara", last_name="Transition", date_of_birth=date(2010, 11, 1))
    looked_after(child, date(2025, 1, 1))
    young = ChildFactory(first_name="Tom", last_name="Tooyoung", date_of_birth=date(2011, 3, 1))
    looked_after(young, date(2025, 1, 1))
    text = signed_in(lc_manager).get(reverse("care_leavers:transition")).content.decode()
    assert "Transition" in text and "Tooyoung" not in text


def test_the_childs_page_shows_the_leaving_care_section(today, relevant, social_worker, signed_in):
    response = signed_in(social_worker).get(reverse("casework:child_detail", args=[relevant.pk]))
    text = response.content.decode()
    assert "Leaving care" in text
    assert "relevant: 82 weeks looked after since 14th birthday" in text


def test_my_work_asks_the_social_worker_to_get_an_adviser_and_the_adviser_to_keep_in_touch(
    today, eligible, relevant_other, social_worker, adviser, lc_manager, signed_in
):
    text = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "Allocate a personal adviser" in text
    _allocate(lc_manager, relevant_other, adviser, date(2026, 5, 5))  # after leaving care
    text = signed_in(adviser).get(reverse("casework:my_work")).content.decode()
    assert "Be in touch with the young person" in text
