"""Fast batched inserts for the large tables.

Rows are tuples with primary keys assigned here (from the table's current maximum), so the
generator can link rows before they are written and never needs per-row round trips. Every
concrete column of the model is written, with the field's default where the generator gives
no value, so columns added to the models later are filled with their defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

BATCH_SIZE = 2000


def _sqlite_datetime(value: datetime | None) -> str | None:
    # What Django's SQLite backend stores: naive UTC, ISO format with a space.
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ")


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _converter(field: models.Field) -> Callable[[Any], Any]:
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        if sqlite:
            return _sqlite_datetime
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, models.DateField):
        if sqlite:
            return _sqlite_date
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if isinstance(field, (models.JSONField, models.DecimalField, models.UUIDField)):
        return lambda v: field.get_db_prep_save(v, connection)
    return lambda v: v


class Table:
    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        meta = model._meta
        self.fields = [f for f in meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.pk_index = self.index[meta.pk.attname]
        self.converters = [_converter(f) for f in self.fields]
        now = timezone.now()
        self.defaults = [
            None
            if f.primary_key
            else self.converters[i](
                now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default()
            )
            for i, f in enumerate(self.fields)
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
        current = model._default_manager.aggregate(top=Max(meta.pk.attname))["top"]
        self.next_id = (current or 0) + 1
        self.rows: list[list[Any]] = []
        self.written = 0

    def has(self, name: str) -> bool:
        return name in self.index

    def add(self, **values: Any) -> int:
        row = list(self.defaults)
        pk = self.next_id
        self.next_id += 1
        row[self.pk_index] = pk
        index, converters = self.index, self.converters
        for name, value in values.items():
            i = index[name]
            row[i] = converters[i](value)
        self.rows.append(row)
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            for start in range(0, len(self.rows), BATCH_SIZE):
                cursor.executemany(self.sql, self.rows[start : start + BATCH_SIZE])
        self.written += len(self.rows)
        self.rows = []


def reset_sequences(tables: list[Table]) -> None:
    """After explicit primary keys, point PostgreSQL's sequences past them (SQLite needs
    nothing: AUTOINCREMENT follows the largest key)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class Tables:
    """The demo's large tables, one writer each."""

    def __init__(self) -> None:
        from hearth.casework.models import Allocation, CaseNote, ChronologyEntry
        from hearth.people.models import Address, Disability, Person, Relationship

        self.person = Table(Person)
        self.address = Table(Address)
        self.relationship = Table(Relationship)
        self.disability = Table(Disability)
        self.allocation = Table(Allocation)
        self.case_note = Table(CaseNote)
        self.chronology = Table(ChronologyEntry)
        self.restricted_to = Table(Person.restricted_to.through)

    @property
    def all(self) -> list[Table]:
        return [
            self.person,
            self.address,
            self.relationship,
            self.disability,
            self.allocation,
            self.case_note,
            self.chronology,
            self.restricted_to,
        ]

    def flush(self) -> None:
        for table in self.all:
            table.flush()
