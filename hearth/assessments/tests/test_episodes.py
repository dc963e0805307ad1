from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.assessments import services
from hearth.assessments.models import CINEpisode
from hearth.assessments.tests.conftest import REFERRAL
from hearth.core.models import AuditEntry
from hearth.early_help.models import EarlyHelpEpisode

pytestmark = pytest.mark.django_db


def _open(user, child, on, **extra):
    return services.cin_episode_open(
        user=user, child=child, referral_date=on, referral_source=extra.pop("source", "6"), **extra
    )


def _close(user, episode, on, reason="RC7", **extra):
    return services.cin_episode_close(
        user=user, episode=episode, closure_date=on, closure_reason=reason, **extra
    )


def test_opening_an_episode_records_it_with_audit_and_a_chronology_line(episode, allocated_child):
    assert episode.referral_source == "2A"
    assert episode.is_open
    assert AuditEntry.objects.filter(object_type="assessments.cinepisode", action="create").exists()
    line = allocated_child.chronology.get(category="CIN episode")
    assert line.occurred_on == REFERRAL and line.significant


def test_a_second_episode_cannot_open_while_one_is_open(episode, social_worker, allocated_child):
    with pytest.raises(ValidationError) as exc:
        _open(social_worker, allocated_child, date(2026, 2, 1))
    assert "already has an open CIN episode" in str(exc.value)


def test_a_new_episode_must_start_after_the_previous_one_closed(
    episode, social_worker, team_manager, allocated_child
):
    _close(team_manager, episode, date(2026, 1, 20), reason="RC7")
    with pytest.raises(ValidationError) as exc:
        _open(social_worker, allocated_child, date(2026, 1, 19))
    assert "do not overlap" in str(exc.value)
    with pytest.raises(ValidationError):
        _open(social_worker, allocated_child, date(2026, 1, 5))
    # Referred again on the day the last episode closed: no overlap (as census 8820 reads it).
    later = _open(social_worker, allocated_child, date(2026, 1, 20))
    assert later.is_open


def test_open_nfa_referrals_do_not_block_a_later_referral(social_worker, allocated_child, today):
    _open(social_worker, allocated_child, date(2026, 1, 5), referral_nfa=True)
    episode = _open(social_worker, allocated_child, date(2026, 2, 5))
    assert CINEpisode.objects.filter(child=allocated_child).open().count() == 2
    assert episode.referral_nfa is False


def test_the_database_refuses_two_open_episodes_for_one_child(episode, allocated_child):
    with pytest.raises(IntegrityError), transaction.atomic():
        CINEpisode.objects.create(
            child=allocated_child, referral_date=date(2026, 2, 1), referral_source="6"
        )


def test_referral_source_and_primary_need_must_be_codes_from_the_lists(
    social_worker, allocated_child, today
):
    with pytest.raises(ValidationError) as exc:
        _open(social_worker, allocated_child, date(2026, 1, 5), source="XX", primary_need="N12")
    assert set(exc.value.message_dict) == {"referral_source", "primary_need"}


def test_a_referral_in_the_future_is_refused(social_worker, allocated_child, today):
    with pytest.raises(ValidationError):
        _open(social_worker, allocated_child, date(2026, 3, 11))


def test_the_primary_need_can_be_recorded_later(social_worker, allocated_child, today):
    episode = _open(social_worker, allocated_child, date(2026, 1, 5))
    services.cin_episode_set_primary_need(user=social_worker, episode=episode, primary_need="N4")
    episode.refresh_from_db()
    assert episode.primary_need == "N4"
    with pytest.raises(ValidationError):
        services.cin_episode_set_primary_need(user=social_worker, episode=episode, primary_need="")


def test_an_episode_closes_only_when_every_assessment_is_authorised(
    started, episode, team_manager, submit
):
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 3, 1))
    assert "must be authorised before the episode is closed" in str(exc.value)
    submit(started)
    services.assessment_authorise(
        user=team_manager, assessment=started, authorised_on=date(2026, 2, 20)
    )
    closed = _close(team_manager, episode, date(2026, 3, 1), reason="RC8")
    assert closed.closure_date == date(2026, 3, 1) and closed.closure_reason == "RC8"


def test_closure_date_must_not_be_before_the_referral_or_the_last_authorisation(
    authorised, episode, team_manager
):
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 1, 1))
    assert "closure_date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 2, 19))
    assert "when the last assessment was authorised" in str(exc.value)


def test_closure_needs_a_valid_reason(episode, team_manager):
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 3, 1), reason="")
    assert "Select the reason for closure" in str(exc.value)
    with pytest.raises(ValidationError):
        _close(team_manager, episode, date(2026, 3, 1), reason="RC99")


def test_rc8_and_rc9_need_an_authorised_assessment(episode, team_manager):
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 3, 1), reason="RC8")
    assert "has no authorised assessment" in str(exc.value)


def test_a_non_nfa_episode_needs_its_primary_need_before_closing(
    social_worker, team_manager, allocated_child, today
):
    episode = _open(social_worker, allocated_child, date(2026, 1, 5))
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 1, 6))
    assert "primary need" in str(exc.value)


def test_step_down_to_early_help_starts_an_early_help_episode(authorised, episode, team_manager):
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 3, 2), reason="RC9")
    assert "step_down_reason" in exc.value.message_dict
    closed = _close(
        team_manager,
        episode,
        date(2026, 3, 2),
        reason="RC9",
        step_down_reason="Parenting support",
        step_down_lead="Family hub key worker",
    )
    early_help = EarlyHelpEpisode.objects.get(child=episode.child)
    assert closed.step_down_to == early_help
    assert early_help.start_date == date(2026, 3, 2)


def test_step_down_links_an_early_help_episode_already_open(authorised, episode, team_manager):
    from hearth.early_help.services import episode_start

    existing = episode_start(
        user=team_manager,
        child=episode.child,
        start_date=date(2026, 2, 1),
        reason="Family support",
        lead_practitioner_name="School family worker",
    )
    closed = _close(team_manager, episode, date(2026, 3, 2), reason="RC9")
    assert closed.step_down_to == existing


def test_other_apps_can_add_closure_checks(episode, team_manager, monkeypatch):
    monkeypatch.setattr(
        services,
        "CLOSURE_CHECKS",
        [*services.CLOSURE_CHECKS, lambda ep, on: ["Conclude the section 47 enquiry"]],
    )
    with pytest.raises(ValidationError) as exc:
        _close(team_manager, episode, date(2026, 3, 1))
    assert "Conclude the section 47 enquiry" in str(exc.value)
    episode.refresh_from_db()
    assert episode.is_open


def test_a_closed_episode_cannot_be_closed_again(episode, team_manager):
    _close(team_manager, episode, date(2026, 3, 1))
    with pytest.raises(ValidationError):
        _close(team_manager, episode, date(2026, 3, 2))
