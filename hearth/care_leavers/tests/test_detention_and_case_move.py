"""Relevant by detention or hospital on the 16th birthday (Care Leavers (England) Regulations
2010 reg 3), and the case moving to the personal adviser when care ends."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.care_leavers import rules, selectors, services
from hearth.casework.models import ChronologyEntry
from hearth.core.models import AuditEntry

BORN = date(2010, 3, 1)  # 16 on 1 March 2026


def _history(start: date, end: date, detained: date | None) -> rules.CareHistory:
    return rules.CareHistory.of(BORN, [rules.CareSpell(start, end, "V2", "X1")], None, detained)


# --- The rule (no database) ---------------------------------------------------------------


def test_detained_on_the_16th_birthday_after_13_weeks_in_care_since_14_is_relevant():
    # Looked after from 1 June 2025 (after the 14th birthday) until detained on 1 December.
    history = _history(date(2025, 6, 1), date(2025, 12, 1), date(2025, 12, 1))
    found = rules.eligibility(history, date(2026, 6, 10))
    assert found.category == rules.RELEVANT
    assert "before being detained or admitted to hospital on 1 December 2025" in found.reason


def test_thirteen_weeks_means_91_days_before_the_detention():
    detained = date(2025, 12, 1)
    just = _history(date(2025, 9, 1), detained, detained)  # 91 days
    short = _history(date(2025, 9, 2), detained, detained)  # 90 days
    assert rules.eligibility(just, date(2026, 6, 10)).category == rules.RELEVANT
    assert rules.eligibility(short, date(2026, 6, 10)).category == rules.NONE


def test_detention_after_the_16th_birthday_or_not_straight_after_care_does_not_count():
    late = _history(date(2025, 6, 1), date(2025, 12, 1), date(2026, 3, 2))
    gap = _history(date(2025, 6, 1), date(2025, 12, 1), date(2026, 1, 15))
    assert rules.eligibility(late, date(2026, 6, 10)).category == rules.NONE
    assert rules.eligibility(gap, date(2026, 6, 10)).category == rules.NONE


def test_relevant_by_detention_becomes_former_relevant_at_18():
    history = _history(date(2025, 6, 1), date(2025, 12, 1), date(2025, 12, 1))
    assert rules.eligibility(history, date(2028, 3, 1)).category == rules.FORMER_RELEVANT


# --- Recording it -------------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_detention_makes_the_young_person_relevant_in_the_chronology(
    today, young_person, looked_after, adviser
):
    # Born 1 March 2009: looked after from 1 October 2024 until detained on 1 February 2025.
    looked_after(young_person, date(2024, 10, 1), date(2025, 2, 1), "X1")
    assert selectors.row_for(young_person, today) is None
    services.detention_at_16_record(
        user=adviser, young_person=young_person, place="custody", since=date(2025, 2, 1)
    )
    row = selectors.row_for(young_person, today)
    assert row is not None and row.eligibility.category == rules.RELEVANT
    assert ChronologyEntry.objects.filter(
        child=young_person, summary__startswith="In custody from 1 February 2025"
    ).exists()
    assert AuditEntry.objects.filter(object_type="care_leavers.detentionatsixteen").exists()


@pytest.mark.django_db
def test_detention_must_have_started_by_the_16th_birthday(today, young_person, adviser):
    with pytest.raises(ValidationError) as caught:
        services.detention_at_16_record(
            user=adviser, young_person=young_person, place="hospital", since=date(2025, 3, 2)
        )
    assert caught.value.message_dict["since"] == [
        "The date must be on or before their 16th birthday, 1 March 2025"
    ]


# --- The case moves to the adviser when care ends -------------------------------------------


@pytest.fixture
def advised_then_left(today, young_person, looked_after, adviser, social_worker):
    """An adviser allocated in January while in care (the social worker keeps the case), then
    care ends on 1 April 2026 at 17: relevant."""
    period = looked_after(young_person, date(2024, 9, 1))
    services.adviser_allocate(
        user=social_worker,
        young_person=young_person,
        adviser=adviser,
        start_date=date(2026, 1, 5),
        joint_visit_on=date(2026, 1, 5),
        joint_visit_attended="Kai, social worker, adviser",
    )
    assert young_person.allocations.current(today).get().worker == social_worker
    episode = period.episodes.get()
    episode.dec, episode.rec = date(2026, 4, 1), "E6"
    episode.save()
    period.end_date = date(2026, 4, 1)
    period.save()
    return young_person


@pytest.mark.django_db
def test_when_care_ends_the_case_moves_to_the_adviser_from_that_day(
    advised_then_left, adviser, social_worker, lc_manager, today
):
    move = selectors.case_move_due(advised_then_left, today)
    assert move is not None and move.on == date(2026, 4, 1) and move.category == rules.RELEVANT
    allocation = services.case_move_to_adviser(user=lc_manager, young_person=advised_then_left)
    assert allocation.worker == adviser and allocation.start_date == date(2026, 4, 1)
    ended = advised_then_left.allocations.get(worker=social_worker)
    assert ended.end_date == date(2026, 4, 1)
    assert ChronologyEntry.objects.filter(
        child=advised_then_left, category="Allocation", summary__contains="personal adviser leads"
    ).exists()
    assert AuditEntry.objects.filter(
        child_id=advised_then_left.pk, object_type="casework.allocation", action="create"
    ).exists()
    assert selectors.case_move_due(advised_then_left, today) is None


@pytest.mark.django_db
def test_my_work_asks_for_the_move_until_it_is_made(advised_then_left, lc_manager, today):
    from hearth.care_leavers.due import care_leaver_due

    def moves() -> list:
        found = care_leaver_due([advised_then_left.pk], today)
        return [i for i in found if i.rule.id == "care_leaver_case_to_adviser"]

    (item,) = moves()
    assert item.due == date(2026, 4, 1) and item.url.endswith("/move-case/")
    services.case_move_to_adviser(user=lc_manager, young_person=advised_then_left)
    assert moves() == []


@pytest.mark.django_db
def test_while_still_in_care_the_social_worker_keeps_the_case(
    today, eligible, adviser, social_worker
):
    services.adviser_allocate(
        user=social_worker,
        young_person=eligible,
        adviser=adviser,
        start_date=date(2026, 1, 5),
        no_joint_visit_reason="Young person in hospital",
    )
    assert selectors.case_move_due(eligible, today) is None
    with pytest.raises(ValidationError):
        services.case_move_to_adviser(user=social_worker, young_person=eligible)


@pytest.mark.django_db
def test_the_young_persons_page_offers_the_move_and_the_post_makes_it(
    advised_then_left, adviser, signed_in
):
    client = signed_in(adviser)
    page = client.get(f"/leaving-care/young-people/{advised_then_left.pk}/").content.decode()
    assert "but the case is still allocated to" in page
    assert "Case held by: " in page  # the adviser sees who holds the case now
    url = f"/leaving-care/young-people/{advised_then_left.pk}/move-case/"
    assert "Move the case" in client.get(url).content.decode()
    client.post(url)
    assert advised_then_left.allocations.current(date(2026, 6, 10)).get().worker == adviser


@pytest.mark.django_db
def test_outsiders_get_not_found_for_the_move_and_detention_pages(
    advised_then_left, other_worker, signed_in
):
    client = signed_in(other_worker)
    base = f"/leaving-care/young-people/{advised_then_left.pk}/"
    assert client.get(base + "move-case/").status_code == 404
    assert client.post(base + "move-case/").status_code == 404
    assert client.get(base + "detained-at-16/").status_code == 404


def test_the_oc3_window_follows_the_setting(settings):
    birthday_on = date(2026, 1, 15)
    assert rules.oc3_window(birthday_on) == (date(2025, 10, 15), date(2026, 2, 15))
    settings.HEARTH = {**settings.HEARTH, "CARE_LEAVERS_OC3_MONTHS_AFTER": 3}
    assert rules.oc3_window(birthday_on) == (date(2025, 10, 15), date(2026, 4, 15))
    contact = [(date(2026, 3, 20), "in_touch")]
    items = rules.oc3_items(
        birthday_on=birthday_on,
        died_on=None,
        home_with_parent_since=None,
        contacts=contact,
        activity="F2",
        accommodation="D1",
    )
    assert items.in_touch == "YES"


@pytest.mark.django_db
def test_the_detention_page_shows_a_govuk_error_then_records_it(
    today, young_person, looked_after, adviser, lc_manager, signed_in
):
    from hearth.care_leavers.models import DetentionAtSixteen

    looked_after(young_person, date(2024, 10, 1), date(2025, 2, 1), "E9")
    client = signed_in(lc_manager)
    url = f"/leaving-care/young-people/{young_person.pk}/detained-at-16/"
    form = {"place": "hospital", "since-day": "2", "since-month": "3", "since-year": "2025"}
    page = client.post(url, form).content.decode()
    assert "govuk-error-summary" in page
    assert "on or before their 16th birthday, 1 March 2025" in page
    assert not DetentionAtSixteen.objects.exists()
    client.post(url, {**form, "since-day": "1", "since-month": "2"})
    assert DetentionAtSixteen.objects.get().place == "hospital"
    record = client.get(f"/leaving-care/young-people/{young_person.pk}/").content.decode()
    assert "still there on their 16th birthday" in record
