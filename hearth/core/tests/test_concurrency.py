"""The optimistic-concurrency helper on a plain form (no database)."""

from datetime import date

import time_machine
from django import forms

from hearth.core.concurrency import (
    TOKEN_FIELD,
    carries_token,
    changed_since,
    edit_conflicts,
    edit_token,
    guard_form,
    token_in,
)
from hearth.core.forms import GovukDateField

SAVED = {"name": "Ada", "seen_on": date(2026, 3, 1), "level": "2", "tags": ["a", "b"]}


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name")
    seen_on = GovukDateField(label="Date seen")
    level = forms.ChoiceField(label="Level", choices=[("1", "Low"), ("2", "Medium"), ("3", "High")])
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], required=False)


def _posted(token: str, **changes: str) -> ExampleForm:
    data = {
        "name": "Ada",
        "seen_on-day": "1",
        "seen_on-month": "3",
        "seen_on-year": "2026",
        "level": "2",
        "tags": ["b", "a"],
        TOKEN_FIELD: token,
    } | changes
    form = guard_form(ExampleForm(data), saved=SAVED)
    assert form.is_valid(), form.errors
    return form  # type: ignore[return-value]


def test_a_token_sees_no_change_when_nothing_was_saved_since():
    assert changed_since(edit_token(SAVED), dict(SAVED)) == []


def test_a_token_names_the_fields_saved_since_and_ignores_list_order():
    now = SAVED | {"level": "3", "tags": ["b", "a"]}
    assert changed_since(edit_token(SAVED), now) == ["level"]


def test_an_altered_or_missing_token_counts_as_stale_for_every_field():
    token = edit_token(SAVED)
    assert changed_since(token[:-2] + "xx", SAVED) == list(SAVED)
    assert changed_since("", SAVED) == list(SAVED)


def test_the_edit_page_carries_the_token_as_a_hidden_input():
    # The token is signed with a timestamp: freeze the clock so both are signed in one second.
    with time_machine.travel("2026-03-01 09:00:00", tick=False):
        form = guard_form(ExampleForm(initial=SAVED), saved=SAVED)
        html = str(form[TOKEN_FIELD].as_hidden())
        assert carries_token(html)
        assert token_in(html) == edit_token(SAVED)


def test_saving_over_an_unchanged_record_is_allowed():
    form = _posted(edit_token(SAVED), name="Ada Lovelace")
    assert edit_conflicts(form, saved=SAVED) == []
    assert form.is_valid()


def test_a_stale_save_is_refused_with_their_value_against_the_saved_one():
    token = edit_token(SAVED)
    saved_now = SAVED | {"level": "3", "seen_on": date(2026, 3, 2)}
    form = _posted(token, name="Ada Lovelace")
    conflicts = edit_conflicts(form, saved=saved_now)
    assert [(c.label, c.yours, c.saved) for c in conflicts] == [
        ("Date seen", "1 March 2026", "2 March 2026"),
        ("Level", "Medium", "High"),
    ]
    assert "changed this record after you opened it" in form.non_field_errors()[0]
    assert form.data[TOKEN_FIELD] == edit_token(saved_now)  # saving again is a choice


def test_a_field_someone_else_saved_with_the_same_answer_is_no_conflict():
    token = edit_token(SAVED)
    form = _posted(token, level="3")
    assert edit_conflicts(form, saved=SAVED | {"level": "3"}) == []


def test_a_missing_token_refuses_only_answers_that_differ_from_the_saved_ones():
    form = _posted("", name="Someone")
    assert [c.name for c in edit_conflicts(form, saved=SAVED)] == ["name"]
    assert edit_conflicts(_posted(""), saved=SAVED) == []
