from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.accounts.models import Role, ServiceKind
from hearth.accounts.tests.factories import ServiceFactory, TeamFactory, UserFactory
from hearth.casework.models import ChronologyEntry
from hearth.core.models import AuditAction, AuditEntry
from hearth.early_help import services
from hearth.early_help.models import EarlyHelpEpisode, EarlyHelpService
from hearth.front_door.models import Contact
from hearth.people.models import Disability
from hearth.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


@pytest.fixture
def early_help_worker(db):
    service = ServiceFactory(name="Early help", kind=ServiceKind.EARLY_HELP)
    team = TeamFactory(name="Family Hub North", service=service)
    return UserFactory(username="eh.one", role=Role.EARLY_HELP_PRACTITIONER, team=team)


@pytest.fixture
def family_hub(db):
    return EarlyHelpService.objects.create(
        name="Family Hub North", organisation="Hearthside Council", min_age=0, max_age=19
    )


@pytest.fixture
def episode(early_help_worker, allocated_child, family_hub):
    return services.episode_start(
        user=early_help_worker,
        child=allocated_child,
        start_date=date(2026, 11, 2),
        reason="Attendance and routines",
        service=family_hub,
    )


class TestEpisodes:
    def test_starting_early_help_writes_the_chronology(self, episode, allocated_child):
        assert ChronologyEntry.objects.filter(
            child=allocated_child, category="early_help", summary__contains="Family Hub North"
        ).exists()

    def test_a_child_has_one_open_episode_at_a_time(
        self, episode, early_help_worker, allocated_child, family_hub
    ):
        with pytest.raises(ValidationError):
            services.episode_start(
                user=early_help_worker,
                child=allocated_child,
                start_date=date(2026, 11, 20),
                reason="Again",
                service=family_hub,
            )

    def test_ending_early_help_needs_a_reason_and_a_date_after_the_start(
        self, episode, early_help_worker
    ):
        with pytest.raises(ValidationError):
            services.episode_end(
                user=early_help_worker,
                episode=episode,
                end_date=date(2026, 10, 1),
                end_reason="needs_met",
            )
        services.episode_end(
            user=early_help_worker,
            episode=episode,
            end_date=date(2026, 11, 20),
            end_reason="needs_met",
        )
        assert not episode.is_open

    def test_stepping_up_sends_a_contact_to_the_front_door_linked_both_ways(
        self, episode, early_help_worker, allocated_child
    ):
        contact = services.episode_step_up(
            user=early_help_worker, episode=episode, concern="Disclosure of harm at home."
        )
        episode.refresh_from_db()
        assert episode.stepped_up_to == contact
        assert episode.end_reason == "step_up"
        assert contact.referral_source == "5D"
        assert contact.people.get().person == allocated_child
        assert Contact.objects.open().filter(pk=contact.pk).exists()

    def test_the_directory_warns_when_no_service_fits_the_childs_age(self, family_hub):
        young_adult = ChildFactory(date_of_birth=date(2005, 1, 1))
        assert "no service for a child aged 21" in services.service_gap_warning(
            young_adult, date(2026, 11, 24)
        )
        assert services.service_gap_warning(ChildFactory(), date(2026, 11, 24)) == ""

    def test_a_recorded_none_disability_does_not_open_services_for_disabled_young_people(
        self, family_hub
    ):
        family_hub.max_age_disabled = 25
        family_hub.save()
        on = date(2026, 11, 24)
        not_disabled = ChildFactory(date_of_birth=date(2005, 1, 1))
        Disability.objects.create(person=not_disabled, code="NONE")
        disabled = ChildFactory(date_of_birth=date(2005, 1, 1))
        Disability.objects.create(person=disabled, code="LD")
        assert "no service for a child aged 21" in services.service_gap_warning(not_disabled, on)
        assert services.service_gap_warning(disabled, on) == ""


class TestPages:
    def test_the_list_reports_open_episodes_by_age_including_over_fives(
        self, client, episode, early_help_worker
    ):
        client.force_login(early_help_worker)
        body = client.get(reverse("early_help:episodes")).content.decode()
        assert "1 of 1 (100%) are for children aged 5 or over" in body
        assert "Amara Okafor" in body

    def test_an_outsider_gets_not_found_and_the_attempt_is_audited(
        self, client, episode, other_worker
    ):
        client.force_login(other_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        assert client.get(page).status_code == 404
        assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=other_worker).exists()
        assert "Amara" not in client.get(reverse("early_help:episodes")).content.decode()

    def test_the_allocated_worker_sees_the_episode_and_the_view_is_audited(
        self, client, episode, social_worker, allocated_child
    ):
        client.force_login(social_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        assert client.get(page).status_code == 200
        assert AuditEntry.objects.filter(
            action=AuditAction.VIEW, child_id=allocated_child.pk, actor=social_worker
        ).exists()

    def test_the_team_around_the_family_is_added_on_the_episode_page(
        self, client, episode, early_help_worker
    ):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        response = client.post(page, {"action": "member", "name": "Ms Lee", "agency": "School"})
        assert response.status_code == 302
        assert episode.team_around_family.get().name == "Ms Lee"

    def test_a_completion_before_the_assessment_start_is_refused(
        self, client, episode, early_help_worker
    ):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        body = client.post(
            page,
            {
                "action": "update",
                "assessment_started_on-day": "10",
                "assessment_started_on-month": "11",
                "assessment_started_on-year": "2026",
                "assessment_completed_on-day": "5",
                "assessment_completed_on-month": "11",
                "assessment_completed_on-year": "2026",
            },
        ).content.decode()
        assert "There is a problem" in body
        episode.refresh_from_db()
        assert episode.assessment_started_on is None

    def test_a_partner_cannot_see_early_help(self, client, partner_referrer, episode):
        client.force_login(partner_referrer)
        assert client.get(reverse("early_help:episodes")).status_code == 404
        page = reverse("early_help:episode_detail", args=[episode.pk])
        assert client.get(page).status_code == 404

    def test_step_up_page_sends_the_contact(self, client, episode, early_help_worker):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_step_up", args=[episode.pk])
        client.post(page, {"concern": "Escalating neglect.", "rag": "amber"})
        assert EarlyHelpEpisode.objects.get().stepped_up_to is not None

    def test_the_directory_lists_services(self, client, family_hub, social_worker):
        client.force_login(social_worker)
        assert "Family Hub North" in client.get(reverse("early_help:directory")).content.decode()


class TestPlanAndMeetings:
    def test_a_plan_action_is_added_and_marked_done(self, client, episode, early_help_worker):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        client.post(
            page,
            {
                "action": "action",
                "what": "Morning routine chart",
                "who": "Family support worker",
                "due_on-day": "1",
                "due_on-month": "12",
                "due_on-year": "2026",
            },
        )
        planned = episode.actions.get()
        assert planned.due_on == date(2026, 12, 1)
        client.post(page, {"action": "done", "action_id": planned.pk})
        planned.refresh_from_db()
        assert planned.done_on == date(2026, 11, 24)

    def test_a_team_around_the_family_meeting_lands_on_the_chronology(
        self, client, episode, early_help_worker, allocated_child
    ):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        client.post(
            page,
            {
                "action": "meeting",
                "kind": "taf",
                "held_on-day": "20",
                "held_on-month": "11",
                "held_on-year": "2026",
                "notes": "School and health visitor agreed the plan.",
            },
        )
        assert episode.meetings.get().kind == "taf"
        assert ChronologyEntry.objects.filter(
            child=allocated_child, summary__contains="team around the family meeting"
        ).exists()

    def test_an_action_due_before_early_help_started_is_refused(self, episode, early_help_worker):
        with pytest.raises(ValidationError):
            services.plan_action_add(
                user=early_help_worker, episode=episode, what="x", who="y", due_on=date(2026, 1, 1)
            )

    def test_a_meeting_without_notes_gets_an_error_summary(
        self, client, episode, early_help_worker
    ):
        client.force_login(early_help_worker)
        page = reverse("early_help:episode_detail", args=[episode.pk])
        body = client.post(page, {"action": "meeting", "kind": "review"}).content.decode()
        assert "There is a problem" in body
        assert "Enter what was discussed and agreed" in body
