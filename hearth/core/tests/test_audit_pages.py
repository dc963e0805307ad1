from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from markupsafe import escape

from hearth.core.audit import Auditor
from hearth.core.audit_presenters import CHILD_TRAIL, SEARCH, USER_TRAIL
from hearth.core.models import AuditAction, AuditEntry

LONDON = ZoneInfo("Europe/London")


def rows(response) -> int:
    """Rows in the page's entries table (the header row excluded)."""
    body = response.content.decode()
    if "<tbody" not in body:
        return 0
    tbody = body.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return tbody.count('<tr class="govuk-table__row">')


def child_audit_url(child, **params) -> str:
    from urllib.parse import urlencode

    url = reverse("audit:child_audit", args=[child.pk])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.fixture
def trail(social_worker, team_manager, allocated_child, time_machine):
    """A view in January, a change with a reason in February, a view in March."""
    time_machine.move_to(datetime(2026, 1, 12, 9, 30, tzinfo=LONDON), tick=False)
    Auditor(user=social_worker).viewed(allocated_child, child_id=allocated_child.pk)
    time_machine.move_to(datetime(2026, 2, 16, 14, 5, tzinfo=LONDON), tick=False)
    Auditor(user=team_manager).changed(
        allocated_child,
        child_id=allocated_child.pk,
        changes={"known_as": ["", "Mara"]},
        summary="Changed the child's details",
        reason="Amara asked to be called Mara",
    )
    time_machine.move_to(datetime(2026, 3, 10, 11, 0, tzinfo=LONDON), tick=False)
    Auditor(user=social_worker).viewed(allocated_child, child_id=allocated_child.pk)


@pytest.mark.django_db
class TestWhoHasViewedOrChangedAChildsRecord:
    def test_a_senior_leader_sees_when_who_and_what_for_each_entry(
        self, client, senior_leader, trail, allocated_child, team_manager
    ):
        client.force_login(senior_leader)
        response = client.get(child_audit_url(allocated_child))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Who has viewed or changed this child's record</h1>" in page
        assert allocated_child.la_child_id in page
        assert "16 February 2026 at 2:05pm" in page
        assert escape(team_manager.get_full_name()) in page
        assert "Team manager, Safeguarding Team A" in page
        assert "Known as: (blank)" in page and "Mara" in page
        assert "Reason: Amara asked to be called Mara" in page
        assert rows(response) == 4  # three entries and this view of the audit page

    def test_an_administrator_may_read_the_audit_trail(
        self, client, administrator, trail, allocated_child
    ):
        client.force_login(administrator)
        assert client.get(child_audit_url(allocated_child)).status_code == 200

    @pytest.mark.parametrize("persona", ["social_worker", "team_manager", "iro", "other_worker"])
    def test_everyone_else_gets_not_found_and_the_attempt_is_audited(
        self, client, request, persona, allocated_child
    ):
        user = request.getfixturevalue(persona)
        client.force_login(user)
        response = client.get(child_audit_url(allocated_child))
        assert response.status_code == 404
        refused = AuditEntry.objects.get(actor=user, action=AuditAction.DENIED)
        assert refused.object_type == CHILD_TRAIL
        assert refused.child_id == allocated_child.pk

    def test_viewing_the_audit_page_is_itself_audited(self, client, senior_leader, allocated_child):
        client.force_login(senior_leader)
        client.get(child_audit_url(allocated_child))
        entry = AuditEntry.objects.filter(actor=senior_leader).latest("id")
        assert (entry.action, entry.object_type, entry.child_id) == (
            AuditAction.VIEW,
            CHILD_TRAIL,
            allocated_child.pk,
        )

    def test_a_child_that_does_not_exist_is_not_found(self, client, senior_leader):
        client.force_login(senior_leader)
        assert client.get(reverse("audit:child_audit", args=[987654])).status_code == 404

    def test_entries_can_be_filtered_by_action(self, client, senior_leader, trail, allocated_child):
        client.force_login(senior_leader)
        response = client.get(child_audit_url(allocated_child, action="update"))
        assert rows(response) == 1
        assert "Amara asked to be called Mara" in response.content.decode()

    def test_entries_can_be_filtered_by_person(
        self, client, senior_leader, trail, allocated_child, social_worker
    ):
        client.force_login(senior_leader)
        response = client.get(child_audit_url(allocated_child, person=social_worker.pk))
        assert rows(response) == 2
        assert "Amara asked to be called Mara" not in response.content.decode()

    def test_the_person_filter_offers_only_people_on_this_childs_trail(
        self, client, senior_leader, trail, allocated_child, other_worker
    ):
        client.force_login(senior_leader)
        page = client.get(child_audit_url(allocated_child)).content.decode()
        assert f'value="{other_worker.pk}"' not in page

    def test_entries_can_be_filtered_by_date_range(
        self, client, senior_leader, trail, allocated_child
    ):
        client.force_login(senior_leader)
        response = client.get(
            child_audit_url(
                allocated_child,
                **{
                    "date_from-day": "1",
                    "date_from-month": "2",
                    "date_from-year": "2026",
                    "date_to-day": "16",
                    "date_to-month": "2",
                    "date_to-year": "2026",
                },
            )
        )
        assert rows(response) == 1
        assert "16 February 2026" in response.content.decode()

    def test_an_end_date_before_the_start_date_is_explained(
        self, client, senior_leader, trail, allocated_child
    ):
        client.force_login(senior_leader)
        response = client.get(
            child_audit_url(
                allocated_child,
                **{
                    "date_from-day": "1",
                    "date_from-month": "3",
                    "date_from-year": "2026",
                    "date_to-day": "1",
                    "date_to-month": "2",
                    "date_to-year": "2026",
                },
            )
        )
        page = response.content.decode()
        assert "There is a problem" in page
        assert "The end date must be the same as or after the start date" in page

    def test_entries_come_fifty_to_a_page_and_the_links_keep_the_filters(
        self, client, senior_leader, social_worker, allocated_child
    ):
        auditor = Auditor(user=social_worker)
        for _ in range(120):
            auditor.viewed(allocated_child, child_id=allocated_child.pk)
        client.force_login(senior_leader)
        first = client.get(child_audit_url(allocated_child, action="view"))
        assert rows(first) == 50
        assert "Showing 1 to 50 of 121 entries" in first.content.decode()
        assert "action=view&amp;page=2" in first.content.decode()
        third = client.get(child_audit_url(allocated_child, action="view", page=3))
        assert rows(third) == 22  # 120 views, this page's own view and the first page's

    def test_the_page_makes_a_fixed_number_of_queries(
        self, client, senior_leader, social_worker, colleague, allocated_child
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(senior_leader)
        client.get(child_audit_url(allocated_child))  # the session and chain head exist
        Auditor(user=social_worker).viewed(allocated_child, child_id=allocated_child.pk)
        with CaptureQueriesContext(connection) as small:
            client.get(child_audit_url(allocated_child))
        for user in (social_worker, colleague):
            for _ in range(40):
                Auditor(user=user).changed(
                    allocated_child, child_id=allocated_child.pk, changes={"a": [1, 2]}
                )
        with CaptureQueriesContext(connection) as large:
            client.get(child_audit_url(allocated_child))
        assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
class TestFindingAnAuditTrail:
    def test_a_senior_leader_finds_a_child_by_la_child_id(
        self, client, senior_leader, allocated_child, other_child
    ):
        client.force_login(senior_leader)
        response = client.get(reverse("audit:index"), {"q": allocated_child.la_child_id})
        page = response.content.decode()
        assert reverse("audit:child_audit", args=[allocated_child.pk]) in page
        assert reverse("audit:child_audit", args=[other_child.pk]) not in page

    def test_a_senior_leader_finds_a_child_by_name(
        self, client, senior_leader, allocated_child, other_child
    ):
        client.force_login(senior_leader)
        page = client.get(reverse("audit:index"), {"q": "Amara Okafor"}).content.decode()
        assert reverse("audit:child_audit", args=[allocated_child.pk]) in page

    def test_an_administrator_finds_a_restricted_childs_trail(
        self, client, administrator, allocated_child
    ):
        allocated_child.restricted = True
        allocated_child.save()
        client.force_login(administrator)
        page = client.get(reverse("audit:index"), {"q": "Okafor"}).content.decode()
        assert reverse("audit:child_audit", args=[allocated_child.pk]) in page
        assert "Restricted record" in page

    def test_no_match_says_so(self, client, senior_leader, allocated_child):
        client.force_login(senior_leader)
        page = client.get(reverse("audit:index"), {"q": "Nobody"}).content.decode()
        assert "No child matches ‘Nobody’" in page

    def test_a_search_is_audited(self, client, senior_leader, allocated_child):
        client.force_login(senior_leader)
        client.get(reverse("audit:index"), {"q": "Okafor"})
        entry = AuditEntry.objects.get(actor=senior_leader, object_type=SEARCH)
        assert entry.summary == "Searched the audit trail for child 'Okafor'"

    def test_opening_the_search_page_without_searching_is_not_audited(self, client, senior_leader):
        client.force_login(senior_leader)
        assert client.get(reverse("audit:index")).status_code == 200
        assert not AuditEntry.objects.filter(object_type=SEARCH).exists()

    def test_a_member_of_staff_can_be_found_by_name(self, client, senior_leader, social_worker):
        client.force_login(senior_leader)
        page = client.get(reverse("audit:index"), {"who": social_worker.last_name}).content.decode()
        assert reverse("audit:user_audit", args=[social_worker.pk]) in page

    def test_a_social_worker_gets_not_found(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get(reverse("audit:index"), {"q": "Okafor"}).status_code == 404


@pytest.mark.django_db
class TestWhatOneMemberOfStaffHasViewed:
    def test_the_page_lists_the_children_they_viewed(
        self, client, administrator, social_worker, trail, allocated_child
    ):
        client.force_login(administrator)
        response = client.get(reverse("audit:user_audit", args=[social_worker.pk]))
        page = response.content.decode()
        assert response.status_code == 200
        # Names as the page escapes them (factories make names like O'Connor).
        assert escape(social_worker.get_full_name()) in page
        assert escape(allocated_child.full_name) in page
        assert reverse("audit:child_audit", args=[allocated_child.pk]) in page
        assert rows(response) == 2

    def test_the_page_can_be_filtered_by_action(self, client, administrator, team_manager, trail):
        client.force_login(administrator)
        url = reverse("audit:user_audit", args=[team_manager.pk])
        assert rows(client.get(url, {"action": "view"})) == 0
        assert rows(client.get(url, {"action": "update"})) == 1

    def test_opening_the_page_is_audited(self, client, administrator, social_worker):
        client.force_login(administrator)
        client.get(reverse("audit:user_audit", args=[social_worker.pk]))
        entry = AuditEntry.objects.get(actor=administrator, object_type=USER_TRAIL)
        assert entry.object_id == str(social_worker.pk)

    def test_a_user_who_does_not_exist_is_not_found(self, client, administrator):
        client.force_login(administrator)
        assert client.get(reverse("audit:user_audit", args=[987654])).status_code == 404

    def test_a_team_manager_gets_not_found_and_the_attempt_is_audited(
        self, client, team_manager, social_worker
    ):
        client.force_login(team_manager)
        response = client.get(reverse("audit:user_audit", args=[social_worker.pk]))
        assert response.status_code == 404
        assert AuditEntry.objects.filter(
            actor=team_manager, action=AuditAction.DENIED, object_type=USER_TRAIL
        ).exists()

    def test_the_page_makes_a_fixed_number_of_queries(
        self, client, administrator, social_worker, allocated_child, other_child
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from hearth.people.tests.factories import ChildFactory

        client.force_login(administrator)
        url = reverse("audit:user_audit", args=[social_worker.pk])
        Auditor(user=social_worker).viewed(allocated_child, child_id=allocated_child.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        for child in [other_child, *ChildFactory.create_batch(30)]:
            Auditor(user=social_worker).viewed(child, child_id=child.pk)
        with CaptureQueriesContext(connection) as large:
            client.get(url)
        assert len(large.captured_queries) == len(small.captured_queries)
