from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from hearth.accounts.models import Role
from hearth.accounts.tests.factories import UserFactory
from hearth.casework.models import ChronologyEntry
from hearth.casework.tests.factories import AllocationFactory
from hearth.core.models import AuditEntry
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.front_door import presenters, rules, services
from hearth.front_door.models import Contact, MashCheck, RecordedAs, Referral
from hearth.front_door.rules import ConsentStatus, ContactStatus, Outcome
from hearth.front_door.tests.conftest import at, close_cin_episode
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


class TestConsent:
    def test_consent_dispensed_with_without_a_reason_is_refused(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        with pytest.raises(ValidationError) as caught:
            services.contact_record_consent(
                user=mash_practitioner, contact=contact, status=ConsentStatus.DISPENSED
            )
        assert "consent_reason" in caught.value.message_dict
        assert "consent_rationale" in caught.value.message_dict
        contact.refresh_from_db()
        assert contact.consent_status == ConsentStatus.PENDING

    def test_consent_not_sought_needs_a_rationale_as_well_as_a_reason(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        with pytest.raises(ValidationError) as caught:
            services.contact_record_consent(
                user=mash_practitioner,
                contact=contact,
                status=ConsentStatus.NOT_SOUGHT,
                reason="significant_harm",
            )
        assert list(caught.value.message_dict) == ["consent_rationale"]

    def test_the_database_refuses_dispensed_consent_without_a_reason(self, make_contact, child):
        contact = make_contact(child)
        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.filter(pk=contact.pk).update(consent_status=ConsentStatus.DISPENSED)

    def test_consent_dispensed_with_a_reason_is_recorded_with_who_and_a_chronology_line(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        services.contact_record_consent(
            user=mash_practitioner,
            contact=contact,
            status=ConsentStatus.DISPENSED,
            reason="significant_harm",
            rationale="Father is the alleged perpetrator; telling him would put Maya at risk.",
        )
        contact.refresh_from_db()
        assert contact.consent_recorded_by == mash_practitioner
        assert ChronologyEntry.objects.filter(child=child, summary__contains="dispensed").exists()
        assert AuditEntry.objects.filter(child_id=child.pk, summary__contains="Consent").exists()


class TestStatusTransitions:
    def test_a_new_contact_starts_with_one_status_row(self, make_contact, child):
        contact = make_contact(child)
        assert list(contact.status_history.values_list("status", flat=True)) == ["new"]

    def test_picking_up_a_contact_moves_it_to_screening_and_records_the_worker(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        services.contact_assign(user=mash_practitioner, contact=contact, worker=mash_practitioner)
        assert services.contact_status(Contact.objects.get(pk=contact.pk)) == "screening"
        latest = contact.status_history.order_by("-id").first()
        assert latest.created_by == mash_practitioner

    def test_a_merged_contact_can_never_move_again(self, make_contact, child, mash_practitioner):
        first = make_contact(child)
        second = make_contact(child, received_at=at(2026, 11, 23, 15))
        services.contact_merge(user=mash_practitioner, duplicate=second, into=first)
        with pytest.raises(ValidationError):
            services.contact_transition(
                user=mash_practitioner, contact=second, status=ContactStatus.SCREENING
            )

    def test_the_status_column_always_matches_the_latest_history_row(
        self, make_contact, child, mash_practitioner, mash_manager
    ):
        contact = make_contact(child)
        services.contact_assign(user=mash_practitioner, contact=contact, worker=mash_practitioner)
        decision = services.decision_record(
            user=mash_practitioner, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
        )
        services.decision_authorise(user=mash_manager, decision=decision)
        stored = Contact.objects.get(pk=contact.pk)
        history = list(stored.status_history.order_by("id").values_list("status", flat=True))
        assert history == ["new", "screening", "awaiting_authorisation", "decided"]
        assert stored.status == history[-1]

    def test_every_status_has_a_row_in_the_table_of_allowed_moves(self):
        assert set(rules.ALLOWED_TRANSITIONS) == set(ContactStatus.values)
        assert not rules.transition_allowed(ContactStatus.DECIDED, ContactStatus.MERGED)
        assert rules.transition_allowed(None, ContactStatus.NEW)


class TestDuplicates:
    def test_a_second_contact_about_the_same_child_within_the_window_is_flagged(
        self, make_contact, child
    ):
        first = make_contact(child, received_at=at(2026, 11, 17))
        second = make_contact(child, received_at=at(2026, 11, 23))
        second.refresh_from_db()
        assert second.possible_duplicate_of == first

    def test_a_contact_outside_the_window_is_not_flagged(self, make_contact, child):
        make_contact(child, received_at=at(2026, 11, 9))
        later = make_contact(child, received_at=at(2026, 11, 23))
        later.refresh_from_db()
        assert later.possible_duplicate_of is None

    @override_settings(HEARTH={"DUPLICATE_CONTACT_WINDOW_DAYS": 20})
    def test_the_window_comes_from_settings(self, make_contact, child):
        first = make_contact(child, received_at=at(2026, 11, 9))
        later = make_contact(child, received_at=at(2026, 11, 23))
        later.refresh_from_db()
        assert later.possible_duplicate_of == first

    def test_merging_keeps_both_sources_and_the_harder_rating(
        self, make_contact, child, mash_practitioner
    ):
        sibling = ChildFactory(first_name="Leo", last_name="Harris")
        first = make_contact(child, rag="green", referral_source="2A")
        second = make_contact(
            child, sibling, rag="red", route="police_notification", referral_source="6"
        )
        services.contact_merge(user=mash_practitioner, duplicate=second, into=first)
        first.refresh_from_db()
        second.refresh_from_db()
        assert second.merged_into == first
        assert second.referral_source == "6" and second.route == "police_notification"
        assert first.rag == "red"
        assert set(first.people.values_list("person_id", flat=True)) == {child.pk, sibling.pk}
        queue = Contact.objects.for_queue().get(pk=first.pk)
        assert len(queue.merged_list) == 1
        assert [c.route for c in queue.merged_list] == ["police_notification"]

    def test_a_contact_cannot_be_merged_into_a_decided_contact(
        self, make_contact, child, mash_manager
    ):
        first = make_contact(child)
        services.decision_record(
            user=mash_manager, contact=first, level_of_need=1, outcome="nfa", rationale="Universal."
        )
        second = make_contact(child)
        with pytest.raises(ValidationError):
            services.contact_merge(user=mash_manager, duplicate=second, into=first)


class TestDecisions:
    def test_a_practitioners_decision_waits_for_a_manager(
        self, make_contact, child, mash_practitioner, mash_manager
    ):
        contact = make_contact(child)
        decision = services.decision_record(
            user=mash_practitioner,
            contact=contact,
            level_of_need=3,
            outcome=Outcome.CIN_REFERRAL,
            rationale="Domestic abuse reported twice this month.",
        )
        assert services.contact_status(Contact.objects.get(pk=contact.pk)) == (
            "awaiting_authorisation"
        )
        assert not Referral.objects.exists()
        services.decision_authorise(user=mash_manager, decision=decision)
        decision.refresh_from_db()
        assert decision.authorised_by == mash_manager
        referral = Referral.objects.get()
        assert referral.child == child
        assert referral.referral_date == date(2026, 11, 23)
        assert referral.source == "2A"

    def test_a_practitioner_cannot_authorise(self, make_contact, child, mash_practitioner):
        contact = make_contact(child)
        decision = services.decision_record(
            user=mash_practitioner, contact=contact, level_of_need=1, outcome="nfa", rationale="x"
        )
        with pytest.raises(ValidationError):
            services.decision_authorise(user=mash_practitioner, decision=decision)

    @override_settings(HEARTH={"DECISION_AUTHORISATION_OUTCOMES": ["nfa"]})
    def test_outcomes_that_local_policy_does_not_ask_a_manager_to_authorise_apply_at_once(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        decision = services.decision_record(
            user=mash_practitioner,
            contact=contact,
            level_of_need=3,
            outcome=Outcome.CIN_REFERRAL,
            rationale="Needs assessment.",
        )
        assert Referral.objects.filter(child=child).exists()
        assert decision.is_applied and not decision.is_authorised
        assert presenters.plain_outcome([decision]).startswith("Children's social care has")

    def test_a_decision_needs_reasons(self, make_contact, child, mash_manager):
        contact = make_contact(child)
        with pytest.raises(ValidationError):
            services.decision_record(
                user=mash_manager, contact=contact, level_of_need=1, outcome="nfa", rationale=" "
            )

    def test_a_strategy_discussion_is_level_four_and_flagged_for_same_day_action(
        self, make_contact, child, mash_manager
    ):
        contact = make_contact(child)
        with pytest.raises(ValidationError):
            services.decision_record(
                user=mash_manager,
                contact=contact,
                level_of_need=3,
                outcome=Outcome.STRATEGY_DISCUSSION,
                rationale="Injury.",
            )
        decision = services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=4,
            outcome=Outcome.STRATEGY_DISCUSSION,
            rationale="Unexplained injury to a non-mobile baby.",
        )
        assert decision.same_day_action
        assert Referral.objects.get().strategy_discussion_needed

    def test_a_child_already_open_gets_a_contact_on_the_open_case_not_a_referral(
        self, make_contact, allocated_child, mash_manager
    ):
        new_child = ChildFactory(first_name="Zed", last_name="Okafor")
        contact = make_contact(allocated_child, new_child)
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome=Outcome.CIN_REFERRAL,
            rationale="Siblings at risk.",
        )
        assert list(Referral.objects.values_list("child", flat=True)) == [new_child.pk]
        link = contact.people.get(person=allocated_child)
        assert link.recorded_as == RecordedAs.OPEN_CASE
        assert ChronologyEntry.objects.filter(
            child=allocated_child, summary__contains="open case"
        ).exists()

    def test_a_referral_opens_the_cin_episode(self, make_contact, child, mash_manager):
        contact = make_contact(child)
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        episode = Referral.objects.get().cin_episode
        assert episode.child == child
        assert episode.referral_date == date(2026, 11, 23)
        assert episode.referral_source == "2A"

    def test_a_child_with_an_open_cin_episode_gets_a_contact_on_the_open_case(
        self, make_contact, child, mash_manager
    ):
        first = make_contact(child, received_at=at(2026, 11, 2))
        services.decision_record(
            user=mash_manager,
            contact=first,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        second = make_contact(child)
        services.decision_record(
            user=mash_manager,
            contact=second,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        assert Referral.objects.count() == 1
        assert second.people.get().recorded_as == RecordedAs.OPEN_CASE

    def test_a_child_allocated_only_to_the_mash_is_referred(
        self, make_contact, child, mash_team, mash_manager
    ):
        AllocationFactory(child=child, team=mash_team, start_date=date(2026, 11, 23))
        contact = make_contact(child)
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        assert Referral.objects.filter(child=child).exists()

    def test_a_referral_within_twelve_months_of_another_is_a_re_referral(
        self, make_contact, child, mash_manager
    ):
        with time_machine.travel(at(2026, 1, 10), tick=False):
            earlier = make_contact(child, received_at=at(2026, 1, 9))
            services.decision_record(
                user=mash_manager,
                contact=earlier,
                level_of_need=3,
                outcome="cin_referral",
                rationale="r",
            )
            close_cin_episode(mash_manager, Referral.objects.get(), date(2026, 1, 10))
        contact = make_contact(child)
        assert [r.contact for r in services.previous_referrals(child, date(2026, 11, 23))] == [
            earlier
        ]
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome="cin_referral",
            rationale="r",
        )
        assert Referral.objects.get(contact=contact).is_re_referral

    def test_each_decision_writes_a_chronology_line_for_each_child(
        self, make_contact, child, mash_manager
    ):
        sibling = ChildFactory(last_name="Harris")
        contact = make_contact(child, sibling)
        services.decision_record(
            user=mash_manager, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
        )
        for person in (child, sibling):
            assert ChronologyEntry.objects.filter(
                child=person, summary__contains="closed: no further action"
            ).exists()

    def test_stepping_to_early_help_starts_an_episode_linked_to_the_contact(
        self, make_contact, child, mash_manager
    ):
        service = EarlyHelpService.objects.create(name="Family Hub North", organisation="LA")
        contact = make_contact(child)
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=2,
            outcome=Outcome.EARLY_HELP,
            rationale="Attendance falling; parents ask for help.",
            early_help_service=service,
        )
        episode = EarlyHelpEpisode.objects.get()
        assert episode.child == child
        assert episode.stepped_down_from == contact
        assert episode.service == service

    def test_a_child_already_in_early_help_keeps_their_open_episode(
        self, make_contact, child, mash_manager
    ):
        service = EarlyHelpService.objects.create(name="Family Hub South", organisation="LA")
        for _ in range(2):
            services.decision_record(
                user=mash_manager,
                contact=make_contact(child),
                level_of_need=2,
                outcome=Outcome.EARLY_HELP,
                rationale="Routines.",
                early_help_service=service,
            )
        assert EarlyHelpEpisode.objects.filter(child=child).count() == 1

    def test_a_manager_can_return_a_proposed_decision_for_more_screening(
        self, make_contact, child, mash_practitioner, mash_manager
    ):
        contact = make_contact(child)
        decision = services.decision_record(
            user=mash_practitioner, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
        )
        services.decision_return(user=mash_manager, decision=decision, reason="Check with health")
        decision.refresh_from_db()
        assert decision.superseded
        assert services.contact_status(Contact.objects.get(pk=contact.pk)) == "screening"

    def test_a_contact_must_name_a_child_before_a_decision(self, make_contact, mash_manager):
        contact = make_contact()
        with pytest.raises(ValidationError):
            services.decision_record(
                user=mash_manager, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
            )

    def test_someone_outside_the_mash_cannot_decide(self, make_contact, child, social_worker):
        contact = make_contact(child)
        with pytest.raises(ValidationError):
            services.decision_record(
                user=social_worker, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
            )


class TestTimescales:
    def test_the_decision_is_due_the_next_working_day(self):
        assert rules.decision_due_on(at(2026, 11, 24, 9)) == date(2026, 11, 25)

    def test_a_contact_on_friday_is_due_on_monday(self):
        assert rules.decision_due_on(at(2026, 11, 27, 16)) == date(2026, 11, 30)

    def test_a_contact_on_christmas_eve_is_due_after_the_bank_holidays(self):
        # 25 December 2026 is a Friday; Boxing Day's substitute is Monday 28 December.
        assert rules.decision_due_on(at(2026, 12, 24, 11)) == date(2026, 12, 29)

    def test_a_contact_before_easter_is_due_after_easter_monday(self):
        assert rules.decision_due_on(at(2027, 3, 25, 17)) == date(2027, 3, 30)

    def test_a_red_check_is_due_in_four_hours_and_a_green_one_in_three_working_days(
        self, make_contact, child, mash_practitioner
    ):
        contact = make_contact(child)
        with time_machine.travel(at(2026, 12, 23, 10), tick=False):
            red = services.mash_check_request(
                user=mash_practitioner, contact=contact, agency="police", rag="red"
            )
            green = services.mash_check_request(
                user=mash_practitioner, contact=contact, agency="health", rag="green"
            )
        assert red.due_at == at(2026, 12, 23, 14)
        assert green.due_at == at(2026, 12, 30, 10)
        assert MashCheck.objects.overdue(at(2026, 12, 23, 15)).get() == red

    def test_a_check_response_needs_text(self, make_contact, child, mash_practitioner):
        contact = make_contact(child)
        check = services.mash_check_request(
            user=mash_practitioner, contact=contact, agency="police", rag="amber"
        )
        with pytest.raises(ValidationError):
            services.mash_check_respond(
                user=mash_practitioner, check=check, response="", responder_name="PC Jones"
            )


class TestLinkingPeople:
    def test_a_new_person_is_created_and_linked_with_a_chronology_line(
        self, make_contact, mash_practitioner
    ):
        contact = make_contact()
        link = services.contact_add_new_person(
            user=mash_practitioner,
            contact=contact,
            first_name="Tia",
            last_name="Brown",
            date_of_birth=date(2019, 2, 2),
        )
        assert link.person.is_child
        assert ChronologyEntry.objects.filter(child=link.person, category="contact").exists()

    def test_the_matcher_finds_an_existing_child(self, child):
        matches = services.person_matches(
            first_name="Maya", last_name="Harris", date_of_birth=date(2016, 5, 1)
        )
        assert child in [m.person for m in matches]

    def test_the_same_person_cannot_be_linked_twice(self, make_contact, child, mash_practitioner):
        contact = make_contact(child)
        with pytest.raises(ValidationError):
            services.contact_link_person(user=mash_practitioner, contact=contact, person=child)

    def test_an_adult_cannot_be_the_child_the_contact_is_about(
        self, make_contact, mash_practitioner
    ):
        adult = Person.objects.create(is_child=False, first_name="A", last_name="B")
        with pytest.raises(ValidationError):
            services.contact_link_person(
                user=mash_practitioner, contact=make_contact(), person=adult
            )


class TestVisibility:
    def test_mash_staff_see_every_contact_and_other_staff_only_their_childrens(
        self, make_contact, allocated_child, other_child, mash_practitioner, social_worker
    ):
        mine = make_contact(allocated_child)
        make_contact(other_child)
        assert Contact.objects.visible_to(mash_practitioner).count() == 2
        assert list(Contact.objects.visible_to(social_worker)) == [mine]

    def test_a_partner_sees_only_what_they_submitted(self, make_contact, child, partner_referrer):
        theirs = make_contact(child, submitted_by=partner_referrer)
        make_contact(child)
        assert list(Contact.objects.visible_to(partner_referrer)) == [theirs]

    def test_a_team_manager_outside_the_mash_does_not_see_the_queue(
        self, make_contact, child, team_manager
    ):
        make_contact(child)
        assert not Contact.objects.visible_to(team_manager).exists()

    def test_a_service_manager_of_the_mash_sees_the_queue(self, make_contact, child, mash_team):
        head = UserFactory(username="head.mash", role=Role.SERVICE_MANAGER)
        mash_team.service.manager = head
        mash_team.service.save()
        make_contact(child)
        assert Contact.objects.visible_to(head).count() == 1

    def test_a_contact_about_a_restricted_child_is_hidden_from_the_queue_unless_named(
        self, make_contact, child, mash_practitioner, mash_manager
    ):
        child.restricted = True
        child.save()
        child.restricted_to.add(mash_manager)
        make_contact(child)
        assert not Contact.objects.visible_to(mash_practitioner).exists()
        assert Contact.objects.visible_to(mash_manager).exists()


class TestDueItems:
    def test_an_open_contact_puts_a_decision_due_item_on_the_childs_record(
        self, make_contact, child, mash_practitioner
    ):
        from hearth.timescales.engine import due_items

        with time_machine.travel(at(2026, 12, 24, 12), tick=False):
            contact = make_contact(child, received_at=at(2026, 12, 24, 11))
            services.contact_assign(
                user=mash_practitioner, contact=contact, worker=mash_practitioner
            )
        items = [i for i in due_items([child.pk], today=date(2026, 12, 24))]
        decision_items = [i for i in items if i.rule.id == "referral_decision"]
        assert len(decision_items) == 1
        assert decision_items[0].due == date(2026, 12, 29)
        assert decision_items[0].assignee_id == mash_practitioner.pk

    def test_a_decided_contact_has_no_due_item(self, make_contact, child, mash_manager):
        from hearth.timescales.engine import due_items

        contact = make_contact(child)
        services.decision_record(
            user=mash_manager, contact=contact, level_of_need=1, outcome="nfa", rationale="r"
        )
        items = due_items([child.pk], today=date(2026, 11, 24))
        assert not [i for i in items if i.rule.id == "referral_decision"]


class TestUnbornChildren:
    def test_an_unborn_child_may_be_referred_in_the_pregnancy(self, make_contact, mash_manager):
        unborn = ChildFactory(
            first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2027, 3, 1)
        )
        contact = make_contact(unborn, user=mash_manager)
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=3,
            outcome=Outcome.CIN_REFERRAL,
            rationale="Pre-birth assessment: two older siblings were removed.",
        )
        referral = Referral.objects.get(child=unborn)
        assert referral.cin_episode.referral_date == date(2026, 11, 23)

    def test_a_referral_more_than_40_weeks_before_the_expected_birth_is_refused(
        self, make_contact, mash_manager
    ):
        # CIN census rule 8606: the expected date is a typing mistake (2028 for 2027).
        unborn = ChildFactory(
            first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2028, 3, 1)
        )
        contact = make_contact(unborn, user=mash_manager)
        with pytest.raises(ValidationError, match="more than 40 weeks after the contact"):
            services.decision_record(
                user=mash_manager,
                contact=contact,
                level_of_need=3,
                outcome=Outcome.CIN_REFERRAL,
                rationale="Pre-birth assessment.",
            )
        assert not Referral.objects.exists()
        # Advice needs no referral date, so it is not held up.
        services.decision_record(
            user=mash_manager,
            contact=contact,
            level_of_need=1,
            outcome=Outcome.INFORMATION_ADVICE,
            rationale="Midwife to follow up.",
        )
