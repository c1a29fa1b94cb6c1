"""Reads of indicators and measurements, for pages here and for the goals app.

What it offers (keyword-only; call inside the tenant scope, or within ``scopes_disabled()``):

- ``measurement_series(*, indicator, municipality, school=None, grade=...)`` ->
  ``list[SeriesPoint]`` ordered by (school_year, grade). ``grade`` filters when given (``None``
  selects values that are not for one grade, e.g. "årskurs 1-9").
- ``national_series(*, indicator, grade=...)`` -> ``list[SeriesPoint]``: the Riket series.
- ``series_by_municipality(*, indicator, municipality_ids, grade=...)`` -> ``dict[int, list[SeriesPoint]]``
  in one query (network comparison).
- ``latest_measurements(*, municipality, organiser_type=None, school=None)`` -> ``list[Measurement]``:
  the newest value of each (indicator, grade) for the whole municipality or one school.
- ``latest_by_table(...)`` -> the same grouped by the table each value came from (the statistics
  page); ``organiser_types(*, municipality, school=None)``; ``schools_with_values(*, municipality)``.
- ``indicators_for_municipality(*, municipality)`` -> queryset of indicators it has values for.
- ``indicators_visible(*, municipality, network_ids)`` -> what its pickers offer: common indicators
  and its own (and its networks'), never one another tenant's upload created.
- ``statistics_imports(*, municipality=None, network=None)`` -> the tenant's latest import rows.
- ``measurement_history(*, measurement)`` -> ``list[HistoryEntry]`` (who, when, old -> new).
- ``measurements_for_export(*, municipality)`` -> queryset with the indicator joined.

A :class:`SeriesPoint` carries ``school_year`` (spring year int), ``school_year_label``
('2023/24'), ``grade``, ``value`` (Decimal or None) and ``marker`` ('' or '.', '..', '~100').
A suppressed point has ``value is None``: plot it as a gap, never as 0 or 100.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from municipalities.models import Municipality, School

from .models import (
    Indicator,
    Measurement,
    NationalValue,
    Source,
    StatisticsImport,
    ValueDisplay,
    format_value,
)

_ANY = object()


@dataclass(frozen=True)
class SeriesPoint(ValueDisplay):
    school_year: int
    grade: int | None
    value: Decimal | None
    marker: str = ""


def _points(rows: Iterable[tuple[int, int | None, Decimal | None, str]]) -> list[SeriesPoint]:
    return [SeriesPoint(school_year=y, grade=g, value=v, marker=m) for y, g, v, m in rows]


_FIELDS = ("school_year", "grade", "value", "suppressed_marker")


def measurement_series(
    *, indicator: Indicator, municipality: Municipality, school: School | None = None, grade=_ANY
) -> list[SeriesPoint]:
    qs = Measurement.objects.filter(indicator=indicator, municipality=municipality, school=school)
    if grade is not _ANY:
        qs = qs.filter(grade=grade) if grade is not None else qs.filter(grade__isnull=True)
    return _points(qs.order_by("school_year", "grade").values_list(*_FIELDS))


def national_series(*, indicator: Indicator, grade=_ANY) -> list[SeriesPoint]:
    qs = NationalValue.objects.filter(indicator=indicator)
    if grade is not _ANY:
        qs = qs.filter(grade=grade) if grade is not None else qs.filter(grade__isnull=True)
    return _points(qs.order_by("school_year", "grade").values_list(*_FIELDS))


def series_by_municipality(
    *, indicator: Indicator, municipality_ids: Iterable[int], grade=_ANY
) -> dict[int, list[SeriesPoint]]:
    qs = Measurement.objects.filter(indicator=indicator, municipality_id__in=list(municipality_ids), school=None)
    if grade is not _ANY:
        qs = qs.filter(grade=grade) if grade is not None else qs.filter(grade__isnull=True)
    out: dict[int, list[SeriesPoint]] = defaultdict(list)
    for municipality_id, *row in qs.order_by("school_year", "grade").values_list("municipality_id", *_FIELDS):
        out[municipality_id].extend(_points([tuple(row)]))
    return dict(out)


def indicators_visible(*, municipality: Municipality, network_ids: Iterable[int] = ()) -> QuerySet[Indicator]:
    """The indicators a municipality's pickers offer: the common ones and its own (and its
    networks'). An indicator another tenant's upload created is never among them."""
    return Indicator.objects.visible_to(municipality_ids=[municipality.pk], network_ids=network_ids).order_by(
        "name", "subject", "organiser_type", "gender_group"
    )


# The access helpers: a row of this tenant, or 404 (another tenant's is not found).

def measurement_get(*, municipality: Municipality, pk: int) -> Measurement:
    return get_object_or_404(Measurement.objects.select_related("indicator", "school"), pk=pk, municipality=municipality)


def statistics_import_get(*, pk: int, municipality: Municipality | None = None, network=None) -> StatisticsImport:
    """A statistics import of the municipality, or of the network (exactly one is given)."""
    if (municipality is None) == (network is None):
        raise ValueError("An import belongs to a municipality or to a network.")
    tenant = {"municipality": municipality} if municipality is not None else {"network": network}
    return get_object_or_404(StatisticsImport, pk=pk, **tenant)


def statistics_imports(*, municipality: Municipality | None = None, network=None, limit: int = 10):
    """The tenant's latest statistics imports, newest first (the import page lists them)."""
    qs = StatisticsImport.objects.select_related("requested_by")
    qs = qs.filter(municipality=municipality) if municipality is not None else qs.filter(network=network)
    return list(qs.order_by("-created", "-pk")[:limit])


def indicators_for_municipality(*, municipality: Municipality) -> QuerySet[Indicator]:
    return Indicator.objects.filter(measurements__municipality=municipality).distinct()


def latest_measurements(
    *, municipality: Municipality, organiser_type: str | None = None, school: School | None = None
) -> list[Measurement]:
    """The newest value per (indicator, grade) of the whole municipality (or of one of its
    schools), ordered by indicator label.

    Done in Python over one query: a municipality holds a few thousand rows at most, and
    "DISTINCT ON" is PostgreSQL-only.
    """
    qs = Measurement.objects.filter(municipality=municipality, school=school).select_related("indicator")
    if organiser_type is not None:
        qs = qs.filter(indicator__organiser_type=organiser_type)
    latest: dict[tuple[int, int | None], Measurement] = {}
    for m in qs.order_by("school_year"):
        latest[(m.indicator_id, m.grade)] = m
    return sorted(
        latest.values(),
        key=lambda m: (m.indicator.source_table, m.indicator.name, m.indicator.subject, m.indicator.gender_group,
                       m.grade or 0),
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    old: str
    new: str
    source: str


def measurement_history(*, measurement: Measurement) -> list[HistoryEntry]:
    """Each change of a measurement, newest first: who, when, old -> new."""
    records = list(measurement.history.select_related("history_user").order_by("history_date", "history_id"))
    entries: list[HistoryEntry] = []
    previous = ""
    for record in records:
        new = record.suppressed_marker or format_value(record.value)
        who = ""
        if record.history_user is not None:
            who = getattr(record.history_user, "full_name", "") or record.history_user.email
        entries.append(HistoryEntry(when=record.history_date, who=who, old=previous, new=new,
                                    source=record.get_source_display()))
        previous = new
    return entries[::-1]


def measurements_for_export(*, municipality: Municipality) -> QuerySet[Measurement]:
    return (
        Measurement.objects.filter(municipality=municipality)
        .select_related("indicator", "school")
        .order_by("indicator__source_table", "indicator__name", "indicator__subject", "indicator__organiser_type",
                  "indicator__gender_group", "school__name", "grade", "school_year")
    )


def organiser_types(*, municipality: Municipality, school: School | None = None) -> list[str]:
    """The organiser types the municipality (or one of its schools) has values for, "Samtliga"
    first. A school's rows carry its own organiser type (Kommunal, Enskild), never "Samtliga"."""
    found = set(
        Measurement.objects.filter(municipality=municipality, school=school)
        .values_list("indicator__organiser_type", flat=True).distinct()
    )
    order = {"Samtliga": 0, "Kommunal": 1, "Enskild": 2, "Statlig": 3}
    return sorted(found, key=lambda o: (order.get(o, 9), o))


@dataclass(frozen=True)
class TableGroup:
    title: str
    measurements: list[Measurement]


def latest_by_table(
    *, municipality: Municipality, organiser_type: str | None = None, school: School | None = None
) -> list[TableGroup]:
    """The statistics page: the latest values grouped by the table each value came from (its own
    table, not the indicator's first: a grade 9 value of a measure first seen in a grade 6 table
    is listed under the grade 9 table). '' = entered by hand."""
    groups: dict[str, list[Measurement]] = defaultdict(list)
    for m in latest_measurements(municipality=municipality, organiser_type=organiser_type, school=school):
        # A value imported before values knew their table: the indicator's table.
        groups[m.source_table or (m.indicator.source_table if m.source == Source.IMPORT else "")].append(m)
    return [TableGroup(title=title, measurements=rows) for title, rows in sorted(groups.items())]


def schools_with_values(*, municipality: Municipality) -> list[School]:
    """The municipality's schools that have values of their own (the statistics page's choice)."""
    return list(
        School.objects.filter(municipality=municipality, measurements__isnull=False).distinct().order_by("name")
    )
