from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.core.models import AuditAction, AuditEntry
from hearth.front_door import services
from hearth.front_door.models import Contact, MashCheck, Referral
from hearth.front_door.tests.conftest import at
from hearth.people.models import Person
from hearth.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(at(2026, 11, 24, 9), tick=False):
        yield


@pytest.fixture
def child(db):
    return ChildFactory(first_name="Maya", last_name="Harris", date_of_birth=date(2016, 5, 1))


def url(name, *args):
    return reverse(f"front_door:{name}", args=args)


def contact_form_data(**overrides):
    data = {
        "route": "phone",
        "received_on-day": "24",
        "received_on-month": "11",
        "received_on-year": "2026",
        "received_time": "08:15",
        "referral_source": "3B",
        "referrer_name": "Jo Evans",
        "referrer_agency": "Hearthside Health Visiting",
        "concern": "Baby not brought to three appointments; mother low in mood.",
        "family_aware": "yes",
        "rag": "amber",
        "consent_status": "given",
    }
    data.update(overrides)
    return data


class TestQueue:
    def test_the_mash_sees_every_open_contact_whatever_its_route(
        self, client, mash_practitioner, make_contact, child, other_child
    ):
        make_contact(child, route="phone")
        make_contact(other_child, route="police_notification")
        client.force_login(mash_practitioner)
        response = client.get(url("queue"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Maya Harris" in body and "Ben Taylor" in body
        assert "Police notification: 1" in body

    def test_other_staff_see_only_contacts_about_children_they_may_see(
        self, client, social_worker, make_contact, allocated_child, other_child
    ):
        make_contact(allocated_child)
        make_contact(other_child)
        client.force_login(social_worker)
        body = client.get(url("queue")).content.decode()
        assert "Amara Okafor" in body
        assert "Ben Taylor" not in body

    def test_the_queue_sorts_red_first(self, client, mash_practitioner, make_contact, child):
        green = make_contact(child, rag="green", received_at=at(2026, 11, 20))
        red = make_contact(ChildFactory(), rag="red", received_at=at(2026, 11, 23))
        client.force_login(mash_practitioner)
        body = client.get(url("queue") + "?sort=rag").content.decode()
        assert body.index(red.reference) < body.index(green.reference)
        body = client.get(url("queue")).content.decode()
        assert body.index(green.reference) < body.index(red.reference)

    def test_the_queue_shows_overdue_decisions_in_words(
        self, client, mash_practitioner, make_contact, child
    ):
        make_contact(child, received_at=at(2026, 11, 20))  # Friday: due Monday 23rd
        client.force_login(mash_practitioner)
        body = client.get(url("queue")).content.decode()
        assert "Overdue: decision was due 23 November 2026" in body

    def test_the_queue_makes_the_same_number_of_queries_whatever_the_size(
        self, client, mash_practitioner, make_contact
    ):
        client.force_login(mash_practitioner)
        make_contact(ChildFactory())
        with CaptureQueriesContext(connection) as small:
            client.get(url("queue"))
        for _ in range(6):
            first = make_contact(ChildFactory(), route="email")
            dup = make_contact(*[p.person for p in first.people.all()], route="walk_in")
            services.contact_merge(user=mash_practitioner, duplicate=dup, into=first)
            services.mash_check_request(
                user=mash_practitioner, contact=first, agency="police", rag="red"
            )
        with CaptureQueriesContext(connection) as large:
            response = client.get(url("queue"))
        assert response.status_code == 200
        assert len(large) == len(small)

    def test_a_partner_is_sent_to_their_portal(self, client, partner_referrer):
        client.force_login(partner_referrer)
        response = client.get(url("queue"))
        assert response.url == url("portal_home")


class TestContactPage:
    def test_an_outsider_gets_not_found_and_the_attempt_is_audited(
        self, client, other_worker, make_contact, allocated_child
    ):
        contact = make_contact(allocated_child)
        client.force_login(other_worker)
        assert client.get(url("contact_detail", contact.pk)).status_code == 404
        assert AuditEntry.objects.filter(
            action=AuditAction.DENIED, actor=other_worker, object_id=str(contact.pk)
        ).exists()

    def test_every_view_is_audited_with_each_childs_id(
        self, client, mash_practitioner, make_contact, child
    ):
        sibling = ChildFactory()
        contact = make_contact(child, sibling)
        client.force_login(mash_practitioner)
        assert client.get(url("contact_detail", contact.pk)).status_code == 200
        viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(contact.pk))
        assert set(viewed.values_list("child_id", flat=True)) == {child.pk, sibling.pk}

    def test_the_allocated_worker_can_read_but_not_work_the_contact(
        self, client, social_worker, make_contact, allocated_child
    ):
        contact = make_contact(allocated_child)
        client.force_login(social_worker)
        assert client.get(url("contact_detail", contact.pk)).status_code == 200
        assert client.get(url("contact_decide", contact.pk)).status_code == 404

    def test_a_partner_cannot_open_the_staff_contact_page(
        self, client, partner_referrer, make_contact, child
    ):
        contact = make_contact(child, submitted_by=partner_referrer)
        client.force_login(partner_referrer)
        assert client.get(url("contact_detail", contact.pk)).status_code == 404


class TestRecordingAContact:
    def test_a_contact_is_recorded_and_the_practitioner_goes_on_to_add_the_children(
        self, client, mash_practitioner
    ):
        client.force_login(mash_practitioner)
        response = client.post(url("contact_create"), contact_form_data())
        contact = Contact.objects.get()
        assert response.url == url("person_add", contact.pk)
        assert contact.referral_source == "3B"

    def test_consent_dispensed_with_without_a_reason_shows_errors_and_saves_nothing(
        self, client, mash_practitioner
    ):
        client.force_login(mash_practitioner)
        response = client.post(url("contact_create"), contact_form_data(consent_status="dispensed"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "Select why consent was dispensed with" in body
        assert "Explain why consent was dispensed with" in body
        assert not Contact.objects.exists()

    def test_an_empty_form_gets_an_error_summary(self, client, mash_practitioner):
        client.force_login(mash_practitioner)
        body = client.post(url("contact_create"), {}).content.decode()
        assert "Enter the concern" in body
        assert "Enter the date of contact" in body
        assert "Select the referral source" in body

    def test_a_contact_in_the_future_is_refused(self, client, mash_practitioner):
        client.force_login(mash_practitioner)
        body = client.post(
            url("contact_create"), contact_form_data(**{"received_on-day": "25"})
        ).content.decode()
        assert "must be today or in the past" in body

    def test_staff_outside_the_mash_cannot_record_contacts(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get(url("contact_create")).status_code == 404

    def test_the_practitioner_finds_and_links_an_existing_child(
        self, client, mash_practitioner, make_contact, child
    ):
        contact = make_contact()
        client.force_login(mash_practitioner)
        search = {
            "is_child": "child",
            "first_name": "Maya",
            "last_name": "Harris",
            "date_of_birth-day": "1",
            "date_of_birth-month": "5",
            "date_of_birth-year": "2016",
        }
        body = client.post(url("person_add", contact.pk), search).content.decode()
        assert f'value="{child.pk}"' in body
        response = client.post(
            url("person_add", contact.pk), {**search, "action": "link", "person": child.pk}
        )
        assert response.status_code == 302
        assert contact.people.get().person == child

    def test_the_practitioner_creates_a_new_record_when_there_is_no_match(
        self, client, mash_practitioner, make_contact
    ):
        contact = make_contact()
        client.force_login(mash_practitioner)
        client.post(
            url("person_add", contact.pk),
            {
                "is_child": "child",
                "first_name": "Nova",
                "last_name": "Quinn",
                "date_of_birth-day": "3",
                "date_of_birth-month": "3",
                "date_of_birth-year": "2020",
                "action": "create",
            },
        )
        assert Person.objects.filter(first_name="Nova", last_name="Quinn").exists()
        assert contact.people.count() == 1


class TestWorkingTheContact:
    def test_consent_page_refuses_dispensing_without_a_reason(
        self, client, mash_practitioner, make_contact, child
    ):
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        response = client.post(url("contact_consent", contact.pk), {"consent_status": "dispensed"})
        assert "Select why consent was dispensed with" in response.content.decode()
        contact.refresh_from_db()
        assert contact.consent_status == "pending"

    def test_a_health_check_is_requested_and_answered(
        self, client, mash_practitioner, make_contact, child
    ):
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        client.post(url("check_request", contact.pk), {"agency": "health", "rag": "amber"})
        check = MashCheck.objects.get()
        client.post(
            url("check_respond", contact.pk, check.pk),
            {"response": "Known to the health visitor.", "responder_name": "Jo Evans"},
        )
        check.refresh_from_db()
        assert check.responded_at is not None

    def test_a_duplicate_is_merged_from_its_page(
        self, client, mash_practitioner, make_contact, child
    ):
        first = make_contact(child, received_at=at(2026, 11, 20))
        second = make_contact(child, route="email")
        client.force_login(mash_practitioner)
        assert "Possible duplicate" in client.get(url("contact_detail", second.pk)).content.decode()
        response = client.post(url("contact_merge", second.pk), {"into": first.pk})
        assert response.url == url("contact_detail", first.pk)
        second.refresh_from_db()
        assert second.merged_into == first

    def test_picking_up_records_who_is_working_on_it(
        self, client, mash_practitioner, make_contact, child
    ):
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        client.post(url("contact_pick_up", contact.pk))
        contact.refresh_from_db()
        assert contact.worker == mash_practitioner

    def test_the_decision_page_shows_the_threshold_guidance_and_re_referral_history(
        self, client, mash_practitioner, mash_manager, make_contact, child
    ):
        earlier = make_contact(child, received_at=at(2026, 3, 2))
        services.decision_record(
            user=mash_manager,
            contact=earlier,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        body = client.get(url("contact_decide", contact.pk)).content.decode()
        assert "Threshold guidance" in body
        assert "Re-referral: 1 referral" in body

    def test_a_practitioner_decides_level_three_and_a_manager_authorises_the_referral(
        self, client, mash_practitioner, mash_manager, make_contact, child
    ):
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        client.post(
            url("contact_decide", contact.pk),
            {
                "level_of_need": "3",
                "descriptors": ["3-domestic-abuse"],
                "outcome": "cin_referral",
                "rationale": "Two domestic abuse notifications in a month.",
            },
        )
        decision = contact.decisions.get()
        assert not Referral.objects.exists()
        client.force_login(mash_manager)
        page = url("decision_authorise", contact.pk, decision.pk)
        assert client.get(page).status_code == 200
        client.post(page, {"action": "authorise"})
        assert Referral.objects.get().child == child

    def test_a_practitioner_cannot_open_the_authorisation_page(
        self, client, mash_practitioner, make_contact, child
    ):
        contact = make_contact(child)
        decision = services.decision_record(
            user=mash_practitioner, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
        )
        client.force_login(mash_practitioner)
        assert client.get(url("decision_authorise", contact.pk, decision.pk)).status_code == 404

    def test_the_decision_form_asks_for_reasons(self, client, mash_manager, make_contact, child):
        contact = make_contact(child)
        client.force_login(mash_manager)
        body = client.post(
            url("contact_decide", contact.pk), {"level_of_need": "2", "outcome": "early_help"}
        ).content.decode()
        assert "Enter the reasons for the decision" in body
        assert "Select the early help service" in body


class TestPartnerPortal:
    def portal_data(self, **overrides):
        data = {
            "referrer_name": "Sam Patel",
            "referrer_role": "Designated safeguarding lead",
            "referrer_phone": "020 7946 0000",
            "referral_source": "2A",
            "child_first_name": "Maya",
            "child_last_name": "Harris",
            "child_date_of_birth-day": "1",
            "child_date_of_birth-month": "5",
            "child_date_of_birth-year": "2016",
            "concern": "Maya said her stepfather hit her.",
            "family_aware": "no",
            "consent_status": "dispensed",
            "consent_reason": "significant_harm",
            "consent_rationale": "Telling the family could put Maya at risk.",
        }
        data.update(overrides)
        return data

    def test_a_partner_submits_a_referral_and_gets_an_acknowledgement_with_a_reference(
        self, client, partner_referrer
    ):
        client.force_login(partner_referrer)
        response = client.post(url("portal_submit"), self.portal_data(), follow=True)
        contact = Contact.objects.get()
        body = response.content.decode()
        assert "Referral received" in body and contact.reference in body
        assert contact.route == "portal"
        assert contact.submitted_by == partner_referrer
        assert contact.referrer_agency == "Hearthside Primary"

    def test_the_portal_asks_the_same_consent_questions(self, client, partner_referrer):
        client.force_login(partner_referrer)
        body = client.post(
            url("portal_submit"), self.portal_data(consent_reason="", consent_rationale="")
        ).content.decode()
        assert "Select why consent was dispensed with" in body
        assert not Contact.objects.exists()

    def test_a_partner_sees_the_outcome_in_plain_words_but_not_the_case_record(
        self, client, partner_referrer, mash_manager, make_contact, child
    ):
        contact = make_contact(child, submitted_by=partner_referrer, named_child="Maya Harris")
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome="cin_referral",
            rationale="Internal reasoning the partner must not see.",
        )
        client.force_login(partner_referrer)
        body = client.get(url("portal_detail", contact.pk)).content.decode()
        assert "accepted this as a referral" in body
        assert "Internal reasoning" not in body
        assert "Maya Harris" in client.get(url("portal_home")).content.decode()

    def test_a_partner_sees_only_their_own_referrals(
        self, client, partner_referrer, make_contact, child
    ):
        other_partner = UserFactory(username="partner.gp", role=Role.PARTNER_REFERRER)
        theirs = make_contact(child, submitted_by=other_partner)
        client.force_login(partner_referrer)
        assert client.get(url("portal_detail", theirs.pk)).status_code == 404
        assert theirs.reference not in client.get(url("portal_home")).content.decode()

    def test_staff_do_not_use_the_portal(self, client, social_worker):
        client.force_login(social_worker)
        assert client.get(url("portal_home")).status_code == 404

    def test_everyone_can_read_the_threshold_guidance(self, client, partner_referrer):
        client.force_login(partner_referrer)
        assert "Level 4" in client.get(url("thresholds")).content.decode()

    def test_staff_asking_for_a_portal_referral_get_not_found_and_it_is_audited(
        self, client, social_worker, partner_referrer, make_contact, child
    ):
        contact = make_contact(child, submitted_by=partner_referrer)
        client.force_login(social_worker)
        assert client.get(url("portal_detail", contact.pk)).status_code == 404
        assert AuditEntry.objects.filter(
            action=AuditAction.DENIED, actor=social_worker, object_id=str(contact.pk)
        ).exists()


class TestAssigning:
    def test_a_mash_manager_gives_a_contact_to_a_practitioner(
        self, client, mash_manager, mash_practitioner, make_contact, child
    ):
        contact = make_contact(child)
        client.force_login(mash_manager)
        response = client.post(url("contact_assign", contact.pk), {"worker": mash_practitioner.pk})
        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.worker == mash_practitioner
        assert contact.status == "screening"

    def test_a_practitioner_cannot_reassign(self, client, mash_practitioner, make_contact, child):
        contact = make_contact(child)
        client.force_login(mash_practitioner)
        assert client.get(url("contact_assign", contact.pk)).status_code == 404
