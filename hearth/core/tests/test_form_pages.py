"""The save step shared by the apps' form pages (hearth.core.form_pages)."""

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from hearth.accounts.models import User
from hearth.accounts.tests.factories import UserFactory
from hearth.core.concurrency import TOKEN_FIELD, edit_token
from hearth.core.form_pages import apply_service_errors, form_saved

# The save runs in a transaction, so even the tests whose service writes nothing use the database.
pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter the name"})


def _request(method: str = "post") -> HttpRequest:
    request = getattr(RequestFactory(), method)("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _shown(request: HttpRequest) -> list[str]:
    return [str(message) for message in get_messages(request)]


class Recorder:
    """A stand-in service that notes what it was asked to save."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, data: dict[str, Any]) -> None:
        self.calls.append(data)


def test_a_page_opened_with_get_saves_nothing():
    request, save = _request("get"), Recorder()
    assert not form_saved(request, NameForm(None), save=save, done="Saved")
    assert save.calls == []
    assert _shown(request) == []


def test_a_valid_posted_form_is_saved_through_the_service_with_the_success_message():
    request, save = _request(), Recorder()
    assert form_saved(request, NameForm({"name": "Ada"}), save=save, done="Name saved")
    assert save.calls == [{"name": "Ada"}]
    assert _shown(request) == ["Name saved"]


def test_an_invalid_form_is_not_passed_to_the_service():
    request, save = _request(), Recorder()
    form = NameForm({"name": ""})
    assert not form_saved(request, form, save=save, done="Saved")
    assert save.calls == []
    assert form.errors == {"name": ["Enter the name"]}


def test_a_service_refusal_goes_onto_the_form_and_nothing_it_wrote_is_kept():
    request = _request()
    form = NameForm({"name": "Ada"})

    def refusing(data: dict[str, Any]) -> None:
        UserFactory(username="half.saved")
        raise ValidationError({"name": "That name is taken", "elsewhere": "Try again later"})

    assert not form_saved(request, form, save=refusing, done="Saved")
    assert form.errors["name"] == ["That name is taken"]
    assert form.non_field_errors() == ["Try again later"]
    assert not User.objects.filter(username="half.saved").exists()
    assert _shown(request) == []


def test_a_stale_edit_is_refused_without_calling_the_service():
    opened = {"name": "Ada"}
    saved_now = {"name": "Ada Lovelace"}  # someone else saved this since the page was opened
    request, save = _request(), Recorder()
    form = NameForm({"name": "Ada King", TOKEN_FIELD: edit_token(opened)})
    assert not form_saved(request, form, save=save, done="Saved", saved=lambda: saved_now)
    assert save.calls == []
    assert form.errors
    assert _shown(request) == []


def test_an_edit_over_an_unchanged_record_is_saved():
    saved_now = {"name": "Ada"}
    request, save = _request(), Recorder()
    form = NameForm({"name": "Ada King", TOKEN_FIELD: edit_token(saved_now)})
    assert form_saved(request, form, save=save, done="Saved", saved=lambda: saved_now)
    assert [call["name"] for call in save.calls] == ["Ada King"]


def test_a_service_error_without_fields_is_shown_above_the_form():
    form = NameForm({"name": "Ada"})
    form.is_valid()
    apply_service_errors(form, ValidationError("The child is not in care"))
    assert form.non_field_errors() == ["The child is not in care"]
