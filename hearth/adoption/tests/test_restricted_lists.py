"""Restricted records on the list of children with an adoption plan: a restricted child in the
viewer's circle whom they are not named on stays listed (the count stays true) as "Restricted
record" with no name, link or family; opening it is still "not found"; the named user sees
the name; the query count stays fixed."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.people.tests.restricted import assert_masked, assert_named, restrict


def test_the_adoption_list_masks_a_restricted_child_the_viewer_is_not_named_on(
    journey, allocated_child, signed_in, team_manager, social_worker
):
    restrict(allocated_child, social_worker)
    client = signed_in(team_manager)
    html = client.get(reverse("adoption:children")).content.decode()
    page = reverse("adoption:child", args=[allocated_child.pk])
    assert_masked(html, allocated_child, page)
    assert "1 children, longest in care first" in html
    assert client.get(page).status_code == 404


def test_the_adoption_list_names_a_restricted_child_for_the_named_user(
    journey, allocated_child, signed_in, team_manager
):
    restrict(allocated_child, team_manager)
    html = signed_in(team_manager).get(reverse("adoption:children")).content.decode()
    assert_named(html, allocated_child)


def test_a_masked_child_keeps_the_adoption_list_query_count_fixed(
    journey, allocated_child, signed_in, team_manager
):
    client = signed_in(team_manager)
    url = reverse("adoption:children")
    client.get(url)
    with CaptureQueriesContext(connection) as named:
        client.get(url)
    restrict(allocated_child)
    with CaptureQueriesContext(connection) as masked:
        client.get(url)
    assert len(masked) == len(named)
