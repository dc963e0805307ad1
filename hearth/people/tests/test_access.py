import pytest
from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry
from hearth.people.models import Person


@pytest.mark.django_db
class TestNeedToKnow:
    def test_allocated_worker_sees_their_child(self, social_worker, allocated_child, other_child):
        visible = set(Person.objects.children().visible_to(social_worker))
        assert visible == {allocated_child}

    def test_team_colleague_and_manager_see_the_teams_children(
        self, colleague, team_manager, allocated_child, other_child
    ):
        assert set(Person.objects.visible_to(colleague)) == {allocated_child}
        assert set(Person.objects.visible_to(team_manager)) == {allocated_child}

    def test_borough_wide_roles_see_every_child(self, iro, allocated_child, other_child):
        assert set(Person.objects.visible_to(iro)) == {allocated_child, other_child}

    def test_restricted_record_is_visible_only_to_named_users(
        self, iro, social_worker, allocated_child
    ):
        allocated_child.restricted = True
        allocated_child.save()
        allocated_child.restricted_to.add(social_worker)
        assert list(Person.objects.visible_to(social_worker)) == [allocated_child]
        assert list(Person.objects.visible_to(iro)) == []

    def test_outsider_gets_not_found_and_the_attempt_is_audited(
        self, client, other_worker, allocated_child
    ):
        client.force_login(other_worker)
        response = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
        assert response.status_code == 404
        denied = AuditEntry.objects.filter(action=AuditAction.DENIED, actor=other_worker)
        assert denied.filter(object_id=str(allocated_child.pk)).exists()

    def test_allocated_worker_opens_the_child_and_the_view_is_audited(
        self, client, social_worker, allocated_child
    ):
        client.force_login(social_worker)
        response = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
        assert response.status_code == 200
        assert AuditEntry.objects.filter(
            action=AuditAction.VIEW, child_id=allocated_child.pk, actor=social_worker
        ).exists()
