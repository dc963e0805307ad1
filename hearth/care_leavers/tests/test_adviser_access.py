"""A personal adviser allocated while the young person is still in care sees them everywhere
(the child's page included), through the people app's circle registry; a former adviser does
not."""

from datetime import timedelta

from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.care_leavers.services import adviser_allocate
from hearth.people.models import Person


def test_an_adviser_allocated_before_leaving_care_opens_the_child_s_page(
    today, eligible, adviser, social_worker, signed_in
):
    child_page = reverse("casework:child_detail", args=[eligible.pk])
    assert signed_in(adviser).get(child_page).status_code == 404

    adviser_allocate(
        user=social_worker,
        young_person=eligible,
        adviser=adviser,
        start_date=today,
        joint_visit_on=today,
        joint_visit_attended="Social worker, personal adviser and Kai",
    )

    assert signed_in(adviser).get(child_page).status_code == 200
    assert Person.objects.children().visible_to(adviser).filter(pk=eligible.pk).exists()


def test_an_adviser_whose_allocation_ended_no_longer_sees_the_young_person(
    today, eligible, adviser, social_worker, leaving_care_team
):
    second = UserFactory(username="pa.two", role=Role.PERSONAL_ADVISER, team=leaving_care_team)
    adviser_allocate(
        user=social_worker,
        young_person=eligible,
        adviser=adviser,
        start_date=today - timedelta(days=30),
        no_joint_visit_reason="The young person asked to meet the adviser alone",
    )
    adviser_allocate(
        user=social_worker,
        young_person=eligible,
        adviser=second,
        start_date=today - timedelta(days=2),
        no_joint_visit_reason="Adviser changed after a move out of area",
    )
    visible = Person.objects.children().visible_to
    assert not visible(adviser).filter(pk=eligible.pk).exists()
    assert visible(second).filter(pk=eligible.pk).exists()
