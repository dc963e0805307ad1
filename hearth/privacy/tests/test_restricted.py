"""Restricted records (a staff member's child, a high-profile case): only the named users open
them; everyone else in the child's circle sees a masked row in search and no name anywhere,
and opening one answers "not found", break-glass included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.core.models import AuditAction, AuditEntry
from hearth.people.access import emergency_candidates
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(allocated_child, social_worker):
    allocated_child.first_name, allocated_child.last_name = "Zephyrine", "Quillfeather"
    allocated_child.restricted = True
    allocated_child.save()
    allocated_child.restricted_to.add(social_worker)
    return allocated_child


def test_search_masks_a_restricted_child_for_a_colleague_not_named_on_it(
    client, restricted, colleague
):
    client.force_login(colleague)
    response = client.get(reverse("people:search"), {"q": "Quillfeather"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Restricted record" in page and "1 child found" in page
    assert "Zephyrine" not in page and "Quillfeather</a>" not in page
    assert reverse("casework:child_detail", args=[restricted.pk]) not in page


def test_search_shows_the_named_user_the_child_by_name(client, restricted, social_worker):
    client.force_login(social_worker)
    page = client.get(reverse("people:search"), {"q": "Quillfeather"}).content.decode()
    assert "Zephyrine Quillfeather" in page and "Restricted record" not in page


def test_search_finds_nothing_for_someone_outside_the_circle(client, restricted, other_worker):
    client.force_login(other_worker)
    page = client.get(reverse("people:search"), {"q": "Quillfeather"}).content.decode()
    assert "0 children found" in page and "Restricted record" not in page


def test_listed_for_marks_only_the_unnamed_users_row_masked(
    restricted, other_child, social_worker, iro, colleague
):
    assert [p.masked for p in Person.objects.listed_for(social_worker)] == [False]
    masked = {p.pk: p.masked for p in Person.objects.children().listed_for(iro)}
    assert masked == {restricted.pk: True, other_child.pk: False}
    assert not Person.objects.visible_to(colleague).filter(pk=restricted.pk).exists()


def test_opening_a_masked_record_is_the_outsiders_audited_not_found(client, restricted, colleague):
    client.force_login(colleague)
    response = client.get(reverse("casework:child_detail", args=[restricted.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, actor=colleague, object_id=str(restricted.pk)
    ).exists()


def test_break_glass_never_finds_a_restricted_record(restricted, other_worker):
    reason = "Police at the door asking about this child tonight"
    assert emergency_candidates(other_worker, "Quillfeather", reason) == []


def test_my_work_and_the_team_worktray_never_show_the_name_to_unnamed_users(
    client, restricted, team_manager, social_worker
):
    client.force_login(team_manager)
    for name in ("casework:my_work", "casework:team_work"):
        page = client.get(reverse(name)).content.decode()
        assert "Quillfeather" not in page
    client.force_login(social_worker)
    assert "Quillfeather" in client.get(reverse("casework:my_work")).content.decode()
