"""The audit trail: who changed what and when, for a municipality or a network.

Every audited model registers django-simple-history's ``HistoricalRecords()``. This module reads
those history tables generically: each historical model that carries a ``municipality`` (or a
``network``) column contributes its latest rows for the tenant, and consecutive versions of the
same object are compared in Python, so a page costs one query per audited model however many
changes it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from core.dates import date_text

# Fields whose values never appear in the trail (they would reveal nothing useful or too much).
_HIDDEN_FIELDS = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user",
                  "created", "modified", "updated", "version", "token", "password"}
# Verbs, not participles: "Operativt mål skapades" reads right whatever the noun's gender
# ("Operativt mål skapad" did not).
_TYPES = {"+": _("skapades"), "~": _("ändrades"), "-": _("togs bort")}

# Fields that carry Django's default label (their English attribute name) because the model gave
# none: the trail shows these Swedish words instead ("Adoption recorded by" showed before).
# tests/core/test_history.py fails for an audited field that has neither.
FIELD_LABELS = {
    "adoption_recorded_by": _("antagandet registrerat av"),
    "proposed_by": _("föreslaget av"),
    "created_by": _("skapat av"),
    "approved_by": _("godkänt av"),
    "invited_by": _("inbjuden av"),
    "requested_by": _("beställd av"),
    "source_feedback": _("bygger på återkopplingen"),
    "accepted_by": _("accepterad av"),
    "updated_by": _("ändrat av"),
    "user": _("person"),
    "municipality": _("kommun"),
    "network": _("nätverk"),
    "template": _("mall"),
    "lineage": _("ursprung"),
    "expires_at": _("gäller till"),
    "accepted_at": _("accepterad"),
    "status": _("status"),  # the same word in Swedish
    "closed_at": _("stängd"),
    "opened_by": _("öppnad av"),
}


def field_label(field) -> str:
    """The Swedish label of a field in the trail."""
    if field.name in FIELD_LABELS:
        return str(FIELD_LABELS[field.name])
    return str(field.verbose_name)


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
    if f.is_relation and f.related_model is get_user_model():
        return f"{_PERSON}{value}"
    if isinstance(value, date):
        return date_text(value, "tid" if isinstance(value, datetime) else "datum")
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
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
        # A measure's value (utfall) or a goal's measure is named by its indicator.
        related = ["history_user", *(n for n in ("user", "municipality", "indicator") if n in names and n != tenant_field)]
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
                        changes.append(FieldChange(field_label(record._meta.get_field(name)), old, new))
            previous[record.id] = record
            user = record.history_user
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=(user.full_name or user.email) if user else str(_("systemet")),
                    kind=str(model._meta.verbose_name),
                    action=_TYPES.get(record.history_type, record.history_type),
                    object_label=_object_label(record),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    entries = entries[:limit]
    _name_the_people(entries)
    return entries


# A reference in a change ("owner": 17) is shown by name: collected here and read in one query.
_PERSON = "\x00person:"


def _name_the_people(entries: list[HistoryEntry]) -> None:
    ids = {
        int(value[len(_PERSON):]) for e in entries for c in e.changes for value in (c.old, c.new)
        if value.startswith(_PERSON)
    }
    if not ids:
        return
    # Only ids from this tenant's own history rows reach here; the names are of its members.
    users = get_user_model()._base_manager.in_bulk(ids)

    def name(value: str) -> str:
        if not value.startswith(_PERSON):
            return value
        user = users.get(int(value[len(_PERSON):]))
        return (user.full_name or user.email) if user else str(_("borttagen användare"))

    for e in entries:
        e.changes = [FieldChange(c.field, name(c.old), name(c.new)) for c in e.changes]


def _object_label(record) -> str:
    for name in ("title", "name", "email"):
        if hasattr(record, name) and getattr(record, name):
            return str(getattr(record, name))[:120]
    user = getattr(record, "user", None) if hasattr(record, "user_id") else None
    if user is not None:
        return (user.full_name or user.email)[:120]
    indicator = record._state.fields_cache.get("indicator")  # loaded with the row, never a query
    if indicator is not None:
        model = record.instance_type
        # Built from the version's own fields (simple_history's ``instance`` would read the row).
        instance = model(**{f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields
                            if hasattr(record, f.attname)})
        if hasattr(instance, "display_value") and hasattr(instance, "school_year_label"):  # a value: which, and what
            return f"{indicator} {instance.school_year_label}: {instance.display_value}"[:160]
        return str(indicator)[:120]
    if "municipality" in record._state.fields_cache:  # loaded with the row, never a query
        return str(record.municipality)[:120]
    return f"#{record.id}"


def municipality_history(*, municipality, limit: int = 100) -> list[HistoryEntry]:
    return _entries("municipality", "municipalities.municipality", municipality.pk, limit)


def network_history(*, network, limit: int = 100) -> list[HistoryEntry]:
    return _entries("network", "networks.network", network.pk, limit)
