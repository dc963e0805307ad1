"""A sealed (adopted) child's leaving care record stays sealed on every leaving care route:
the adviser's allocation and the leaving care service's own duty (looked-after young people
aged 15 to 25) apply the people app's exclusion registry, like `visible_to`."""

from datetime import date

from django.urls import reverse

from hearth.care_leavers.access import young_people_visible_to
from hearth.care_leavers.models import AdviserAllocation
from hearth.care_leavers.services import adviser_allocate
from hearth.privacy.sealing import sealed_record_create


def _seal_with_adviser(today, eligible, adviser, social_worker):
    adviser_allocate(
        user=social_worker,
        young_person=eligible,
        adviser=adviser,
        start_date=today,
        no_joint_visit_reason="The young person asked to meet the adviser alone",
    )
    sealed_record_create(
        child=eligible, user=social_worker, sealed_on=date(2026, 6, 9), reason="Order"
    )


def test_a_sealed_young_person_leaves_the_advisers_and_the_services_lists_and_404s(
    today, eligible, adviser, lc_manager, social_worker, signed_in
):
    _seal_with_adviser(today, eligible, adviser, social_worker)
    page = reverse("care_leavers:young_person", args=[eligible.pk])
    for user in (adviser, lc_manager, social_worker):
        assert not young_people_visible_to(user).filter(pk=eligible.pk).exists()
        assert not AdviserAllocation.objects.visible_to(user).exists()
        assert signed_in(user).get(page).status_code == 404


def test_a_sealed_record_role_still_sees_the_leaving_care_record(
    today, eligible, adviser, social_worker, senior_leader, signed_in
):
    _seal_with_adviser(today, eligible, adviser, social_worker)
    assert AdviserAllocation.objects.visible_to(senior_leader).filter(adviser=adviser).exists()
    page = reverse("care_leavers:young_person", args=[eligible.pk])
    assert signed_in(senior_leader).get(page).status_code == 200
