"""Restricted records on the leaving care lists: a restricted young person in the viewer's
circle whom they are not named on stays on the service and transition lists (the counts stay
true) as "Restricted record", with no name, age or link; opening it is still "not found"; the
named user sees the name."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.people.tests.factories import ChildFactory
from hearth.people.tests.restricted import assert_masked, assert_named, restrict

WHOLE = 'Care leavers owed a duty</dt><dd class="govuk-summary-list__value">{}</dd>'


def test_the_service_list_masks_a_restricted_care_leaver_the_viewer_is_not_named_on(
    today, relevant, lc_manager, social_worker, signed_in
):
    restrict(relevant, social_worker)
    client = signed_in(lc_manager)
    html = client.get(reverse("care_leavers:service")).content.decode()
    page = reverse("care_leavers:young_person", args=[relevant.pk])
    assert_masked(html, relevant, page)
    assert relevant.first_name not in html
    assert WHOLE.format(1) in html
    assert client.get(page).status_code == 404


def test_the_service_list_names_a_restricted_care_leaver_for_the_named_user(
    today, relevant, lc_manager, signed_in
):
    restrict(relevant, lc_manager)
    html = signed_in(lc_manager).get(reverse("care_leavers:service")).content.decode()
    assert_named(html, relevant)


def test_the_service_list_keeps_a_fixed_number_of_queries_with_masked_rows(
    today, looked_after, relevant, lc_manager, signed_in
):
    restrict(relevant)
    client = signed_in(lc_manager)
    url = reverse("care_leavers:service")
    client.get(url)  # the first request of a session reads what later ones cache
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(3):
        child = ChildFactory(date_of_birth=date(2007, 1, 1 + i), restricted=bool(i % 2))
        looked_after(child, date(2022, 1, 1), date(2025, 1, 1), "E17")
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert len(large) == len(small)
    assert WHOLE.format(4) in html and html.count("Restricted record</strong>") == 2


def test_the_transition_list_masks_a_restricted_child_in_care(
    today, eligible, lc_manager, social_worker, signed_in
):
    restrict(eligible, social_worker)
    url = reverse("care_leavers:transition")
    html = signed_in(lc_manager).get(url).content.decode()
    assert_masked(html, eligible)
    assert "approaching leaving care (1)" in html
    assert "1 March 2025" not in html
    named = signed_in(social_worker).get(url).content.decode()
    assert_named(named, eligible)


def _allocate(user, person, adviser):
    from hearth.care_leavers.services import adviser_allocate

    adviser_allocate(
        user=user,
        young_person=person,
        adviser=adviser,
        start_date=date(2026, 4, 2),
        joint_visit_on=date(2026, 4, 2),
        joint_visit_attended="Social worker and adviser",
    )


def test_the_advisers_caseload_counts_a_restricted_young_person_masked_with_no_work(
    today, relevant, adviser, lc_manager, social_worker, signed_in
):
    _allocate(lc_manager, relevant, adviser)
    restrict(relevant, social_worker)
    html = signed_in(adviser).get(reverse("care_leavers:caseload")).content.decode()
    assert_masked(html, relevant, reverse("care_leavers:young_person", args=[relevant.pk]))
    assert WHOLE.format(1) in html
    assert "Nothing due." in html
    relevant.restricted_to.add(adviser)
    named = signed_in(adviser).get(reverse("care_leavers:caseload")).content.decode()
    assert_named(named, relevant)


def test_a_sealed_young_person_stays_off_the_service_list_masked_or_not(
    today, relevant, lc_manager, social_worker, signed_in
):
    from hearth.care_leavers.access import young_people_listed_for
    from hearth.privacy.sealing import sealed_record_create

    restrict(relevant, social_worker)
    sealed_record_create(
        child=relevant, user=social_worker, sealed_on=date(2026, 6, 9), reason="Order"
    )
    assert not young_people_listed_for(lc_manager).filter(pk=relevant.pk).exists()
    html = signed_in(lc_manager).get(reverse("care_leavers:service")).content.decode()
    assert "Restricted record" not in html and WHOLE.format(0) in html
