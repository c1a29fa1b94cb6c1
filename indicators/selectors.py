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

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from municipalities.models import Municipality, School

from .models import (
    GenderGroup,
    Indicator,
    Measurement,
    NationalValue,
    Source,
    StatisticsImport,
    ValueDisplay,
    format_value,
)

_ANY = object()
logger = logging.getLogger(__name__)


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


# --- Kolada ------------------------------------------------------------------------------------

KOLADA_GROUPS_CACHE_KEY = "kolada:municipality_groups"


def kolada_fetch(url: str) -> dict:
    """The transport of the page's group list (tests replace it with recorded answers)."""
    from .kolada import http_get_json

    return http_get_json(url)


def kolada_municipality_groups() -> tuple[list, str]:
    """Kolada's municipality groups, and '' or a message in Swedish when Kolada could not be asked.

    Public data, the same for every tenant: kept a day in the cache."""
    from django.core.cache import cache

    from .kolada import KoladaError, KoladaGroup, municipality_groups

    cached = cache.get(KOLADA_GROUPS_CACHE_KEY)
    if cached is not None:
        return [KoladaGroup(id=g[0], title=g[1], members=tuple(map(tuple, g[2]))) for g in cached], ""
    try:
        groups = municipality_groups(fetch=kolada_fetch)
    except (OSError, TimeoutError, ValueError, KoladaError):
        logger.warning("Kolada's municipality groups could not be fetched", exc_info=True)
        return [], _("Kolada svarar inte just nu, så kommungrupperna kan inte visas. Ange egna "
                     "jämförelsekommuner eller försök igen senare.")
    groups.sort(key=lambda g: g.title)
    cache.set(KOLADA_GROUPS_CACHE_KEY, [(g.id, g.title, list(g.members)) for g in groups], 24 * 3600)
    return groups, ""


def median(values: list[Decimal]) -> Decimal | None:
    """The median of the values (the mean of the middle two for an even count); None for none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class KoladaComparison:
    kpi: str
    year: int
    own: Decimal | None
    median: Decimal | None
    with_value: int  # members of the group that have a value for the year
    members: int
    group_title: str


def kolada_selection_get(*, municipality: Municipality):
    """The access helper: this municipality's Kolada selection, or None (there is at most one)."""
    from .models import KoladaSelection

    return KoladaSelection.objects.filter(municipality=municipality).first()


def kolada_comparison(*, municipality: Municipality, kpi: str, year: int) -> KoladaComparison | None:
    """The municipality's value of a Kolada KPI beside its comparison group's median for the year.

    The median is computed from the members' own values (Kolada's group value is their mean);
    a member without a value for the year is left out. None without a selection or group."""
    from .models import KoladaSelection, KoladaValue

    selection = KoladaSelection.objects.filter(municipality=municipality).first()
    if selection is None or not selection.comparison_codes:
        return None
    codes = selection.comparison_codes
    values = dict(
        KoladaValue.objects.filter(kpi=kpi, year=year, municipality_code__in=[*codes, municipality.code])
        .values_list("municipality_code", "value")
    )
    members = [values[c] for c in codes if values.get(c) is not None]
    title = selection.group_title if not selection.own_codes else _("Egna jämförelsekommuner")
    return KoladaComparison(kpi=kpi, year=year, own=values.get(municipality.code), median=median(members),
                            with_value=len(members), members=len(codes), group_title=title)


def kolada_kpi(indicator: Indicator) -> str:
    """The Kolada KPI id of an indicator that the Kolada fetch made (all genders), else ''."""
    parts = indicator.key.split("|")
    return parts[1] if len(parts) == 3 and parts[0] == "kolada" and parts[2] == GenderGroup.ALL else ""


def kolada_comparisons(*, municipality: Municipality, indicators: Iterable[Indicator]) -> dict[int, KoladaComparison]:
    """For each Kolada indicator (by id): the municipality's latest year with a value, and beside
    it the comparison group's median for the same year, in two queries in all."""
    from .models import KoladaSelection, KoladaValue

    kpis = {indicator.pk: kolada_kpi(indicator) for indicator in indicators}
    kpis = {pk: kpi for pk, kpi in kpis.items() if kpi}
    if not kpis or not municipality.code:
        return {}
    selection = KoladaSelection.objects.filter(municipality=municipality).select_related("municipality").first()
    if selection is None or not selection.comparison_codes:
        return {}
    codes = selection.comparison_codes
    values: dict[tuple[str, int], dict[str, Decimal | None]] = defaultdict(dict)
    for kpi, code, year, value in KoladaValue.objects.filter(
        kpi__in=set(kpis.values()), municipality_code__in=[*codes, municipality.code]
    ).values_list("kpi", "municipality_code", "year", "value"):
        values[(kpi, year)][code] = value
    title = _("Egna jämförelsekommuner") if selection.own_codes else selection.group_title
    out = {}
    for pk, kpi in kpis.items():
        years = sorted((y for (k, y), by_code in values.items() if k == kpi), reverse=True)
        own_years = [y for y in years if values[(kpi, y)].get(municipality.code) is not None]
        year = (own_years or years or [None])[0]
        if year is None:
            continue
        by_code = values[(kpi, year)]
        members = [by_code[c] for c in codes if by_code.get(c) is not None]
        out[pk] = KoladaComparison(kpi=kpi, year=year, own=by_code.get(municipality.code), median=median(members),
                                   with_value=len(members), members=len(codes), group_title=title)
    return out
