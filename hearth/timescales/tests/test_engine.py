"""Due items: dates that explain themselves, status against today, and the provider registry."""

from collections.abc import Sequence
from datetime import date

import pytest
import time_machine
from django.utils import timezone

from hearth.people.models import Person
from hearth.people.tests.factories import ChildFactory
from hearth.timescales.catalogue import rule
from hearth.timescales.engine import DueItem, due_items, register_provider, unregister_provider


def first_visit(clock_start=date(2026, 3, 3), **overrides):
    values = {
        "child_id": 1,
        "subject": "Visit the child",
        "clock_start": clock_start,
        "clock_event": "allocated to Sam Patel",
    }
    values.update(overrides)
    return DueItem.create("first_visit_after_allocation", **values)


def item_due_on(due, rule_id="cp_visit", child_id=1):
    return DueItem(
        rule=rule(rule_id),
        child_id=child_id,
        subject="Visit the child",
        clock_start=due,
        clock_event="test",
        due=due,
    )


class TestCreatingDueItems:
    def test_the_rule_computes_the_due_date_from_the_clock_start(self):
        item = first_visit()
        assert item.due == date(2026, 3, 10)
        assert item.rule.id == "first_visit_after_allocation"

    def test_an_unknown_rule_is_refused(self):
        with pytest.raises(KeyError, match="No timescale rule"):
            DueItem.create(
                "no_such_rule",
                child_id=1,
                subject="x",
                clock_start=date(2026, 3, 3),
                clock_event="x",
            )

    def test_a_local_cadence_change_moves_the_due_date(self, hearth_settings):
        hearth_settings["FIRST_VISIT_WORKING_DAYS"] = 2
        assert first_visit().due == date(2026, 3, 5)

    def test_the_explanation_names_the_rule_the_offset_and_the_start(self):
        assert first_visit().explanation == (
            "Due 10 March 2026: 5 working days after allocated to Sam Patel on 3 March 2026. "
            "Rule: First visit after allocation (local policy)."
        )

    def test_a_statutory_explanation_quotes_its_source(self):
        item = DueItem.create(
            "cla_review_first_20wd",
            child_id=1,
            subject="Hold the first looked after review",
            clock_start=date(2026, 4, 1),
            clock_event="became looked after",
        )
        assert item.explanation == (
            "Due 1 May 2026: 20 working days after became looked after on 1 April 2026. "
            "Rule: First looked after review (regulations: Care Planning, Placement and Case "
            "Review (England) Regulations 2010, reg 33(1))."
        )

    def test_a_clock_started_at_the_weekend_says_which_day_it_counted_from(self):
        item = DueItem.create(
            "referral_decision",
            child_id=1,
            subject="Decide what happens next",
            clock_start=date(2026, 3, 7),
            clock_event="the referral was received",
        )
        assert item.due == date(2026, 3, 10)
        assert item.explanation.startswith(
            "Due 10 March 2026: 1 working day after the referral was received on 7 March 2026, "
            "counted from 9 March 2026 (the next working day). Rule: Decision on a referral "
            "(statutory guidance: Working Together to Safeguard Children 2023"
        )


class TestStatus:
    def test_an_item_is_overdue_the_day_after_it_was_due(self):
        item = item_due_on(date(2026, 3, 10))
        assert item.status(date(2026, 3, 11)) == "overdue"
        assert item.status(date(2026, 3, 10)) == "due_today"

    def test_due_soon_means_within_five_working_days(self):
        item = item_due_on(date(2026, 3, 13))  # Friday
        assert item.status(date(2026, 3, 6)) == "due_soon"  # 5 working days before
        assert item.status(date(2026, 3, 5)) == "upcoming"  # 6 working days before

    def test_due_soon_counts_working_days_across_easter(self):
        item = item_due_on(date(2026, 4, 7))  # Tuesday after Easter Monday
        assert item.status(date(2026, 3, 27)) == "due_soon"
        assert item.status(date(2026, 3, 26)) == "upcoming"

    def test_the_due_soon_window_is_a_setting(self, hearth_settings):
        hearth_settings["DUE_SOON_WORKING_DAYS"] = 1
        item = item_due_on(date(2026, 3, 13))
        assert item.status(date(2026, 3, 12)) == "due_soon"
        assert item.status(date(2026, 3, 11)) == "upcoming"

    def test_days_overdue_are_working_days_and_skip_christmas(self):
        item = item_due_on(date(2026, 12, 24))
        assert item.days_overdue(date(2026, 12, 29)) == 1
        assert item.days_overdue(date(2026, 12, 24)) == 0
        assert item.days_overdue(date(2026, 12, 1)) == 0

    def test_a_weekend_due_date_is_overdue_on_sunday_but_no_working_days_late_until_monday(self):
        item = item_due_on(date(2026, 12, 26), rule_id="rhi_72h")  # Saturday
        assert item.status(date(2026, 12, 27)) == "overdue"
        assert item.days_overdue(date(2026, 12, 27)) == 0
        # Monday 28 December 2026 is the Boxing Day substitute; Tuesday is the first late day.
        assert item.days_overdue(date(2026, 12, 29)) == 1

    @time_machine.travel("2026-03-09 09:00 +0000", tick=False)
    def test_status_against_the_frozen_today(self):
        today = timezone.localdate()
        assert first_visit().status(today) == "due_soon"
        assert first_visit(clock_start=date(2026, 2, 2)).status(today) == "overdue"
        assert first_visit(clock_start=date(2026, 2, 2)).days_overdue(today) == 20


def needs_assessments(child_ids: Sequence[int], today: date):
    """A tiny provider: one query whatever the number of children."""
    for pk, born in Person.objects.filter(pk__in=child_ids).values_list("pk", "date_of_birth"):
        sixteenth = born.replace(year=born.year + 16)
        yield DueItem.create(
            "needs_assessment_3m_after_16",
            child_id=pk,
            subject="Complete the leaving care needs assessment",
            clock_start=sixteenth,
            clock_event="16th birthday",
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("isolated_providers")
class TestProviders:
    def test_due_items_gathers_every_provider_soonest_first(self):
        older = ChildFactory(date_of_birth=date(2010, 1, 15))
        younger = ChildFactory(date_of_birth=date(2010, 6, 1))
        register_provider("test.needs_assessments", needs_assessments)
        register_provider(
            "test.visits", lambda ids, today: [item_due_on(date(2026, 4, 1), child_id=ids[0])]
        )
        items = due_items([younger.pk, older.pk], today=date(2026, 3, 1))
        assert [(i.rule.id, i.child_id, i.due) for i in items] == [
            ("cp_visit", younger.pk, date(2026, 4, 1)),
            ("needs_assessment_3m_after_16", older.pk, date(2026, 4, 15)),
            ("needs_assessment_3m_after_16", younger.pk, date(2026, 9, 1)),
        ]

    def test_a_provider_makes_the_same_number_of_queries_for_one_child_or_many(
        self, django_assert_num_queries
    ):
        register_provider("test.needs_assessments", needs_assessments)
        one = [ChildFactory().pk]
        many = [ChildFactory().pk for _ in range(12)]
        with django_assert_num_queries(1):
            assert len(due_items(one, today=date(2026, 3, 1))) == 1
        with django_assert_num_queries(1):
            assert len(due_items(many, today=date(2026, 3, 1))) == 12

    def test_no_children_means_no_providers_run(self, django_assert_num_queries):
        register_provider("test.needs_assessments", needs_assessments)
        with django_assert_num_queries(0):
            assert due_items([], today=date(2026, 3, 1)) == []

    def test_items_for_children_not_asked_about_are_dropped(self):
        register_provider(
            "test.careless", lambda ids, today: [item_due_on(date(2026, 4, 1), child_id=999)]
        )
        assert due_items([1, 2], today=date(2026, 3, 1)) == []

    def test_registering_a_name_again_replaces_the_provider(self):
        register_provider("test.one", lambda ids, today: [item_due_on(date(2026, 4, 1))])
        register_provider("test.one", lambda ids, today: [item_due_on(date(2026, 5, 1))])
        assert [i.due for i in due_items([1], today=date(2026, 3, 1))] == [date(2026, 5, 1)]
        unregister_provider("test.one")
        assert due_items([1], today=date(2026, 3, 1)) == []

    def test_a_provider_must_be_callable(self):
        with pytest.raises(TypeError):
            register_provider("test.broken", "not a function")  # type: ignore[arg-type]
