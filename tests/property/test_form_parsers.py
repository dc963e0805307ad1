"""The form parsers on anything a browser (or an attacker) can post: GovukDateField answers a
date or a GOV.UK error message, never an exception; the edit token never crashes the check."""

from datetime import date

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.concurrency import changed_since, edit_conflicts, edit_token, guard_form
from hearth.core.forms import GovukDateField

part = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0", "29", "31", "02", "2024", "1e3", "1_0", "١٢", "٣١", "9" * 25]),
)


class DateForm(forms.Form):
    when = GovukDateField(label="Date of the visit")


year_part = st.one_of(part, st.integers(1900, 2100).map(str))


@given(day=part, month=part, year=year_part)
def test_the_date_field_answers_a_date_or_a_govuk_error(day, month, year):
    form = DateForm({"when-day": day, "when-month": month, "when-year": year})
    if form.is_valid():
        value = form.cleaned_data["when"]
        assert isinstance(value, date) and 1900 <= value.year <= 2100
    else:
        (message,) = form.errors["when"]
        assert message.startswith(("Date of the visit", "Enter date of the visit"))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_real_date_typed_into_the_three_boxes_is_read_back(when):
    form = DateForm(
        {"when-day": str(when.day), "when-month": f"{when.month:02}", "when-year": str(when.year)}
    )
    assert form.is_valid() and form.cleaned_data["when"] == when


class NoteForm(forms.Form):
    subject = forms.CharField(required=False)


no_nul = st.characters(exclude_characters="\x00")  # a NUL is refused by every CharField


@given(token=st.text(no_nul, max_size=200), subject=st.text(no_nul, max_size=50))
def test_any_posted_edit_token_is_checked_without_crashing(token, subject):
    saved = {"subject": "Home visit"}
    form = guard_form(NoteForm({"subject": subject, "edit_token": token}), saved=saved)
    assert form.is_valid()
    conflicts = edit_conflicts(form, saved=saved)
    assert conflicts == [] or conflicts[0].name == "subject"
    assert changed_since(token, saved) in ([], ["subject"])


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(), st.integers())))
def test_a_fresh_token_sees_no_change(saved):
    assert changed_since(edit_token(saved), saved) == []


def test_numbers_too_big_for_a_date_are_an_error_not_a_crash():
    form = DateForm({"when-day": "1", "when-month": "9" * 25, "when-year": "2020"})
    assert form.errors["when"] == ["Date of the visit must be a real date"]
