"""Load the code lists in ``hearth/reference/data/`` into the database.

``load_reference_data()`` upserts every row by ``(list_name, code)`` and never deletes: a code
that disappears from the files stays in the database (retire a code by giving it ``valid_to``).
It is idempotent, so the data migrations, the ``load_reference`` command and the test suite can
all call it. Data migrations pass their historical models (``apps.get_model``)."""

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_FILES = ("cin_census.csv", "ssda903.csv", "local.csv")
LABEL_FILE = "earlier_descriptions.csv"
CODE_COLUMNS = (
    "list_name", "code", "description", "valid_from", "valid_to", "sort_order", "source"
)  # fmt: skip
LABEL_COLUMNS = ("list_name", "code", "description", "valid_from", "valid_to", "source")
CODE_FIELDS = ("description", "valid_from", "valid_to", "sort_order", "source")
LABEL_FIELDS = ("description", "valid_to", "source")


class ReferenceDataError(ValueError):
    """A data file is malformed; nothing has been loaded."""


@dataclass(frozen=True)
class CodeRow:
    list_name: str
    code: str
    description: str
    valid_from: int
    valid_to: int | None
    sort_order: int
    source: str


@dataclass(frozen=True)
class LabelRow:
    list_name: str
    code: str
    description: str
    valid_from: int
    valid_to: int
    source: str


@dataclass
class LoadReport:
    created: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    labels_created: int = 0
    labels_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.labels_created or self.labels_updated)

    def summary(self) -> str:
        return (
            f"{len(self.created)} codes added, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged; {self.labels_created} earlier descriptions added, "
            f"{self.labels_updated} updated"
        )


def _year(value: str, *, where: str, column: str, required: bool) -> int | None:
    value = value.strip()
    if not value:
        if required:
            raise ReferenceDataError(f"{where}: {column} is missing")
        return None
    if not value.isdigit() or not 1990 <= int(value) <= 2100:
        raise ReferenceDataError(f"{where}: {column} must be a collection year like 2024")
    return int(value)


def _read(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise ReferenceDataError(f"{path.name}: the header must be {','.join(columns)}")
        return [(f"{path.name} line {reader.line_num}", row) for row in reader]


def _text(row: dict[str, str], column: str, *, where: str, limit: int) -> str:
    value = (row.get(column) or "").strip()
    if not value:
        raise ReferenceDataError(f"{where}: {column} is missing")
    if len(value) > limit:
        raise ReferenceDataError(f"{where}: {column} is longer than {limit} characters")
    return value


def read_code_rows(data_dir: Path = DATA_DIR) -> list[CodeRow]:
    """Every code row in the data files, checked; raises ReferenceDataError on the first fault."""
    rows: list[CodeRow] = []
    seen: set[tuple[str, str]] = set()
    for name in CODE_FILES:
        for where, raw in _read(data_dir / name, CODE_COLUMNS):
            list_name = _text(raw, "list_name", where=where, limit=50)
            if not list_name.replace("_", "").isalnum() or list_name != list_name.lower():
                raise ReferenceDataError(f"{where}: list_name must be snake_case")
            code = _text(raw, "code", where=where, limit=10)
            if (list_name, code) in seen:
                raise ReferenceDataError(f"{where}: {list_name} {code} appears twice")
            seen.add((list_name, code))
            valid_from = _year(raw["valid_from"], where=where, column="valid_from", required=True)
            valid_to = _year(raw["valid_to"], where=where, column="valid_to", required=False)
            assert valid_from is not None
            if valid_to is not None and valid_to < valid_from:
                raise ReferenceDataError(f"{where}: valid_to is before valid_from")
            sort_order = raw["sort_order"].strip() or "0"
            if not sort_order.isdigit():
                raise ReferenceDataError(f"{where}: sort_order must be a whole number")
            rows.append(
                CodeRow(
                    list_name=list_name,
                    code=code,
                    description=_text(raw, "description", where=where, limit=300),
                    valid_from=valid_from,
                    valid_to=valid_to,
                    sort_order=int(sort_order),
                    source=(raw["source"] or "").strip()[:200],
                )
            )
    return rows


def read_label_rows(data_dir: Path = DATA_DIR, *, codes: set[tuple[str, str]]) -> list[LabelRow]:
    path = data_dir / LABEL_FILE
    if not path.exists():
        return []
    rows: list[LabelRow] = []
    for where, raw in _read(path, LABEL_COLUMNS):
        list_name = _text(raw, "list_name", where=where, limit=50)
        code = _text(raw, "code", where=where, limit=10)
        if (list_name, code) not in codes:
            raise ReferenceDataError(f"{where}: {list_name} {code} is not a code in the lists")
        valid_from = _year(raw["valid_from"], where=where, column="valid_from", required=True)
        valid_to = _year(raw["valid_to"], where=where, column="valid_to", required=True)
        assert valid_from is not None and valid_to is not None
        if valid_to < valid_from:
            raise ReferenceDataError(f"{where}: valid_to is before valid_from")
        rows.append(
            LabelRow(
                list_name=list_name,
                code=code,
                description=_text(raw, "description", where=where, limit=300),
                valid_from=valid_from,
                valid_to=valid_to,
                source=(raw["source"] or "").strip()[:200],
            )
        )
    return rows


def _model_fields(model: type[models.Model], wanted: tuple[str, ...]) -> tuple[str, ...]:
    # Historical models in older migrations may lack fields added later: set only what exists.
    names = {f.name for f in model._meta.get_fields()}
    return tuple(name for name in wanted if name in names)


def load_reference_data(
    *,
    code_model: Any = None,
    label_model: Any = None,
    data_dir: Path = DATA_DIR,
) -> LoadReport:
    """Upsert every code (and earlier description) from the data files. Never deletes."""
    if code_model is None:
        from hearth.reference.models import Code, CodeLabel

        code_model, label_model = Code, CodeLabel
    code_rows = read_code_rows(data_dir)
    label_rows = read_label_rows(data_dir, codes={(r.list_name, r.code) for r in code_rows})
    fields = _model_fields(code_model, CODE_FIELDS)
    report = LoadReport()
    with transaction.atomic():
        existing = {(c.list_name, c.code): c for c in code_model.objects.all()}
        to_create, to_update = [], []
        for row in code_rows:
            values = {name: getattr(row, name) for name in fields}
            current = existing.get((row.list_name, row.code))
            if current is None:
                to_create.append(code_model(list_name=row.list_name, code=row.code, **values))
                report.created.append((row.list_name, row.code))
            elif any(getattr(current, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(current, k, v)
                to_update.append(current)
                report.updated.append((row.list_name, row.code))
            else:
                report.unchanged += 1
        code_model.objects.bulk_create(to_create)
        if to_update:
            code_model.objects.bulk_update(to_update, fields)
        if label_model is not None and label_rows:
            _load_labels(code_model, label_model, label_rows, report)
    _clear_lookup_cache()
    return report


def _load_labels(
    code_model: Any, label_model: Any, rows: list[LabelRow], report: LoadReport
) -> None:
    ids = {
        (c.list_name, c.code): c.pk
        for c in code_model.objects.filter(code__in={r.code for r in rows})
    }
    existing = {(lab.code_id, lab.valid_from): lab for lab in label_model.objects.all()}
    fields = _model_fields(label_model, LABEL_FIELDS)
    to_create, to_update = [], []
    for row in rows:
        code_id = ids[(row.list_name, row.code)]
        values = {name: getattr(row, name) for name in fields}
        current = existing.get((code_id, row.valid_from))
        if current is None:
            to_create.append(label_model(code_id=code_id, valid_from=row.valid_from, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    label_model.objects.bulk_create(to_create)
    if to_update:
        label_model.objects.bulk_update(to_update, fields)
    report.labels_created += len(to_create)
    report.labels_updated += len(to_update)


def _clear_lookup_cache() -> None:
    from hearth.reference import lookups

    lookups.clear_cache()
