"""Restricted records on the child protection practice reports: a restricted child in the
manager's circle whom they are not named on stays on each list (counts stay true) as
"Restricted record", with no name, link or free text; opening it is still "not found"; the
named user sees the name."""

from datetime import date

import pytest
from django.urls import reverse

from hearth.child_protection import services
from hearth.child_protection.models import PoliceActionKind
from hearth.people.tests.restricted import assert_masked, assert_named, restrict


@pytest.fixture
def abe_without_worker(strategy, social_worker):
    enquiry = strategy(date(2026, 5, 20)).enquiry
    services.police_action_record(
        user=social_worker,
        enquiry=enquiry,
        kind=PoliceActionKind.ABE_INTERVIEW,
        action_date=date(2026, 5, 21),
        social_worker_present=False,
        no_social_worker_reason="No worker free",
    )
    return enquiry


def test_the_reports_mask_a_restricted_child_the_manager_is_not_named_on(
    abe_without_worker, allocated_child, team_manager, social_worker, signed_in
):
    restrict(allocated_child, social_worker)
    client = signed_in(team_manager)
    html = client.get(reverse("child_protection:reports")).content.decode()
    page = reverse("child_protection:enquiry", args=[allocated_child.pk, abe_without_worker.pk])
    assert_masked(html, allocated_child, page)
    assert "No worker free" not in html
    assert "ABE interviews without a social worker (1)" in html
    assert "Section 47 enquiries without a conference decision (1)" in html
    assert client.get(page).status_code == 404


def test_the_reports_name_a_restricted_child_for_the_named_manager(
    abe_without_worker, allocated_child, team_manager, signed_in
):
    restrict(allocated_child, team_manager)
    html = signed_in(team_manager).get(reverse("child_protection:reports")).content.decode()
    assert_named(html, allocated_child)
    assert "No worker free" in html


def test_a_masked_child_keeps_the_reports_query_count_fixed(
    abe_without_worker, allocated_child, team_manager, signed_in, django_assert_max_num_queries
):
    client = signed_in(team_manager)
    url = reverse("child_protection:reports")
    client.get(url)
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    restrict(allocated_child)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)
