"""Every page a role opens from the menu passes axe-core's WCAG 2.2 A/AA checks.

The journeys check the pages of a social worker's day; this walks the other top-level pages,
each signed in as someone whose work takes them there, and a child's pages for a child with a
record."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.system


@pytest.fixture
def mash_practitioner(db):
    return UserFactory(username="mash.one", role=Role.MASH_PRACTITIONER)


@pytest.fixture
def early_help_practitioner(db):
    return UserFactory(username="eh.one", role=Role.EARLY_HELP_PRACTITIONER)


TOP_LEVEL_PAGES = [
    ("people:search", "social_worker", "?q=Okafor"),
    ("people:add_child", "social_worker", ""),
    ("casework:team_work", "team_manager", ""),
    ("front_door:queue", "mash_practitioner", ""),
    ("front_door:thresholds", "mash_practitioner", ""),
    ("front_door:contact_create", "mash_practitioner", ""),
    ("front_door:reports", "mash_practitioner", ""),
    ("front_door:portal_home", "partner_referrer", ""),
    ("front_door:portal_submit", "partner_referrer", ""),
    ("early_help:episodes", "early_help_practitioner", ""),
    ("early_help:directory", "early_help_practitioner", ""),
    ("assessments:team", "team_manager", ""),
    ("child_protection:reports", "senior_leader", ""),
    ("audit:index", "senior_leader", ""),
    ("children_in_care:reviews_due", "iro", ""),
    ("children_in_care:challenges", "iro", ""),
    ("oversight:home", "team_manager", ""),
    ("oversight:overdue", "team_manager", ""),
    ("oversight:caseloads", "team_manager", ""),
    ("oversight:audits", "senior_leader", ""),
    ("oversight:programme_new", "senior_leader", ""),
    ("oversight:learning", "senior_leader", ""),
    ("returns:index", "senior_leader", ""),
    ("returns:data_quality", "senior_leader", ""),
    ("reference:index", "social_worker", ""),
    ("timescales:rules", "social_worker", ""),
    ("timescales:calendar", "social_worker", ""),
]

CHILD_PAGES = [
    "casework:child_detail",
    "casework:chronology",
    "casework:allocate",
    "casework:document_new",
]


@pytest.mark.parametrize(
    ("url_name", "persona", "query"),
    TOP_LEVEL_PAGES,
    ids=[name for name, _persona, _query in TOP_LEVEL_PAGES],
)
def test_the_page_has_no_accessibility_violations(
    request, page: Page, sign_in, assert_accessible, allocated_child, url_name, persona, query
):
    sign_in(page, request.getfixturevalue(persona))

    response = page.goto(reverse(url_name) + query)

    assert response is not None and response.status == 200, f"{url_name}: {response}"
    assert_accessible(page)


@pytest.mark.parametrize("url_name", CHILD_PAGES)
def test_the_child_s_page_has_no_accessibility_violations(
    page: Page, sign_in, assert_accessible, team_manager, allocated_child, url_name
):
    sign_in(page, team_manager)

    response = page.goto(reverse(url_name, args=[allocated_child.pk]))

    assert response is not None and response.status == 200, f"{url_name}: {response}"
    assert_accessible(page)
