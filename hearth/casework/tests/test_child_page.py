from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from markupsafe import escape

from hearth.casework import services
from hearth.core.models import AuditAction, AuditEntry
from hearth.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


def test_the_childs_page_shows_header_due_work_and_allocation(
    signed_in, social_worker, team_a, allocated_child, today
):
    response = signed_in(social_worker).get(
        reverse("casework:child_detail", args=[allocated_child.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amara Okafor" in html
    assert allocated_child.la_child_id in html
    assert escape(str(social_worker)) in html and escape(str(team_a)) in html
    assert "Due and overdue" in html
    assert "First visit after allocation" in html
    assert "Overdue" in html
    assert "Rule: First visit after allocation (local policy)" in html
    assert "Allocation history" in html
    assert "Personal details" in html
    assert "Family network" in html


def test_the_childs_page_shows_a_restricted_marker(
    signed_in, social_worker, allocated_child, today
):
    allocated_child.restricted = True
    allocated_child.save()
    allocated_child.restricted_to.add(social_worker)
    response = signed_in(social_worker).get(
        reverse("casework:child_detail", args=[allocated_child.pk])
    )
    assert "Restricted record" in response.content.decode()


def test_an_outsider_gets_not_found_for_the_childs_page_and_it_is_audited(
    signed_in, other_worker, allocated_child, today
):
    response = signed_in(other_worker).get(
        reverse("casework:child_detail", args=[allocated_child.pk])
    )
    assert response.status_code == 404
    assert AuditEntry.objects.filter(actor=other_worker, action=AuditAction.DENIED).exists()


def test_only_audit_readers_see_the_link_to_the_audit_page(
    signed_in, social_worker, senior_leader, allocated_child, today
):
    audit_url = reverse("audit:child_audit", args=[allocated_child.pk])
    page = reverse("casework:child_detail", args=[allocated_child.pk])
    assert audit_url not in signed_in(social_worker).get(page).content.decode()
    assert audit_url in signed_in(senior_leader).get(page).content.decode()


def test_drafts_of_other_people_are_not_listed(
    signed_in, social_worker, colleague, allocated_child, draft_note, today
):
    draft_note(allocated_child, colleague, subject="Colleague's private draft")
    draft_note(allocated_child, social_worker, subject="My own draft")
    html = (
        signed_in(social_worker)
        .get(reverse("casework:child_detail", args=[allocated_child.pk]))
        .content.decode()
    )
    assert "My own draft" in html
    assert "Colleague&#39;s private draft" not in html and "Colleague's private draft" not in html


def test_significant_events_can_be_shown_first(
    signed_in, social_worker, allocated_child, visit_note, today
):
    visit_note(
        allocated_child, social_worker, date(2026, 1, 7), subject="Old disclosure", significant=True
    )
    for day in range(2, 14):
        visit_note(allocated_child, social_worker, date(2026, 2, day), subject=f"Routine {day}")
    page = reverse("casework:child_detail", args=[allocated_child.pk])
    client = signed_in(social_worker)

    def chronology_section(url):
        html = client.get(url).content.decode()
        return html.split('id="chronology"')[1].split('id="case-notes"')[0]

    assert "Old disclosure" not in chronology_section(page)
    assert "Old disclosure" in chronology_section(page + "?chronology=significant")


def _child_page_queries(client, child):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("casework:child_detail", args=[child.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_childs_page_makes_the_same_number_of_queries_whatever_the_record_size(
    signed_in,
    social_worker,
    team_manager,
    colleague,
    team_a,
    allocated_child,
    visit_note,
    draft_note,
    django_assert_num_queries,
    today,
):
    # A small record: one of everything (prefetches skip their query when nothing is found,
    # so "small" is not "empty").
    RelationshipFactory(child=allocated_child, relative=AdultFactory(), kind="parent")
    AddressFactory(person=allocated_child)
    visit_note(allocated_child, social_worker, date(2026, 1, 8))
    client = signed_in(social_worker)
    client.get(reverse("casework:child_detail", args=[allocated_child.pk]))  # warm caches
    small = _child_page_queries(client, allocated_child)
    # The whole request, sign-in and audit included; was 60 before the empty-section probe.
    assert small <= 48

    for day in range(1, 25):
        visit_note(allocated_child, social_worker, date(2026, 2, day), significant=day % 3 == 0)
        draft_note(allocated_child, social_worker)
    services.allocation_start(
        user=team_manager,
        child=allocated_child,
        team=team_a,
        worker=colleague,
        start_date=date(2026, 3, 2),
    )
    services.allocation_start(
        user=team_manager,
        child=allocated_child,
        team=team_a,
        worker=social_worker,
        start_date=date(2026, 3, 3),
    )
    for n in range(4):
        sibling = ChildFactory()
        RelationshipFactory(child=allocated_child, relative=sibling, kind="sibling")
        RelationshipFactory(child=sibling, relative=AdultFactory(), kind="parent")
        RelationshipFactory(child=allocated_child, relative=AdultFactory(), kind="aunt_uncle")
        AddressFactory(person=allocated_child, start_date=date(2020 + n, 1, 1))
    for n in range(5):
        services.document_upload(
            user=social_worker,
            child=allocated_child,
            document_type="report",
            title=f"Report {n}",
            upload=BytesIO(b"%PDF-1.4"),
            original_filename="r.pdf",
            content_type="application/pdf",
        )
    with django_assert_num_queries(small):
        response = client.get(reverse("casework:child_detail", args=[allocated_child.pk]))
    assert response.status_code == 200


def test_an_unborn_unallocated_child_has_a_page_for_borough_wide_roles(signed_in, iro, today):
    unborn = ChildFactory(date_of_birth=None, expected_date_of_birth=date(2026, 6, 1))
    response = signed_in(iro).get(reverse("casework:child_detail", args=[unborn.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Unborn (expected 1 June 2026)" in html
    assert "Not allocated to a team" in html
    assert "has never been allocated" in html


def test_the_users_drafts_are_listed_before_final_notes(
    signed_in, social_worker, allocated_child, visit_note, draft_note, today
):
    visit_note(allocated_child, social_worker, date(2026, 3, 9), subject="Final visit")
    draft_note(allocated_child, social_worker, subject="Unfinished call", contact_date=None)
    html = (
        signed_in(social_worker)
        .get(reverse("casework:child_detail", args=[allocated_child.pk]))
        .content.decode()
    )
    notes = html.split('id="case-notes"')[1]
    assert notes.index("Unfinished call") < notes.index("Final visit")


def test_the_other_apps_empty_sections_cost_one_query_and_still_say_so(
    signed_in, social_worker, allocated_child, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(social_worker)
    url = reverse("casework:child_detail", args=[allocated_child.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    read = [q["sql"] for q in captured.captured_queries]
    probes = [sql for sql in read if '"adoption_permanenceorder"' in sql]
    assert len(probes) == 1  # one query asks about every section table
    for table in ("child_protection_strategydiscussion", "portal_portalaccount"):
        assert table in probes[0]
        assert sum(f'"{table}"' in sql for sql in read) == 1  # and none is read again
    html = response.content.decode()
    assert "No strategy discussions, enquiries, plans or pre-proceedings." in html
    assert "has not been looked after" in html
    assert "No adoption decision or permanence order" in html
    assert "Missing or away episodes: 0 in the last 30 days, 0 in 90 days" in html
    assert "Young people's portal" not in html


def test_a_section_with_rows_is_read_as_before(signed_in, social_worker, allocated_child, today):
    from hearth.portal.tests.factories import portal_account

    portal_account(allocated_child)
    response = signed_in(social_worker).get(
        reverse("casework:child_detail", args=[allocated_child.pk])
    )
    html = response.content.decode()
    assert "Young people&#39;s portal" in html or "Young people's portal" in html
    assert "No account yet." not in html and "Account " in html
