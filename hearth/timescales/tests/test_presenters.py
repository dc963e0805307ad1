"""How due items and rules read on the page."""

from datetime import date

from hearth.timescales.catalogue import rule
from hearth.timescales.engine import DueItem
from hearth.timescales.presenters import (
    due_text,
    offset_text,
    rule_sections,
    status_tag,
    working_days_in_year,
)


def due_on(day):
    return DueItem(
        rule=rule("cp_visit"),
        child_id=1,
        subject="Visit the child",
        clock_start=day,
        clock_event="test",
        due=day,
    )


def test_overdue_items_say_by_how_many_working_days():
    assert due_text(due_on(date(2026, 12, 24)), date(2026, 12, 29)) == ("Overdue by 1 working day")
    assert due_text(due_on(date(2026, 3, 2)), date(2026, 3, 6)) == "Overdue by 4 working days"


def test_an_item_overdue_only_by_a_weekend_says_when_it_was_due():
    assert due_text(due_on(date(2026, 3, 7)), date(2026, 3, 8)) == (
        "Overdue (was due 7 March 2026)"
    )


def test_items_not_yet_due_say_how_many_working_days_are_left():
    assert due_text(due_on(date(2026, 3, 10)), date(2026, 3, 10)) == "Due today"
    assert due_text(due_on(date(2026, 3, 10)), date(2026, 3, 9)) == (
        "Due in 1 working day (10 March 2026)"
    )


def test_status_tags_carry_the_meaning_in_words_as_well_as_colour():
    assert status_tag(due_on(date(2026, 3, 2)), date(2026, 3, 6)) == {
        "text": "Overdue",
        "classes": "govuk-tag--red",
    }
    assert status_tag(due_on(date(2026, 6, 1)), date(2026, 3, 6))["text"] == "Upcoming"


def test_local_rules_name_their_setting(settings):
    settings.HEARTH = {**settings.HEARTH, "CIN_VISIT_WORKING_DAYS": 15}
    expected = "15 working days (local setting CIN_VISIT_WORKING_DAYS)"
    assert offset_text(rule("cin_visit")) == expected
    assert offset_text(rule("cla_review_6m")) == "6 months"


def test_every_rule_appears_once_on_the_rules_page():
    ids = [row.id for _, rows in rule_sections() for row in rows]
    assert len(ids) == len(set(ids))
    assert "icpc_15wd" in ids


def test_a_year_has_about_250_working_days():
    assert working_days_in_year(2026) == 253
    assert working_days_in_year(2022) == 250
