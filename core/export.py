"""A municipality's own data, exported in one zip: JSON and a spreadsheet per kind of data.

Every model with a ``municipality`` foreign key is included generically, so a new app's data is
exported without touching this file. Two rules keep the export within what a coordinator may see:
individual mapping answers are never exported, only the figures ``reviews.selectors`` gives
every other output (the anonymity rule, docs/visibility.md), and secrets (tokens, passwords)
never leave.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from openpyxl import Workbook

from reviews.selectors import mapping_results_rows

from .spreadsheet import safe_cell

# Fields never exported, whatever model they are on.
_SECRET_FIELDS = {"token", "password", "secret", "calendar_token"}
# Never exported, whatever fields they gain: one person's answers (and who was asked). A mapping's
# figures go in as reviews.selectors.mapping_results_rows gives them.
_NEVER_EXPORTED = {"reviews.response", "reviews.answer", "reviews.rosterentry"}
# Fields kept for speed, derived from what is never exported: a closed mapping's kept figures go
# in as mapping_results_rows gives them, not as the row's own copy.
_DERIVED_FIELDS = {"reviews.mapping": {"figures"}}
# Models whose link to a person must not be exported.
_UNLINK_PERSON_MODELS = {"reviews.response", "reviews.answer"}
_PERSON_FIELDS = {"user", "respondent", "person", "author"}


def _exportable_models():
    for model in apps.get_models():
        if model._meta.app_label in {"admin", "sessions", "contenttypes", "auth"}:
            continue
        if model.__name__.startswith("Historical") or model._meta.label_lower in _NEVER_EXPORTED:
            continue
        try:
            field = model._meta.get_field("municipality")
        except Exception:  # noqa: S112 - models without the field are simply not the tenant's
            continue
        if isinstance(field, models.ForeignKey):
            yield model


def _value(value):
    if isinstance(value, FieldFile):
        # A stored file (a report's PDF, an attachment): its name in storage, not the file object
        # (which neither JSON nor openpyxl can write).
        return value.name or ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)  # openpyxl cannot write a UUID (quality's shared-example ids)
    if isinstance(value, Decimal):
        return value  # a number in the spreadsheet; JSON writes it as text (default=str)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _rows(model, municipality) -> tuple[list[str], list[dict]]:
    label = model._meta.label_lower
    fields = [
        f for f in model._meta.concrete_fields
        if f.name not in _SECRET_FIELDS and f.name not in _DERIVED_FIELDS.get(label, set())
        and not (label in _UNLINK_PERSON_MODELS and f.name in _PERSON_FIELDS)
    ]
    manager = model._base_manager  # plain manager: the filter below is the scope
    rows = []
    queryset = manager.filter(municipality=municipality).order_by("pk")
    if any(f.name == "user" and f.is_relation for f in fields):
        queryset = queryset.select_related("user")  # the user's name and e-mail go in every row
    for obj in queryset:
        row = {}
        for f in fields:
            if f.is_relation:
                related_id = getattr(obj, f.attname)
                row[f.name] = related_id
                if f.name == "user" and related_id is not None:
                    user = obj.user
                    row["user_name"], row["user_email"] = user.full_name, user.email
            else:
                row[f.name] = _value(getattr(obj, f.attname))
        rows.append(row)
    headers = list(rows[0].keys()) if rows else [f.name for f in fields]
    return headers, rows


def municipality_export_zip(*, municipality) -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = {"municipality": municipality.name, "code": municipality.code, "exported_at": timezone.now().isoformat(), "files": []}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for model in _exportable_models():
            headers, rows = _rows(model, municipality)
            name = model._meta.label_lower.replace(".", "_")
            archive.writestr(f"json/{name}.json", json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            sheet = workbook.create_sheet(title=name[:31])
            sheet.append(headers)
            for row in rows:
                sheet.append([_cell(row.get(h)) for h in headers])
            summary["files"].append({"name": name, "rows": len(rows), "label": str(model._meta.verbose_name_plural)})
        results = mapping_results_rows(municipality=municipality)
        archive.writestr("json/reviews_mapping_results.json", json.dumps(results, ensure_ascii=False, indent=2, default=str))
        sheet = workbook.create_sheet(title="reviews_mapping_results")
        headers = list(dict.fromkeys(key for row in results for key in row))
        sheet.append(headers)
        for row in results:
            sheet.append([_cell(row.get(h)) for h in headers])
        summary["files"].append({"name": "reviews_mapping_results", "rows": len(results), "label": "kartläggningsresultat"})
        sheet_buffer = io.BytesIO()
        workbook.save(sheet_buffer)
        archive.writestr("kalkylblad.xlsx", sheet_buffer.getvalue())
        archive.writestr("innehall.json", json.dumps(summary, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    # No formulas from people's text in a spreadsheet (CSV/formula injection); numbers stay numbers.
    return safe_cell(value)
