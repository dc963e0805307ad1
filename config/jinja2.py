"""The Jinja2 environment: GOV.UK Frontend macros, URL reversing, static files, presenters."""

from typing import Any

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from hearth.core import jinja_helpers, presenters
from hearth.people.selectors import active_emergency_access


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    govuk_templates = PackageLoader("govuk_frontend_jinja", "templates")
    govuk = PrefixLoader({"govuk_frontend_jinja": govuk_templates})
    options["loader"] = ChoiceLoader([options["loader"], govuk])
    options.setdefault("autoescape", True)
    env = Environment(**options)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "csrf_token_for": get_token,
            "get_messages": get_messages,
            "bool": bool,
            "field_kind": jinja_helpers.field_kind,
            "input_type": jinja_helpers.input_type,
            "select_items": jinja_helpers.select_items,
            "choice_items": jinja_helpers.choice_items,
            "date_items": jinja_helpers.date_items,
            "form_error_list": jinja_helpers.form_error_list,
            "navigation": jinja_helpers.navigation,
            "active_emergency_access": active_emergency_access,
        }
    )
    env.filters.update(
        {
            "date": presenters.format_date,
            "datetime": presenters.format_datetime,
            "age": presenters.format_age,
        }
    )
    return env
