"""Test helpers for restricted records (a staff member's child, a high-profile case) on the
service lists, shared by every app that lists children: restrict a child to named users, then
assert that a page shows the child masked (to everyone else) or by name (to a named user).

A masked row says "Restricted record" and carries no name and no link to the child's pages;
the named users see the name as usual."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from hearth.people.models import Person

MASKED = "Restricted record"


def restrict(person: Person, *named: Any) -> Person:
    """Marks `person` restricted, naming only `named` users on the record."""
    person.restricted = True
    person.save(update_fields=["restricted"])
    person.restricted_to.add(*named)
    return person


def assert_masked(html: str, person: Person, *links: str) -> None:
    """The page lists `person` as "Restricted record", without their name or any of `links`
    (the child's pages, which answer "not found" to this viewer)."""
    assert MASKED in html
    assert person.last_name not in html
    for link in links:
        assert link not in html, link


def assert_named(html: str, person: Person) -> None:
    """The page shows `person` by name, with no masked row."""
    assert str(escape(person.display_name)) in html
    assert MASKED not in html
