"""Reads of the progression tool. Every figure a page, the quality start page and the quality
dialogue's agenda show comes from here, through ``progression.calculation`` (the rule).

Query counts do not grow with schools, classes or results: each selector reads its rows in a
fixed number of queries and computes in Python (a municipality holds some thousand results a
year at most).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import NationalValue, format_value
from municipalities.models import Municipality, School

from .calculation import (
    Basis,
    Point,
    ValueAdded,
    explanation,
    rounded,
    rule_text,
    shown,
    signed,
    value_added,
    weighted_means,
)
from .models import MAX_GRADE, MIN_GRADE, Measure, Result, ResultImport, SchoolClass, period_index, term_label


def anonymity_threshold(*, municipality: Municipality) -> int:
    """The same threshold as the municipality's mappings: its networks' setting, the strictest."""
    from reviews.selectors import anonymity_threshold as mapping_threshold

    return mapping_threshold(municipality=municipality)


def current_school_year(today: datetime.date | None = None) -> int:
    """The school year (spring year) a day is in: 2026-12-03 is in 2026/27, i.e. 2027."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 7 else today.year


def current_term(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return "ht" if today.month >= 7 else "vt"


# --- Access helpers: one per model, always through the tenant -------------------------------------

def measure_get(*, municipality: Municipality, pk: int) -> Measure:
    return get_object_or_404(Measure, pk=pk, municipality=municipality)


def school_get(*, municipality: Municipality, pk: int) -> School:
    return get_object_or_404(School, pk=pk, municipality=municipality)


def school_class_get(*, municipality: Municipality, pk: int) -> SchoolClass:
    return get_object_or_404(SchoolClass.objects.select_related("school"), pk=pk, municipality=municipality)


def result_import_get(*, municipality: Municipality, pk: int) -> ResultImport:
    return get_object_or_404(ResultImport.objects.select_related("school", "requested_by"), pk=pk,
                             municipality=municipality)


def result_count(*, measure: Measure | None = None, school_class: SchoolClass | None = None) -> int:
    """How many figures a removal would take with it."""
    results = Result.objects.all()
    if measure is not None:
        results = results.filter(measure=measure)
    if school_class is not None:
        results = results.filter(school_class=school_class)
    return results.count()


# --- Lists ----------------------------------------------------------------------------------------

def measures(*, municipality: Municipality) -> list[Measure]:
    return list(Measure.objects.filter(municipality=municipality).select_related("national_indicator"))


def schools(*, municipality: Municipality) -> list[School]:
    return list(School.objects.filter(municipality=municipality).order_by("name"))


def classes_in_year(*, school: School, school_year: int) -> list[SchoolClass]:
    """The school's classes in grade 1–9 that school year, youngest first."""
    return list(
        SchoolClass.objects.filter(
            school=school, cohort__gte=school_year - MAX_GRADE, cohort__lte=school_year - MIN_GRADE
        ).order_by("-cohort", "section")
    )


def grid_values(*, school: School, measure: Measure, school_year: int, term: str) -> dict[int, Result]:
    """The results already entered for a term, by class id (the grid's initial values)."""
    return {
        r.school_class_id: r
        for r in Result.objects.filter(school_class__school=school, measure=measure, school_year=school_year,
                                       term=term)
    }


def recent_imports(*, school: School, limit: int = 5) -> list[ResultImport]:
    return list(ResultImport.objects.filter(school=school).select_related("requested_by")[:limit])


# --- Shared reading -------------------------------------------------------------------------------

def _national(indicator_ids: set[int]) -> dict[int, dict[tuple[int, int], Decimal]]:
    """indicator id -> (school_year, grade) -> the nation's value (one query; none without ids)."""
    out: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    if not indicator_ids:
        return out
    rows = NationalValue.objects.filter(indicator_id__in=indicator_ids, value__isnull=False, grade__isnull=False)
    for indicator_id, year, grade, value in rows.values_list("indicator_id", "school_year", "grade", "value"):
        out[indicator_id][(year, grade)] = value
    return out


def _municipal_means(rows, threshold: int) -> dict[tuple[int, int], dict[tuple[int, str], Decimal]]:
    """(measure id, cohort) -> (school_year, term) -> the municipality's weighted mean."""
    means = weighted_means((((m, c, y, t), v, p) for m, c, y, t, v, p in rows), threshold)
    out: dict[tuple[int, int], dict[tuple[int, str], Decimal]] = defaultdict(dict)
    for (m, c, y, t), mean in means.items():
        out[(m, c)][(y, t)] = mean
    return out


_ROW_FIELDS = ("measure_id", "school_class__cohort", "school_year", "term", "value", "pupils")


@dataclass
class ClassLine:
    """One class on one measure: its points (hidden ones without a value) and its value added."""

    school_class: SchoolClass
    measure: Measure
    points: list[Point]
    value_added: ValueAdded | None
    explanation: str = ""

    def _point_text(self, point: Point | None) -> str:
        if point is None:
            return "–"
        where = f"{point.label}, {self.school_class.name_in(point.school_year)}"
        if point.hidden:
            return str(_("dold (%(where)s)") % {"where": where})
        return f"{format_value(rounded(point.value))}{self.measure.unit_suffix} ({where})"

    @property
    def first_text(self) -> str:
        return self._point_text(self.value_added.start if self.value_added else (self.points[0] if self.points else None))

    @property
    def last_text(self) -> str:
        return self._point_text(self.value_added.end if self.value_added else self.latest)

    @property
    def latest_name(self) -> str:
        return self.school_class.name_in(self.latest.school_year) if self.latest else ""

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def hidden_count(self) -> int:
        return sum(1 for p in self.points if p.hidden)

    @property
    def value_added_text(self) -> str:
        return signed(self.value_added.value_added) if self.value_added else "–"

    @property
    def change_text(self) -> str:
        return signed(self.value_added.change) if self.value_added else "–"

    @property
    def expected_text(self) -> str:
        return signed(self.value_added.expected) if self.value_added else "–"


def _class_line(school_class: SchoolClass, measure: Measure, results: list[tuple], *, threshold: int, basis: str,
                municipal: dict, national: dict) -> ClassLine:
    points = sorted(
        (Point(school_year=y, term=t, grade=school_class.grade_in(y), value=shown(v, p, threshold), pupils=p)
         for y, t, v, p in results),
        key=lambda p: p.period,
    )
    va = value_added(points, basis=basis, municipal=municipal.get((measure.pk, school_class.cohort), {}),
                     national=national.get(measure.national_indicator_id, {}))
    text = explanation(va, unit=measure.unit_suffix, difference_unit=measure.difference_unit) if va else ""
    return ClassLine(school_class=school_class, measure=measure, points=points, value_added=va, explanation=text)


# --- Schools side by side -------------------------------------------------------------------------

@dataclass
class SchoolRow:
    school: School
    lines: list[ClassLine] = field(default_factory=list)

    @property
    def with_value_added(self) -> list[ClassLine]:
        return [line for line in self.lines if line.value_added and line.value_added.value_added is not None]

    @property
    def mean_value_added(self) -> Decimal | None:
        values = [line.value_added.value_added for line in self.with_value_added]
        return sum(values) / len(values) if values else None

    @property
    def mean_value_added_text(self) -> str:
        return signed(self.mean_value_added)

    @property
    def gaining(self) -> int:
        return sum(1 for line in self.with_value_added if line.value_added.direction == "up")

    @property
    def losing(self) -> int:
        return sum(1 for line in self.with_value_added if line.value_added.direction == "down")


@dataclass
class Overview:
    measure: Measure | None
    basis: str
    threshold: int
    rows: list[SchoolRow]
    rule: str

    @property
    def has_results(self) -> bool:
        return any(row.lines for row in self.rows)


def progression_overview(*, municipality: Municipality, measure: Measure | None, basis: str = Basis.MUNICIPALITY
                         ) -> Overview:
    """Every school of the municipality with its classes' lines and value added on one measure.

    Five queries whatever the size: threshold, schools, classes, the measure's results, the nation.
    """
    threshold = anonymity_threshold(municipality=municipality)
    rows = {s.pk: SchoolRow(school=s) for s in schools(municipality=municipality)}
    if measure is None:
        return Overview(measure=None, basis=basis, threshold=threshold, rows=list(rows.values()), rule=rule_text(basis))
    classes = {c.pk: c for c in SchoolClass.objects.filter(municipality=municipality)}
    by_class: dict[int, list[tuple]] = defaultdict(list)
    municipal_rows = []
    for class_id, m, cohort, y, t, v, p in Result.objects.filter(municipality=municipality, measure=measure).values_list(
            "school_class_id", *_ROW_FIELDS):
        by_class[class_id].append((y, t, v, p))
        municipal_rows.append((m, cohort, y, t, v, p))
    municipal = _municipal_means(municipal_rows, threshold)
    national = _national({measure.national_indicator_id} if basis == Basis.NATION and measure.national_indicator_id
                         else set())
    for class_id, results in by_class.items():
        c = classes[class_id]
        rows[c.school_id].lines.append(_class_line(c, measure, results, threshold=threshold, basis=basis,
                                                   municipal=municipal, national=national))
    for row in rows.values():
        row.lines.sort(key=lambda line: (-line.school_class.cohort, line.school_class.section))
    return Overview(measure=measure, basis=basis, threshold=threshold, rows=list(rows.values()), rule=rule_text(basis))


# --- One class followed over time ---------------------------------------------------------------

@dataclass
class MeasureLine:
    measure: Measure
    line: ClassLine
    municipal: list[Point]  # the cohort's municipal mean at the class's terms
    national: list[Point]  # the nation at the class's grades and years (basis nation only)


@dataclass
class CohortView:
    school_class: SchoolClass
    basis: str
    threshold: int
    lines: list[MeasureLine]
    rule: str


def cohort_view(*, school_class: SchoolClass, basis: str = Basis.MUNICIPALITY) -> CohortView:
    """A class followed from term to term on every measure it has results for, with the cohort's
    municipal mean (and the nation's value) beside it. Four queries."""
    municipality = school_class.school.municipality
    threshold = anonymity_threshold(municipality=municipality)
    all_measures = {m.pk: m for m in measures(municipality=municipality)}
    own: dict[int, list[tuple]] = defaultdict(list)
    municipal_rows = []
    for class_id, m, cohort, y, t, v, p in Result.objects.filter(
            municipality=municipality, school_class__cohort=school_class.cohort).values_list(
            "school_class_id", *_ROW_FIELDS):
        municipal_rows.append((m, cohort, y, t, v, p))
        if class_id == school_class.pk:
            own[m].append((y, t, v, p))
    municipal = _municipal_means(municipal_rows, threshold)
    national = _national({all_measures[m].national_indicator_id for m in own
                          if all_measures[m].national_indicator_id} if basis == Basis.NATION else set())
    lines = []
    for measure in all_measures.values():
        if measure.pk not in own:
            continue
        line = _class_line(school_class, measure, own[measure.pk], threshold=threshold, basis=basis,
                           municipal=municipal, national=national)
        means = municipal.get((measure.pk, school_class.cohort), {})
        nation = national.get(measure.national_indicator_id, {})
        lines.append(MeasureLine(
            measure=measure, line=line,
            municipal=[Point(p.school_year, p.term, p.grade, means.get((p.school_year, p.term))) for p in line.points],
            national=[Point(p.school_year, p.term, p.grade, nation.get((p.school_year, p.grade)))
                      for p in line.points] if nation else [],
        ))
    return CohortView(school_class=school_class, basis=basis, threshold=threshold, lines=lines, rule=rule_text(basis))


# --- A school's classes (the school page) ---------------------------------------------------------

@dataclass
class SchoolClassRow:
    school_class: SchoolClass
    name_now: str
    results: int


def school_class_rows(*, school: School, school_year: int) -> list[SchoolClassRow]:
    """The school's classes, with their name this year and how many results they have (one query)."""
    return [
        SchoolClassRow(school_class=c, name_now=c.name_in(school_year) if MIN_GRADE <= c.grade_in(school_year) <= MAX_GRADE
                       else str(_("slutat (åk 9 %(year)s)") % {"year": c.cohort + MAX_GRADE}), results=c.n)
        for c in SchoolClass.objects.filter(school=school).annotate(n=Count("results")).order_by("-cohort", "section")
    ]


# --- For the quality dialogue's agenda and the quality start page --------------------------------

@dataclass
class SummaryLine:
    measure: Measure
    school_class: SchoolClass
    class_name: str  # the class's name at its latest figure, e.g. "3A"
    latest: Point
    value_added: ValueAdded | None
    text: str  # one sentence for an agenda


@dataclass
class SchoolProgressionSummary:
    school: School
    basis: str
    rule: str
    lines: list[SummaryLine]

    @property
    def has_data(self) -> bool:
        return bool(self.lines)

    @property
    def gaining(self) -> list[SummaryLine]:
        return [line for line in self.lines if line.value_added and line.value_added.direction == "up"]

    @property
    def losing(self) -> list[SummaryLine]:
        return [line for line in self.lines if line.value_added and line.value_added.direction == "down"]

    def as_text(self) -> list[str]:
        """The summary as agenda lines (Swedish): one per class and measure, then the rule."""
        return [line.text for line in self.lines] + ([self.rule] if self.lines else [])


def school_progression_summary(*, school: School, basis: str = Basis.MUNICIPALITY) -> SchoolProgressionSummary:
    """The school's progression in a few lines, for the quality dialogue's agenda: for each class
    and measure, its latest shown figure and its value added (anonymity applied). Four queries.

    Call inside the school's municipality's scope (or ``scopes_disabled()`` in a task).
    """
    municipality = school.municipality
    threshold = anonymity_threshold(municipality=municipality)
    classes = {c.pk: c for c in SchoolClass.objects.filter(school=school)}
    cohorts = {c.cohort for c in classes.values()}
    all_measures: dict[int, Measure] = {}
    own: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    municipal_rows = []
    for class_id, m, cohort, y, t, v, p in Result.objects.filter(
            municipality=municipality, school_class__cohort__in=cohorts).values_list("school_class_id", *_ROW_FIELDS):
        municipal_rows.append((m, cohort, y, t, v, p))
        if class_id in classes:
            own[(class_id, m)].append((y, t, v, p))
    if own:
        all_measures = {m.pk: m for m in Measure.objects.filter(pk__in={m for _c, m in own})}
    municipal = _municipal_means(municipal_rows, threshold)
    national = _national({m.national_indicator_id for m in all_measures.values() if m.national_indicator_id}
                         if basis == Basis.NATION else set())
    lines = []
    for (class_id, measure_id), results in own.items():
        c, measure = classes[class_id], all_measures[measure_id]
        line = _class_line(c, measure, results, threshold=threshold, basis=basis, municipal=municipal,
                           national=national)
        latest = next((p for p in reversed(line.points) if not p.hidden), None)
        if latest is None:
            continue  # nothing shown: a small class says nothing, not even that it is small
        va = line.value_added
        text = _("%(measure)s, %(cls)s (årskull %(cohort)s): %(value)s%(unit)s %(term)s") % {
            "measure": measure.name, "cls": c.name_in(latest.school_year), "cohort": c.cohort,
            "value": format_value(rounded(latest.value)), "unit": measure.unit_suffix,
            "term": latest.label,
        }
        if va and va.value_added is not None:
            text += "; " + _("förädlingsvärde %(va)s %(du)s sedan %(since)s") % {
                "va": signed(va.value_added), "du": measure.difference_unit, "since": va.start.label}
        lines.append(SummaryLine(measure=measure, school_class=c, class_name=c.name_in(latest.school_year),
                                 latest=latest, value_added=va, text=text + "."))
    lines.sort(key=lambda s: (s.measure.name, -s.school_class.cohort, s.school_class.section))
    return SchoolProgressionSummary(school=school, basis=basis, rule=rule_text(basis), lines=lines)


def tool_status(*, municipality: Municipality, today: datetime.date | None = None) -> tuple[str, str]:
    """Dimension 3 on the quality start page: (status in words, 'ok' or 'warning'). Two queries."""
    facts = Result.objects.filter(municipality=municipality).aggregate(
        n=Count("id"), classes=Count("school_class", distinct=True),
        schools=Count("school_class__school", distinct=True), last=Max("school_year"))
    if not facts["n"]:
        n_measures = Measure.objects.filter(municipality=municipality).count()
        if n_measures:
            return (ngettext("%(n)s resultatmått, inga resultat inmatade ännu.",
                             "%(n)s resultatmått, inga resultat inmatade ännu.", n_measures) % {"n": n_measures},
                    "warning")
        return _("Inga resultatmått eller klasser ännu."), "warning"
    last = facts["last"]
    last_term = (Result.objects.filter(municipality=municipality, school_year=last)
                 .order_by("-term").values_list("term", flat=True).first())
    text = ngettext(
        "%(c)s klass i %(s)s skolor följs över tid, senaste resultat %(term)s.",
        "%(c)s klasser i %(s)s skolor följs över tid, senaste resultat %(term)s.", facts["classes"],
    ) % {"c": facts["classes"], "s": facts["schools"], "term": term_label(last, last_term)}
    recent = period_index(last, last_term) >= period_index(current_school_year(today) - 1, "vt")
    return text, "ok" if recent else "warning"


# --- An import's preview --------------------------------------------------------------------------

@dataclass
class PreviewRow:
    line: int
    class_name: str
    cohort: int
    measure: str
    term: str
    value: str
    pupils: int
    change: str  # "ny", "ändras (från …)", "oförändrad", "ny klass"


PREVIEW_LIMIT = 200


def import_preview_rows(*, result_import: ResultImport) -> list[PreviewRow]:
    """The rows a previewed import would save, each with what it changes (three queries)."""
    from .importer import ReadRow

    if not result_import.rows:
        return []
    rows = [ReadRow.from_json(r) for r in result_import.rows[:PREVIEW_LIMIT]]
    names = dict(Measure.objects.filter(municipality_id=result_import.municipality_id).values_list("pk", "name"))
    classes = {(c.cohort, c.section): c.pk for c in SchoolClass.objects.filter(school_id=result_import.school_id)}
    existing = {
        (class_id, m, y, t): (v, p)
        for class_id, m, y, t, v, p in Result.objects.filter(school_class__school_id=result_import.school_id)
        .values_list("school_class_id", "measure_id", "school_year", "term", "value", "pupils")
    }
    out = []
    for row in rows:
        class_id = classes.get((row.cohort, row.section))
        current = existing.get((class_id, row.measure_id, row.school_year, row.term)) if class_id else None
        if class_id is None:
            change = _("ny (ny klass)")
        elif current is None:
            change = _("ny")
        elif current != (row.value, row.pupils):
            change = _("ändras (från %(v)s, %(p)s elever)") % {"v": format_value(current[0]), "p": current[1]}
        else:
            change = _("oförändrad")
        out.append(PreviewRow(line=row.line, class_name=f"{row.grade}{row.section}", cohort=row.cohort,
                              measure=names.get(row.measure_id, "?"), term=term_label(row.school_year, row.term),
                              value=format_value(row.value), pupils=row.pupils, change=str(change)))
    return out
