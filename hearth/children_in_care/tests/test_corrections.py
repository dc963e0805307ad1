"""Correction pages: an episode's dates and codes (episodes stay end to end) and a looked
after review's date, participation code and how the child's views were sought. Outsiders get
'not found', a stale edit is refused with the table of changed answers, changes are audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.casework.models import ChronologyEntry
from hearth.children_in_care import services
from hearth.children_in_care.models import Review
from hearth.core.concurrency import carries_token, token_in
from hearth.core.models import AuditEntry

STALE = "changed this record after you opened it"


def _date(prefix: str, on: date) -> dict[str, str]:
    return {f"{prefix}-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}


@pytest.fixture
def two_episodes(period, social_worker) -> tuple[Any, Any]:
    """V2 in foster care from 1 May 2026, then C2 (the same placement) from 20 May."""
    services.legal_status_change(
        user=social_worker, period=period, on=date(2026, 5, 20), legal_status="C2"
    )
    first, second = period.episodes.order_by("decom")
    return first, second


def _correct(episode: Any, user: Any, **changes: Any) -> Any:
    values = {
        "decom": episode.decom,
        "dec": episode.dec,
        "legal_status": episode.legal_status,
        "place": episode.place,
        "rec": episode.rec,
    }
    values.update(changes)
    return services.episode_correct(user=user, episode=episode, **values)


@pytest.fixture
def review(period, iro, social_worker) -> Review:
    return services.review_record(
        user=social_worker,
        period=period,
        held_on=date(2026, 5, 28),
        iro=iro,
        attendance="Amara, her carers and her social worker",
        participation="PN1",
        views_sought="at_review",
        child_views="I want to stay here.",
    )


# --- Episodes ---------------------------------------------------------------------------------


def test_correcting_when_an_episode_ended_moves_the_next_episode_start_with_it(
    two_episodes, social_worker
):
    first, second = two_episodes
    _correct(first, social_worker, dec=date(2026, 5, 15))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.dec, first.rec) == (date(2026, 5, 15), "X1")
    assert second.decom == date(2026, 5, 15)
    assert second.placement_started_on == date(2026, 5, 1)  # the same placement
    summaries = set(
        AuditEntry.objects.filter(object_type="children_in_care.episode").values_list(
            "summary", flat=True
        )
    )
    assert {"Episode corrected", "Episode next to a corrected one moved with it"} <= summaries
    assert ChronologyEntry.objects.filter(summary__startswith="Episode corrected").exists()


def test_a_correction_leaving_two_episodes_the_same_is_refused_and_saves_nothing(
    two_episodes, social_worker
):
    first, second = two_episodes
    with pytest.raises(ValidationError) as refused:
        _correct(first, social_worker, legal_status="C2")
    assert "same legal status and placement" in refused.value.messages[0]
    first.refresh_from_db()
    assert first.legal_status == "V2"
    assert not AuditEntry.objects.filter(summary="Episode corrected").exists()


def test_an_episode_cannot_end_before_it_started_or_start_before_the_one_before(
    two_episodes, social_worker
):
    first, second = two_episodes
    with pytest.raises(ValidationError) as refused:
        _correct(first, social_worker, dec=date(2026, 4, 30))
    assert "dec" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _correct(second, social_worker, decom=date(2026, 5, 1))
    assert "decom" in refused.value.message_dict


def test_correcting_the_last_episode_of_ended_care_corrects_the_end_of_care(period, social_worker):
    services.care_period_end(
        user=social_worker, period=period, on=date(2026, 6, 1), reason_episode_ceased="E4A"
    )
    episode = period.episodes.get()
    _correct(episode, social_worker, dec=date(2026, 5, 30), rec="E13")
    period.refresh_from_db()
    episode.refresh_from_db()
    assert (period.end_date, episode.dec, episode.rec) == (
        date(2026, 5, 30),
        date(2026, 5, 30),
        "E13",
    )


def test_an_adoption_placement_cannot_be_corrected_in_without_the_adoption_decision(
    two_episodes, social_worker
):
    first, _ = two_episodes
    with pytest.raises(ValidationError) as refused:
        _correct(first, social_worker, legal_status="E1")
    assert "legal_status" in refused.value.message_dict


def test_the_episode_correction_page_carries_the_edit_token_and_saves_a_new_start(
    signed_in, social_worker, two_episodes, allocated_child
):
    first, second = two_episodes
    url = reverse("children_in_care:episode_correct", args=[allocated_child.pk, second.pk])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    assert carries_token(page)
    assert "Reason care ended" not in page  # an open episode has no end
    response = client.post(
        url,
        {
            "edit_token": token_in(page),
            **_date("decom", date(2026, 5, 25)),
            "legal_status": "C2",
            "place": "U6",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.dec == date(2026, 5, 25)


def test_the_first_episodes_correction_page_links_to_the_previous_permanence(
    signed_in, social_worker, two_episodes, allocated_child
):
    first, second = two_episodes
    client = signed_in(social_worker)
    target = reverse("adoption:previous_permanence", args=[allocated_child.pk])
    url = reverse("children_in_care:episode_correct", args=[allocated_child.pk, first.pk])
    assert target in client.get(url).content.decode()
    url = reverse("children_in_care:episode_correct", args=[allocated_child.pk, second.pk])
    assert target not in client.get(url).content.decode()


def test_the_care_record_links_each_episode_and_review_to_its_correction_page(
    signed_in, social_worker, two_episodes, review, allocated_child
):
    page = signed_in(social_worker).get(
        reverse("children_in_care:child", args=[allocated_child.pk])
    )
    body = page.content.decode()
    first, _ = two_episodes
    assert reverse("children_in_care:episode_correct", args=[allocated_child.pk, first.pk]) in body
    assert (
        reverse("children_in_care:review_correct", args=[allocated_child.pk, "2026-05-28"]) in body
    )


# --- Reviews ----------------------------------------------------------------------------------


def test_an_outsider_gets_not_found_for_both_correction_pages(
    signed_in, other_worker, review, allocated_child
):
    client = signed_in(other_worker)
    episode = allocated_child.care_episodes.get()
    for url in (
        reverse("children_in_care:review_correct", args=[allocated_child.pk, "2026-05-28"]),
        reverse("children_in_care:episode_correct", args=[allocated_child.pk, episode.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_a_review_on_a_date_with_none_is_not_found(
    signed_in, social_worker, review, allocated_child
):
    client = signed_in(social_worker)
    for held_on in ("2026-05-29", "not-a-date"):
        url = reverse("children_in_care:review_correct", args=[allocated_child.pk, held_on])
        assert client.get(url).status_code == 404


def test_correcting_a_review_saves_audits_and_goes_back_to_the_care_record(
    signed_in, social_worker, review, allocated_child
):
    url = reverse("children_in_care:review_correct", args=[allocated_child.pk, "2026-05-28"])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "edit_token": token_in(page),
            **_date("date", date(2026, 5, 27)),
            "participation": "PN4",
            "views_sought": "advocate",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.held_on, review.participation, review.views_sought) == (
        date(2026, 5, 27),
        "PN4",
        "advocate",
    )
    entry = AuditEntry.objects.get(summary="Looked after review corrected")
    assert entry.actor == social_worker and entry.child_id == allocated_child.pk
    assert set(entry.changes) == {"held_on", "participation", "views_sought"}


def test_a_review_correction_with_pn0_for_a_child_of_4_or_over_is_refused(
    signed_in, social_worker, review, allocated_child
):
    url = reverse("children_in_care:review_correct", args=[allocated_child.pk, "2026-05-28"])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "edit_token": token_in(page),
            **_date("date", date(2026, 5, 28)),
            "participation": "PN0",
            "views_sought": "at_review",
        },
    )
    body = response.content.decode()
    assert "govuk-error-summary" in body and "PN0 is only for a child under 4" in body
    review.refresh_from_db()
    assert review.participation == "PN1"


def test_a_stale_review_correction_is_refused_and_can_then_be_saved_knowingly(
    signed_in, social_worker, iro, review, allocated_child
):
    url = reverse("children_in_care:review_correct", args=[allocated_child.pk, "2026-05-28"])
    client = signed_in(social_worker)
    page = client.get(url).content.decode()
    services.review_correct(
        user=iro,
        review=Review.objects.get(pk=review.pk),
        held_on=date(2026, 5, 28),
        participation="PN2",
        views_sought="at_review",
    )
    data = {
        "edit_token": token_in(page),
        **_date("date", date(2026, 5, 28)),
        "participation": "PN1",  # as the page showed it
        "views_sought": "advocate",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert STALE in body and 'id="edit-conflicts"' in body
    review.refresh_from_db()
    assert (review.participation, review.views_sought) == ("PN2", "at_review")
    data["edit_token"] = token_in(body)
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert (review.participation, review.views_sought) == ("PN1", "advocate")
