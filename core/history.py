"""The audit trail: who changed what and when, for a municipality or a network.

Every audited model registers django-simple-history's ``HistoricalRecords()``. This module reads
those history tables generically: each historical model that carries a ``municipality`` (or a
``network``) column contributes its latest rows for the tenant, and consecutive versions of the
same object are compared in Python, so a page costs one query per audited model however many
changes it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from simple_history.models import registered_models

# Fields whose values never appear in the trail (they would reveal nothing useful or too much).
_HIDDEN_FIELDS = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user",
                  "created", "modified", "updated", "version", "token", "password"}
_TYPES = {"+": "skapad", "~": "ändrad", "-": "borttagen"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # Swedish label of the model
    action: str  # skapad / ändrad / borttagen
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)


def _history_models(tenant_field: str, tenant_label: str):
    """(model, history model, filter field): rows of the tenant, and the tenant's own row (its
    settings, e.g. an MFA requirement or an anonymity threshold changed in the admin)."""
    for model in registered_models.values():
        history_model = model.history.model
        names = {f.name for f in history_model._meta.fields}
        if model._meta.label_lower == tenant_label:
            yield model, history_model, "id"
        elif tenant_field in names:
            yield model, history_model, f"{tenant_field}_id"


def _display(record, field_name: str) -> str:
    f = record._meta.get_field(field_name)
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "–"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    return str(value)[:200]


def _entries(tenant_field: str, tenant_label: str, tenant_id: int, limit: int) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    for model, history_model, filter_field in _history_models(tenant_field, tenant_label):
        fields = [
            f.name for f in history_model._meta.fields
            if f.name not in _HIDDEN_FIELDS and not f.name.startswith("history_") and f.name != tenant_field
        ]
        # A membership's or a leader's version names its person (who was added, changed or
        # removed); a network membership its municipality.
        names = {f.name for f in history_model._meta.fields}
        related = ["history_user", *(n for n in ("user", "municipality") if n in names and n != tenant_field)]
        rows = list(
            history_model.objects.filter(**{filter_field: tenant_id})
            .select_related(*related)
            .order_by("-history_date", "-history_id")[:limit]
        )
        # Oldest first, so each version is compared with the one before it of the same object.
        previous: dict[int, object] = {}
        for record in reversed(rows):
            changes = []
            before = previous.get(record.id)
            if record.history_type == "~" and before is not None:
                for name in fields:
                    old, new = _display(before, name), _display(record, name)
                    if old != new:
                        changes.append(FieldChange(str(record._meta.get_field(name).verbose_name), old, new))
            previous[record.id] = record
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.full_name or user.email) if user else "system",
                    kind=str(model._meta.verbose_name),
                    action=_TYPES.get(record.history_type, record.history_type),
                    object_label=_object_label(record),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _object_label(record) -> str:
    for name in ("title", "name", "email"):
        if hasattr(record, name) and getattr(record, name):
            return str(getattr(record, name))[:120]
    user = getattr(record, "user", None) if hasattr(record, "user_id") else None
    if user is not None:
        return (user.full_name or user.email)[:120]
    if "municipality" in record._state.fields_cache:  # loaded with the row, never a query
        return str(record.municipality)[:120]
    return f"#{record.id}"


def municipality_history(*, municipality, limit: int = 100) -> list[HistoryEntry]:
    return _entries("municipality", "municipalities.municipality", municipality.pk, limit)


def network_history(*, network, limit: int = 100) -> list[HistoryEntry]:
    return _entries("network", "networks.network", network.pk, limit)
