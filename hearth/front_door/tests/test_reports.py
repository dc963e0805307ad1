from datetime import date

import pytest
import time_machine
from django.urls import reverse

from hearth.early_help import services as early_help
from hearth.early_help.selectors import LIST_2_COLUMNS, annex_a_early_help
from hearth.front_door import selectors, services
from hearth.front_door.models import Referral
from hearth.front_door.tests.conftest import at, close_cin_episode
from hearth.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(at(2026, 11, 24, 9), tick=False):
        yield


def decide(user, contact, outcome="cin_referral", level=3):
    return services.decision_record(
        user=user, contact=contact, level_of_need=level, outcome=outcome, rationale="Reasons."
    )


class TestAnnexA:
    def test_list_one_has_a_row_per_child_per_contact_in_the_last_six_months(self, make_contact):
        twins = ChildFactory(), ChildFactory()
        make_contact(*twins, received_at=at(2026, 6, 1), referral_source="6")
        make_contact(ChildFactory(), received_at=at(2026, 5, 20))  # before the six months
        rows = selectors.annex_a_contacts(date(2026, 11, 24))
        assert len(rows) == 2
        assert tuple(rows[0]) == selectors.LIST_1_COLUMNS
        assert rows[0]["Date of Contact"] == date(2026, 6, 1)
        assert rows[0]["Contact Source"] == "6"

    def test_list_three_counts_referrals_in_the_twelve_months_before_each(
        self, make_contact, mash_manager
    ):
        child = ChildFactory()
        for when in (at(2026, 1, 5), at(2026, 7, 6), at(2026, 11, 23)):
            with time_machine.travel(when, tick=False):
                contact = make_contact(child, received_at=when)
                decide(mash_manager, contact)
                referral = Referral.objects.get(contact=contact)
                close_cin_episode(mash_manager, referral, when.date())
        rows = selectors.annex_a_referrals(date(2026, 11, 24))
        assert tuple(rows[0]) == selectors.LIST_3_COLUMNS
        assert [r["Number of Referrals in Last 12 Months"] for r in rows] == [1, 2]

    def test_list_two_has_assessments_and_open_interventions(self, mash_manager, allocated_child):
        episode = early_help.episode_start(
            user=mash_manager,
            child=allocated_child,
            start_date=date(2026, 9, 1),
            reason="Routines",
            lead_practitioner_name="Ms Lee",
            lead_organisation="Family Hub North",
        )
        early_help.episode_update(
            user=mash_manager, episode=episode, assessment_started_on=date(2026, 9, 2)
        )
        rows = annex_a_early_help(date(2026, 11, 24))
        assert tuple(rows[0]) == LIST_2_COLUMNS
        assert rows[0]["Assessment start date"] == date(2026, 9, 2)
        assert rows[0]["Organisation completing assessment"] == "Family Hub North"


class TestReports:
    def test_an_overturned_decision_is_counted(self, make_contact, mash_manager):
        contact = make_contact(ChildFactory())
        decide(mash_manager, contact, outcome="nfa", level=1)
        services.contact_reopen(user=mash_manager, contact=contact, reason="Police report")
        with time_machine.travel(at(2026, 11, 24, 10), tick=False):
            decide(mash_manager, contact)
        report = selectors.threshold_consistency(date(2026, 6, 1), date(2026, 11, 24))
        assert report.decisions == 2
        assert report.overturned == 1
        assert report.by_level.cell("Level 3", "Referral to children's social care (assessment)")

    def test_consent_outcomes_are_counted_by_team_and_month(self, make_contact, mash_practitioner):
        contact = make_contact(ChildFactory())
        services.contact_record_consent(
            user=mash_practitioner,
            contact=contact,
            status="dispensed",
            reason="significant_harm",
            rationale="Risk.",
        )
        report = selectors.consent_report(date(2026, 6, 1), date(2026, 11, 24))
        assert report.cell("MASH, 2026-11", "Dispensed with") == 1

    def test_only_a_manager_can_reopen_a_contact(
        self, make_contact, mash_manager, client, mash_practitioner
    ):
        contact = make_contact(ChildFactory())
        decide(mash_manager, contact, outcome="nfa", level=1)
        client.force_login(mash_practitioner)
        page = reverse("front_door:contact_reopen", args=[contact.pk])
        assert client.get(page).status_code == 404
        client.force_login(mash_manager)
        assert client.post(page, {"reason": "New police report"}).status_code == 302

    def test_the_reports_page_is_for_the_mash_and_leaders(
        self, client, mash_practitioner, senior_leader, social_worker, make_contact
    ):
        make_contact(ChildFactory())
        page = reverse("front_door:reports")
        for user in (mash_practitioner, senior_leader):
            client.force_login(user)
            assert "Threshold consistency" in client.get(page).content.decode()
        client.force_login(social_worker)
        assert client.get(page).status_code == 404
