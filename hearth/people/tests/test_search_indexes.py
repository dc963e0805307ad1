"""The person search's prefix indexes exist where they help (PostgreSQL) and nowhere else."""

import importlib

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

INDEXES = importlib.import_module("hearth.people.migrations.0005_search_indexes_postgresql").INDEXES


def test_the_search_indexes_are_made_on_postgresql_only():
    with connection.cursor() as cursor:
        present = set(connection.introspection.get_constraints(cursor, "people_person"))
    if connection.vendor == "postgresql":
        assert set(INDEXES) <= present
    else:
        assert not set(INDEXES) & present
