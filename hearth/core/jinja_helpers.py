"""Functions the Jinja form helper and layout call to map Django forms onto GOV.UK macros."""

import functools
from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

from hearth.core.forms import DateInputsWidget, date_parts


def field_kind(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, DateInputsWidget):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


def input_type(bound: forms.BoundField) -> str:
    return getattr(bound.field.widget, "input_type", "text") or "text"


def _selected(bound: forms.BoundField) -> set[str]:
    value = bound.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def select_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    chosen = _selected(bound)
    return [
        {"value": str(value), "text": str(label), "selected": str(value) in chosen}
        for value, label in bound.field.choices  # type: ignore[attr-defined]
    ]


def choice_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    chosen = _selected(bound)
    return [
        {"value": str(value), "text": str(label), "checked": str(value) in chosen}
        for value, label in bound.field.choices  # type: ignore[attr-defined]
        if str(value) != ""
    ]


def date_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    parts = date_parts(bound.value())
    error = " govuk-input--error" if bound.errors else ""
    return [
        {"name": "day", "classes": "govuk-input--width-2" + error, "value": parts.get("day", "")},
        {
            "name": "month",
            "classes": "govuk-input--width-2" + error,
            "value": parts.get("month", ""),
        },
        {"name": "year", "classes": "govuk-input--width-4" + error, "value": parts.get("year", "")},
    ]


def form_error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend({"text": str(e)} for e in errors)
            continue
        bound = form[name]
        anchor = bound.auto_id
        if field_kind(bound) == "date":
            anchor = f"{anchor}-day"
        elif field_kind(bound) in {"radios", "checkboxes"}:
            anchor = f"{anchor}"
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return items


NAV_ITEMS: list[tuple[str, str, set[str] | None]] = [
    # (text, url name, roles that see it; None for everyone)
    ("My work", "casework:my_work", None),
    ("Team work", "casework:team_work", {"team_manager", "service_manager"}),
    ("Find a child", "people:search", None),
    ("CP reports", "child_protection:reports", {"team_manager", "service_manager", "iro"}),
    ("MASH queue", "front_door:queue", {"mash_practitioner", "team_manager", "senior_leader"}),
    ("Early help", "early_help:episodes", {"early_help_practitioner", "team_manager"}),
    ("Your referrals", "front_door:portal_home", {"partner_referrer"}),
    ("Assessments", "assessments:team", {"team_manager", "service_manager"}),
    ("Reviews due", "children_in_care:reviews_due", {"team_manager", "service_manager", "iro"}),
    (
        "Children in care",
        "children_in_care:permanence",
        {"team_manager", "service_manager", "senior_leader"},
    ),
    ("Adoption", "adoption:adopters", {"team_manager", "service_manager"}),
    (
        "Leaving care",
        "care_leavers:service",
        {"personal_adviser", "team_manager", "service_manager"},
    ),
    (
        "Council ideas",
        "portal:staff_council",
        {"team_manager", "service_manager", "senior_leader"},
    ),
    (
        "Missing and exploitation",
        "missing_exploitation:missing_now",
        {
            "social_worker",
            "team_manager",
            "service_manager",
            "senior_leader",
            "mash_practitioner",
            "iro",
            "qa_officer",
        },
    ),  # noqa: E501
    (
        "Supervision and oversight",
        "oversight:home",
        {
            "social_worker",
            "team_manager",
            "service_manager",
            "senior_leader",
            "qa_officer",
            "iro",
            "personal_adviser",
        },
    ),  # noqa: E501
    ("Emergency access", "people:emergency_access_report", {"data_protection_officer"}),
    ("Subject access", "privacy:subject_access", {"data_protection_officer"}),
    ("Retention", "privacy:retention_review", {"data_protection_officer"}),
    (
        "Performance",
        "indicators:dashboard",
        {"senior_leader", "service_manager", "team_manager", "performance_analyst"},
    ),
    # Two-factor, recovery codes, sign out everywhere; administrators reach the user list there.
    ("Your account", "accounts:account", None),
]


@functools.lru_cache(maxsize=256)
def _nav_href(name: str, script_prefix: str) -> str:
    """The menu's links: the same for every user and request under one URL prefix, so each is
    reversed once per process instead of on every page (a reverse costs more than a query)."""
    return reverse(name)


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    prefix = get_script_prefix()
    items = []
    for text, name, roles in NAV_ITEMS:
        if roles is not None and getattr(user, "role", None) not in roles:
            continue
        href = _nav_href(name, prefix)
        items.append({"text": text, "href": href, "active": request.path.startswith(href)})
    return items
