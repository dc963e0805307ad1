"""The cohort built from the care history, the contact gaps, the pathway plan review
triggers, the due items, the OC3 in-touch derivation and the Annex A list 9 rows."""

from datetime import date

import pytest

from hearth.care_leavers import extract, rules, services
from hearth.care_leavers.due import care_leaver_due
from hearth.care_leavers.selectors import cohort_rows
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _allocate(user, person, adviser, on):
    return services.adviser_allocate(
        user=user,
        young_person=person,
        adviser=adviser,
        start_date=on,
        joint_visit_on=on,
        joint_visit_attended="Social worker, adviser and the young person",
    )


def test_eligibility_is_recalculated_when_the_care_history_changes(today, eligible, looked_after):
    [row] = cohort_rows(today)
    assert row.eligibility.category == rules.ELIGIBLE
    period = eligible.care_periods.get()
    episode = period.episodes.get()
    episode.dec, episode.rec = date(2026, 5, 1), "E6"
    episode.save()
    [row] = cohort_rows(today)
    assert row.eligibility.category == rules.RELEVANT


def test_unallocated_care_leavers_are_flagged_and_a_pa_is_due_by_16(today, eligible):
    [row] = cohort_rows(today)
    assert row.unallocated
    items = {i.rule.id: i for i in care_leaver_due([eligible.pk], today)}
    assert items["personal_adviser_by_16"].due == date(2025, 3, 1)
    assert items["needs_assessment_3m_after_16"].due == date(2025, 6, 1)


def test_contact_gap_is_computed_from_the_last_contact_in_touch(
    today, relevant, adviser, lc_manager, time_machine
):
    _allocate(lc_manager, relevant, adviser, date(2026, 4, 2))
    services.contact_record(
        user=adviser,
        young_person=relevant,
        contact_on=date(2026, 4, 10),
        method="face_to_face",
        initiated_by="adviser",
        outcome="in_touch",
    )
    services.contact_record(
        user=adviser,
        young_person=relevant,
        contact_on=date(2026, 5, 20),
        method="phone",
        initiated_by="adviser",
        outcome="in_touch",
    )
    [row] = cohort_rows(date(2026, 5, 25))
    assert not row.gap.not_in_touch and not row.gap.not_seen
    [row] = cohort_rows(date(2026, 6, 5))
    assert not row.gap.not_seen  # 8 weeks to the day
    [row] = cohort_rows(date(2026, 6, 6))
    assert row.gap.not_seen and not row.gap.not_in_touch
    assert row.gap.summary == "Not seen for 8 weeks"
    [row] = cohort_rows(date(2026, 8, 30))
    assert row.gap.not_in_touch and row.gap.escalated
    assert row.gap.summary == "Not in touch for 14 weeks; not seen for 20 weeks (escalated)"


def test_a_young_persons_own_frequency_overrides_the_default(today, relevant, adviser, lc_manager):
    _allocate(lc_manager, relevant, adviser, date(2026, 4, 2))
    services.contact_frequency_set(
        user=adviser, young_person=relevant, weeks=2, reason="High risk", set_on=date(2026, 4, 2)
    )
    [row] = cohort_rows(today)
    assert row.gap.expected_weeks == 2
    assert row.gap.not_in_touch
    due = [i for i in care_leaver_due([relevant.pk], today) if i.rule.id == "care_leaver_contact"]
    assert due[0].due == date(2026, 4, 16)
    assert due[0].assignee_id == adviser.pk


def _plan(user, person, on, reason="first"):
    return services.pathway_plan_record(
        user=user,
        young_person=person,
        plan_date=on,
        reason=reason,
        young_persons_views="I want my own flat near college",
        sections=[
            services.SectionInput(
                "accommodation",
                "Stay in supported lodgings until 18",
                "I like it here",
                [services.ActionInput("Housing application", "Adviser", date(2026, 9, 1))],
            )
        ],
    )


def test_pathway_plan_review_is_due_six_months_on_or_sooner_after_a_change(
    today, relevant, adviser, lc_manager
):
    _allocate(lc_manager, relevant, adviser, date(2026, 4, 2))
    _plan(adviser, relevant, date(2026, 4, 15))
    [row] = cohort_rows(today)
    assert row.review.due == date(2026, 10, 15)
    assert row.review.rule_id == "pathway_plan_review_6m"
    services.accommodation_record(
        user=adviser,
        young_person=relevant,
        start_date=date(2026, 6, 1),
        accommodation_type="D",
        suitable=True,
        suitability_reason="Supported, near college",
    )
    [row] = cohort_rows(today)
    assert row.review.rule_id == "pathway_plan_review_change"
    assert row.review.due == date(2026, 6, 29)
    assert row.review.clock_event == "a move of accommodation"
    _plan(adviser, relevant, date(2026, 6, 9), reason="change")
    [row] = cohort_rows(today)
    assert row.review.rule_id == "pathway_plan_review_6m"


def test_custody_and_parenthood_prompt_a_review(today, relevant, adviser, lc_manager):
    _allocate(lc_manager, relevant, adviser, date(2026, 4, 2))
    _plan(adviser, relevant, date(2026, 4, 15))
    services.circumstance_change_record(
        user=adviser,
        young_person=relevant,
        occurred_on=date(2026, 5, 1),
        kind="parenthood",
        description="Baby born",
    )
    [row] = cohort_rows(today)
    assert row.review.due == date(2026, 5, 29)
    assert row.plan_overdue
    assert "became a parent" in row.review.clock_event


@pytest.mark.parametrize(
    ("contacts", "expected"),
    [
        ([(date(2025, 12, 1), "in_touch")], "YES"),
        ([(date(2025, 11, 30), "in_touch")], "NO"),  # just before the window
        ([(date(2026, 4, 1), "in_touch")], "YES"),  # last day of the window
        ([(date(2026, 4, 2), "in_touch")], "NO"),
        ([(date(2026, 1, 5), "refused")], "REFU"),
        ([(date(2026, 1, 5), "no_response"), (date(2026, 2, 5), "nreq")], "NREQ"),
        ([], "NO"),
    ],
)
def test_oc3_in_touch_uses_three_months_before_to_one_month_after_the_birthday(contacts, expected):
    items = rules.oc3_items(
        birthday_on=date(2026, 3, 1),
        died_on=None,
        home_with_parent_since=None,
        contacts=contacts,
        activity="F2",
        accommodation="D1",
    )
    assert items.in_touch == expected
    assert (items.activ, items.accom) == (("F2", "D1") if expected == "YES" else ("0", "0"))


def test_oc3_died_and_returned_home_have_no_activity_or_accommodation():
    died = rules.oc3_items(
        birthday_on=date(2026, 3, 1),
        died_on=date(2025, 10, 1),
        home_with_parent_since=None,
        contacts=[(date(2026, 2, 1), "in_touch")],
        activity="F2",
        accommodation="D1",
    )
    assert (died.in_touch, died.activ, died.accom) == ("DIED", "0", "0")
    home = rules.oc3_items(
        birthday_on=date(2026, 3, 1),
        died_on=None,
        home_with_parent_since=date(2025, 9, 1),
        contacts=[],
        activity="",
        accommodation="",
    )
    assert home.in_touch == "RHOM"


def test_oc3_rows_for_the_year(today, relevant, adviser, lc_manager, looked_after):
    # Relevant young person: 17th birthday on 1 March 2026 (in 2025-26), left care 1 April
    # 2026, so still looked after on the birthday: not returned (rule 1007).
    assert extract.oc3_rows(2025) == []
    # A former relevant 19-year-old in touch around their birthday.
    older = ChildFactory(first_name="Ama", last_name="Mensah", date_of_birth=date(2006, 7, 1))
    looked_after(older, date(2021, 1, 1), date(2024, 7, 1), "E17")
    _allocate(lc_manager, older, adviser, date(2025, 1, 1))
    services.accommodation_record(
        user=adviser,
        young_person=older,
        start_date=date(2024, 7, 1),
        accommodation_type="Z",
        suitable=True,
        suitability_reason="Staying put with former foster carers",
    )
    services.activity_record(
        user=adviser, young_person=older, start_date=date(2024, 9, 1), code="F1"
    )
    services.contact_record(
        user=adviser,
        young_person=older,
        contact_on=date(2025, 6, 20),
        method="face_to_face",
        initiated_by="young_person",
        outcome="in_touch",
    )
    # A young person who left care before 16 is never in the table.
    early = ChildFactory(date_of_birth=date(2006, 9, 1))
    looked_after(early, date(2020, 1, 1), date(2022, 1, 1), "E13")
    rows = extract.oc3_rows(2025)
    assert rows == [
        {
            "CHILD": older.la_child_id or str(older.pk),
            "DOB": date(2006, 7, 1),
            "IN_TOUCH": "YES",
            "ACTIV": "F1",
            "ACCOM": "Z1",
        }
    ]
    assert set(rows[0]) == set(extract.OC3_COLUMNS)


def test_annex_a_list_9_lists_care_leavers_with_their_adviser_and_plan(
    today, relevant, adviser, lc_manager
):
    _allocate(lc_manager, relevant, adviser, date(2026, 4, 2))
    _plan(adviser, relevant, date(2026, 4, 15))
    [row] = extract.annex_a_list_9(today)
    assert row["Eligibility Category"] == "a) Relevant"
    assert row["Allocated Personal Advisor"] == str(adviser)
    assert row["Latest Pathway Plan Review Date"] == date(2026, 4, 15)
    assert row["LA in Touch"] == "c) Not recorded"
