"""The importers' record checks give what `full_clean` gives, record after record."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hearth.people.models import Person
from hearth.returns.importers.checking import RecordChecks


def _person(**values: object) -> Person:
    fields = {
        "is_child": True,
        "first_name": "Imported child",
        "last_name": "A000001",
        "la_child_id": "A000001",
        "date_of_birth": date(2012, 5, 10),
        "sex": "F",
    }
    return Person(**(fields | values))


def _errors(check, person: Person) -> dict[str, list[str]]:
    try:
        check(person)
    except ValidationError as error:
        return error.message_dict
    return {}


def _django(person: Person) -> None:
    exclude = [f.name for f in Person._meta.concrete_fields if f.is_relation]
    person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _ours(checks: RecordChecks):
    exclude = [f.name for f in Person._meta.concrete_fields if f.is_relation]
    return lambda person: checks.full_clean(person, exclude=exclude)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"sex": "Q"},
        {"ethnicity": "X" * 300},
        {"upn": "A123456789013"},
        {"sex": "Q", "first_name": " "},
        {"date_of_birth": None},
    ],
)
def test_each_record_gets_the_errors_full_clean_gives_even_when_a_value_repeats(values):
    checks = _ours(RecordChecks())
    for _ in range(3):  # the second and third records with the same values are checked too
        assert _errors(checks, _person(**values)) == _errors(_django, _person(**values))


def test_a_value_that_passed_once_still_runs_the_models_own_rules():
    checks = _ours(RecordChecks())
    assert _errors(checks, _person()) == {}

    unborn_with_sex = _person(date_of_birth=None, expected_date_of_birth=date(2030, 1, 1))

    assert "sex" in _errors(checks, unborn_with_sex)
