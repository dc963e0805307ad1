"""The save step of a page with one form, shared by the apps' form pages.

A view builds its form, then asks `form_saved` whether the posted form was saved through the
service; if so it redirects, otherwise it renders the form again with its errors:

    form = forms.StageForm(request.POST if request.method == "POST" else None)
    if form_saved(request, form, save=lambda d: services.stage_record(...), done="Stage saved"):
        return redirect(...)
    return render(request, "app/form.html", {"form": form})
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest

from hearth.core.concurrency import edit_conflicts, guard_form, lock_for_edit


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field when it has one."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            target = name if name in form.fields else None
            for message in messages_:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_saved(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    saved: Callable[[], dict[str, Any]] | None = None,
    lock: Model | None = None,
) -> bool:
    """Whether a valid posted form was saved through `save` (the service), with `done` as the
    success message. A service's refusal goes onto the form, and nothing is saved.

    `saved` (with the record to `lock`) makes it an edit: the form carries the edit token for
    the values saved now and a stale save is refused (hearth.core.concurrency)."""
    if saved is not None:
        guard_form(form, saved=saved())
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        with transaction.atomic():
            if lock is not None:
                lock_for_edit(lock)
            if saved is not None and edit_conflicts(form, saved=saved(), record=lock):
                return False
            save(dict(form.cleaned_data))
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    messages.success(request, done)
    return True
