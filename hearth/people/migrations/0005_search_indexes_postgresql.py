"""Indexes for the person search on PostgreSQL.

`PersonQuerySet.search` matches UPPER(name) LIKE 'TERM%' and UPPER(id) = 'ID'. Plain indexes
cannot answer those, so PostgreSQL walked the whole name index and filtered every person
(186 ms for 'Smith' in a 50,000-child borough; 9 ms with these). `varchar_pattern_ops` makes
the prefix match indexable whatever the database's collation. SQLite is left alone: its LIKE
is case-insensitive and cannot use an index for this, and a borough there is small."""

from django.db import migrations

INDEXES = {
    "person_search_first_upper": "UPPER(first_name) varchar_pattern_ops",
    "person_search_last_upper": "UPPER(last_name) varchar_pattern_ops",
    "person_search_known_upper": "UPPER(known_as) varchar_pattern_ops",
    "person_search_la_child_id_upper": "UPPER(la_child_id)",
    "person_search_upn_upper": "UPPER(upn)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_emergencyaccess")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
