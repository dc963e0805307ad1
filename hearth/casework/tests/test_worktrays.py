from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.casework.tests.factories import AllocationFactory
from hearth.people.tests.factories import ChildFactory
from hearth.people.tests.restricted import assert_masked, assert_named, restrict

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_start_page_goes_to_my_work(signed_in, social_worker):
    response = signed_in(social_worker).get(reverse("core:start"))
    assert response.status_code == 302 and response.url == reverse("casework:my_work")


def test_my_work_lists_overdue_work_first_with_counts(
    signed_in, social_worker, team_a, allocated_child, visit_note, draft_note, today
):
    visited = ChildFactory(first_name="Zara", last_name="Visited")
    AllocationFactory(child=visited, team=team_a, worker=social_worker)
    visit_note(visited, social_worker, date(2026, 3, 6))  # next visit due 7 April: upcoming
    soon = ChildFactory(first_name="Sam", last_name="Soon")
    AllocationFactory(child=soon, team=team_a, worker=social_worker, start_date=date(2026, 3, 9))
    draft_note(
        allocated_child, social_worker, subject="Call with school", contact_date=date(2026, 3, 6)
    )

    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()

    # Amara: first visit overdue (due 12 Jan) and a draft due yesterday: 2 overdue.
    # Sam: first visit due 16 March: due this week. Zara: next visit upcoming.
    assert "2 overdue, 1 due this week" in html
    due_section = html.split('id="due"')[1].split('id="drafts"')[0]
    assert due_section.index("Overdue") < due_section.index("Due soon")
    assert due_section.index("Due soon") < due_section.index("Upcoming")
    assert "Call with school" in html.split('id="drafts"')[1]
    caseload = html.split('id="caseload"')[1]
    assert "3 children allocated to you" in caseload
    assert reverse("people:search") in html


def test_my_work_does_not_show_other_workers_children(
    signed_in, social_worker, other_child, allocated_child, today
):
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "Ben Taylor" not in html
    assert "Amara Okafor" in html


def test_my_work_makes_the_same_number_of_queries_whatever_the_caseload(
    signed_in, social_worker, allocated_child, caseload, django_assert_num_queries, today
):
    client = signed_in(social_worker)
    caseload(1)
    client.get(reverse("casework:my_work"))
    small = _queries(client, reverse("casework:my_work"))
    caseload(20)
    with django_assert_num_queries(small):
        response = client.get(reverse("casework:my_work"))
    assert "22 children allocated to you" in response.content.decode()


def test_team_work_shows_caseloads_overdue_counts_and_unallocated_children(
    signed_in, team_manager, social_worker, colleague, team_a, allocated_child, today
):
    waiting = ChildFactory(first_name="Una", last_name="Waiting")
    AllocationFactory(child=waiting, team=team_a, worker=None)
    html = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert "Safeguarding Team A" in html
    assert "2 children allocated to the team" in html
    assert "Una Waiting" in html.split("Children without a named worker")[1]
    assert reverse("casework:allocate", args=[waiting.pk]) in html


def test_team_work_is_not_found_for_a_social_worker(signed_in, social_worker, today):
    assert signed_in(social_worker).get(reverse("casework:team_work")).status_code == 404


def test_team_work_does_not_show_another_managers_team(
    signed_in, team_manager, other_child, allocated_child, today
):
    html = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert "Ben Taylor" not in html and "Safeguarding Team B" not in html


def test_a_service_manager_sees_every_team_in_their_service(
    signed_in, safeguarding_service, team_a, team_b, allocated_child, other_child, today
):
    manager = UserFactory(username="svc.mgr", role=Role.SERVICE_MANAGER)
    safeguarding_service.manager = manager
    safeguarding_service.save()
    html = signed_in(manager).get(reverse("casework:team_work")).content.decode()
    assert "Safeguarding Team A" in html and "Safeguarding Team B" in html


def test_team_work_makes_the_same_number_of_queries_whatever_the_team_size(
    signed_in, team_manager, team_a, allocated_child, caseload, django_assert_num_queries, today
):
    client = signed_in(team_manager)
    caseload(1)
    client.get(reverse("casework:team_work"))
    small = _queries(client, reverse("casework:team_work"))
    caseload(20)
    for _ in range(3):
        AllocationFactory(child=ChildFactory(), team=team_a, worker=None)
    UserFactory(username="sw.new", role=Role.SOCIAL_WORKER, team=team_a)
    with django_assert_num_queries(small):
        client.get(reverse("casework:team_work"))


def test_managers_have_team_work_in_the_menu_and_social_workers_do_not(
    signed_in, team_manager, social_worker, today
):
    menu_link = f'href="{reverse("casework:team_work")}"'
    assert menu_link in signed_in(team_manager).get(reverse("casework:my_work")).content.decode()
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert menu_link not in html


def test_restricted_children_are_named_only_for_the_people_named_on_them_and_masked_for_others(
    signed_in, social_worker, team_manager, team_a, today
):
    staff_child = restrict(
        ChildFactory(first_name="Rhea", last_name="Ravensworth", date_of_birth=date(2015, 6, 7)),
        social_worker,
    )
    AllocationFactory(child=staff_child, team=team_a, worker=social_worker)
    page = reverse("casework:child_detail", args=[staff_child.pk])

    assert_named(
        signed_in(social_worker).get(reverse("casework:my_work")).content.decode(), staff_child
    )
    team_page = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert staff_child.last_name not in team_page
    # The manager's counts stay true: the child counts on the team and the worker's caseload.
    assert "1 child allocated to the team" in team_page

    staff_child.restricted_to.remove(social_worker)
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert_masked(html, staff_child, page)
    assert "7 June 2015" not in html and "1 child allocated to you" in html
    # Opening it still answers "not found".
    opened = signed_in(social_worker).get(reverse("casework:child_detail", args=[staff_child.pk]))
    assert opened.status_code == 404


def test_a_team_managers_unallocated_list_masks_a_restricted_child_without_a_link(
    signed_in, team_manager, team_a, today
):
    staff_child = restrict(ChildFactory(first_name="Rhea", last_name="Ravensworth"))
    AllocationFactory(child=staff_child, team=team_a, worker=None)

    html = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert_masked(
        html,
        staff_child,
        reverse("casework:child_detail", args=[staff_child.pk]),
        reverse("casework:allocate", args=[staff_child.pk]),
    )
    assert "1 without a named worker" in html

    staff_child.restricted_to.add(team_manager)
    html = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert_named(html, staff_child)


def test_a_sealed_record_stays_off_the_team_list(signed_in, team_manager, team_a, today):
    from hearth.privacy.sealing import sealed_record_create

    sealed = ChildFactory(first_name="Sol", last_name="Sealed")
    AllocationFactory(child=sealed, team=team_a, worker=None)
    sealed_record_create(child=sealed, user=team_manager, sealed_on=today, reason="Order")
    html = signed_in(team_manager).get(reverse("casework:team_work")).content.decode()
    assert "Sol Sealed" not in html and "Restricted record" not in html
    assert "0 children allocated to the team" in html


def test_drafts_on_a_child_no_longer_visible_are_not_offered(
    signed_in, social_worker, team_manager, team_b, allocated_child, draft_note, today
):
    draft_note(allocated_child, social_worker, subject="Left behind")
    from hearth.casework import services

    services.allocation_start(
        user=team_manager, child=allocated_child, team=team_b, start_date=today
    )
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "Left behind" not in html


def test_a_draft_on_a_caseload_child_restricted_against_the_user_is_not_offered(
    signed_in, social_worker, allocated_child, draft_note, today
):
    draft_note(allocated_child, social_worker, subject="Kept from view")
    restrict(allocated_child)
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    assert "Kept from view" not in html
    assert "1 child allocated to you" in html


def test_a_draft_on_a_team_childs_record_off_the_caseload_is_still_offered(
    signed_in, social_worker, colleague, team_a, draft_note, today
):
    teammates_child = ChildFactory(first_name="Tia", last_name="Teammate")
    AllocationFactory(child=teammates_child, team=team_a, worker=colleague)
    note = draft_note(teammates_child, social_worker, subject="Covering a visit")
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    drafts = html.split('id="drafts"')[1].split('id="caseload"')[0]
    assert "Covering a visit" in drafts
    assert f'href="{reverse("casework:case_note", args=[teammates_child.pk, note.pk])}"' in drafts


def test_each_caseload_row_links_to_the_childs_page(
    signed_in, social_worker, allocated_child, today
):
    html = signed_in(social_worker).get(reverse("casework:my_work")).content.decode()
    caseload = html.split('id="caseload"')[1]
    assert f'href="{reverse("casework:child_detail", args=[allocated_child.pk])}"' in caseload
