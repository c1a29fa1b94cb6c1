"""Fast inserts for the national-scale data set: COPY on PostgreSQL, bulk_create elsewhere.

The caller gives explicit primary keys (allocated by :class:`Ids` from the table's current
maximum), so rows can refer to each other without reading anything back, and COPY (which returns
no ids) works. Columns the caller leaves out are filled once per table from the field's default
(``auto_now``/``auto_now_add`` get "now", nullable fields NULL, blank text ""), which is why
models with per-row unique defaults (tokens, UUIDs) must be given those columns explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone


class Ids:
    """Hands out primary keys above each table's current maximum."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int = 1) -> range:
        if model not in self._next:
            current = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
            self._next[model] = current + 1
        start = self._next[model]
        self._next[model] = start + count
        return range(start, start + count)

    def one(self, model: type[models.Model]) -> int:
        return self.take(model)[0]

    @property
    def models(self) -> list[type[models.Model]]:
        return list(self._next)


def _filler(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: pass it explicitly.")


class Writer:
    """``insert(Model, ("id", "name", ...), rows)``: rows are tuples in the order of the fields."""

    def __init__(self, *, use_copy: bool | None = None, batch_size: int = 2000) -> None:
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.batch_size = batch_size
        self.counts: dict[str, int] = {}

    def insert(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
        now = timezone.now()
        concrete = list(model._meta.concrete_fields)
        by_attname = {f.attname: f for f in concrete}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        extra = [f for f in concrete if f.attname not in fields]
        extra_values = tuple(_filler(f, now) for f in extra)
        all_fields = [by_attname[name] for name in fields] + extra
        if self.use_copy:
            count = self._copy(model, all_fields, rows, extra_values)
        else:
            count = self._bulk(model, all_fields, rows, extra_values)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + count
        return count

    def _copy(self, model, all_fields, rows, extra_values) -> int:
        given = len(all_fields) - len(extra_values)
        json_positions = [i for i, f in enumerate(all_fields[:given]) if isinstance(f, models.JSONField)]
        extra_values = tuple(
            json.dumps(v) if isinstance(f, models.JSONField) else v
            for f, v in zip(all_fields[given:], extra_values, strict=True)
        )
        columns = ", ".join(connection.ops.quote_name(f.column) for f in all_fields)
        table = connection.ops.quote_name(model._meta.db_table)
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                if json_positions:
                    row = list(row)
                    for i in json_positions:
                        row[i] = json.dumps(row[i])
                write((*row, *extra_values))
                count += 1
        return count

    def _bulk(self, model, all_fields, rows, extra_values) -> int:
        names = [f.attname for f in all_fields]
        batch: list[models.Model] = []
        count = 0
        for row in rows:
            batch.append(model(**dict(zip(names, (*row, *extra_values), strict=True))))
            if len(batch) >= self.batch_size:
                model._base_manager.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            model._base_manager.bulk_create(batch)
            count += len(batch)
        return count


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After inserting explicit ids: move each table's id sequence past its maximum."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
