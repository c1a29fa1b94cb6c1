"""Writes of the progression tool: measures, classes, results by hand (the grid) and by import.

Rights are the caller's business (views check ``access.rights``); these functions keep the data
right: a class belongs to the school's municipality, a figure has pupils behind it, an import is
saved all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality, School

from .importer import FileRejected, ReadRow, read_rows
from .models import ImportStatus, Measure, Result, ResultImport, SchoolClass


def measure_create(*, municipality: Municipality, name: str, kind: str, unit: str, description: str = "",
                   national_indicator=None) -> Measure:
    if Measure.objects.filter(municipality=municipality, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("Det finns redan ett mått med det namnet.")})
    measure = Measure(municipality=municipality, name=name.strip(), kind=kind, unit=unit,
                      description=description.strip(), national_indicator=national_indicator)
    measure.full_clean()
    measure.save()
    return measure


def measure_update(*, measure: Measure, name: str, kind: str, unit: str, description: str = "",
                   national_indicator=None) -> Measure:
    """Correct a measure: its name (as the schools' files write it), kind, unit and counterpart."""
    if Measure.objects.filter(municipality_id=measure.municipality_id, name__iexact=name.strip()).exclude(
            pk=measure.pk).exists():
        raise ValidationError({"name": _("Det finns redan ett mått med det namnet.")})
    measure.name, measure.kind, measure.unit = name.strip(), kind, unit
    measure.description, measure.national_indicator = description.strip(), national_indicator
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure) -> int:
    """Remove a measure and every school's figures on it; returns how many figures went."""
    results = Result.objects.filter(measure=measure).count()
    measure.delete()
    return results


def school_class_update(*, school_class: SchoolClass, section: str, cohort: int) -> SchoolClass:
    """Correct a mistyped class: its letter or its cohort. Its figures follow it."""
    section = section.strip().upper()
    if SchoolClass.objects.filter(school_id=school_class.school_id, cohort=cohort, section=section).exclude(
            pk=school_class.pk).exists():
        raise ValidationError({"section": _("Skolan har redan klass %(s)s i årskull %(c)s.") % {
            "s": section, "c": cohort}})
    school_class.section, school_class.cohort = section, cohort
    school_class.full_clean()
    school_class.save()
    return school_class


@transaction.atomic
def school_class_delete(*, school_class: SchoolClass) -> int:
    """Remove a class and its figures (a class added by mistake); returns how many figures went."""
    results = Result.objects.filter(school_class=school_class).count()
    school_class.delete()
    return results


def school_class_create(*, school: School, section: str, cohort: int) -> SchoolClass:
    section = section.strip().upper()
    if SchoolClass.objects.filter(school=school, cohort=cohort, section=section).exists():
        raise ValidationError({"section": _("Skolan har redan klass %(s)s i årskull %(c)s.") % {
            "s": section, "c": cohort}})
    school_class = SchoolClass(municipality_id=school.municipality_id, school=school, section=section, cohort=cohort)
    school_class.full_clean()
    school_class.save()
    return school_class


@dataclass
class GridEntry:
    school_class: SchoolClass
    value: Decimal | None
    pupils: int | None


@dataclass
class SaveCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0


@transaction.atomic
def results_save(*, school: School, measure: Measure, school_year: int, term: str, entries: list[GridEntry],
                 user) -> SaveCounts:
    """The grid: one figure per class for a measure and term. An emptied row removes its figure."""
    counts = SaveCounts()
    existing = {r.school_class_id: r for r in Result.objects.filter(
        school_class__school=school, measure=measure, school_year=school_year, term=term)}
    for entry in entries:
        if entry.school_class.school_id != school.pk:
            raise ValidationError(_("Klassen hör inte till skolan."))
        current = existing.get(entry.school_class.pk)
        if entry.value is None:
            if current is not None:
                current.delete()
                counts.deleted += 1
            continue
        if current is None:
            Result.objects.create(municipality_id=school.municipality_id, school_class=entry.school_class,
                                  measure=measure, school_year=school_year, term=term, value=entry.value,
                                  pupils=entry.pupils, updated_by=user)
            counts.created += 1
        elif current.value != entry.value or current.pupils != entry.pupils:
            current.value, current.pupils, current.updated_by = entry.value, entry.pupils, user
            current.save(update_fields=["value", "pupils", "updated_by", "updated"])
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _plan(*, school: School, rows: list[ReadRow]) -> dict:
    """What saving the rows would do: new classes, and created / changed / unchanged figures."""
    classes = {(c.cohort, c.section): c for c in SchoolClass.objects.filter(school=school)}
    existing = {
        (r.school_class_id, r.measure_id, r.school_year, r.term): r
        for r in Result.objects.filter(school_class__school=school)
    }
    new_classes = sorted({(row.cohort, row.section) for row in rows} - set(classes))
    created = updated = unchanged = 0
    for row in rows:
        c = classes.get((row.cohort, row.section))
        current = existing.get((c.pk, row.measure_id, row.school_year, row.term)) if c else None
        if current is None:
            created += 1
        elif current.value != row.value or current.pupils != row.pupils:
            updated += 1
        else:
            unchanged += 1
    return {"new_classes": [f"{section} ({cohort})" for cohort, section in new_classes], "created": created,
            "updated": updated, "unchanged": unchanged, "rows": len(rows)}


def result_import_read(*, school: School, user, filename: str, data: bytes) -> ResultImport:
    """Read and check an uploaded file; the row holds the preview (or the problems). Nothing of
    the results is saved here."""
    by_name = {m.name.lower(): m for m in Measure.objects.filter(municipality_id=school.municipality_id)}
    imp = ResultImport(municipality_id=school.municipality_id, school=school, requested_by=user,
                       filename=filename[:200])
    try:
        rows, problems = read_rows(data, filename=filename, measures=by_name)
    except FileRejected as exc:
        rows, problems = [], [exc.message]
    if problems:
        imp.status, imp.errors, imp.finished_at = ImportStatus.FAILED, problems[:200], timezone.now()
        imp.summary = {"problems": len(problems)}
    else:
        imp.rows = [row.as_json() for row in rows]
        imp.summary = _plan(school=school, rows=rows)
    imp.save()
    return imp


@transaction.atomic
def result_import_confirm(*, result_import: ResultImport, user) -> ResultImport:
    """Save every row of a previewed import, or none (the rows were checked when read)."""
    imp = ResultImport.objects.select_for_update().get(pk=result_import.pk, municipality=result_import.municipality)
    if imp.status != ImportStatus.PREVIEW:
        raise ValidationError(_("Importen är redan avslutad."))
    school = imp.school
    rows = [ReadRow.from_json(r) for r in imp.rows]
    valid_measures = set(Measure.objects.filter(municipality_id=imp.municipality_id).values_list("pk", flat=True))
    if any(row.measure_id not in valid_measures for row in rows):
        raise ValidationError(_("Ett mått i filen har tagits bort sedan förhandsgranskningen. Ladda upp filen igen."))
    classes = {(c.cohort, c.section): c for c in SchoolClass.objects.filter(school=school)}
    for cohort, section in sorted({(row.cohort, row.section) for row in rows} - set(classes)):
        classes[(cohort, section)] = SchoolClass.objects.create(
            municipality_id=school.municipality_id, school=school, section=section, cohort=cohort)
    existing = {
        (r.school_class_id, r.measure_id, r.school_year, r.term): r
        for r in Result.objects.filter(school_class__school=school)
    }
    counts = SaveCounts()
    for row in rows:
        c = classes[(row.cohort, row.section)]
        current = existing.get((c.pk, row.measure_id, row.school_year, row.term))
        if current is None:
            Result.objects.create(municipality_id=school.municipality_id, school_class=c, measure_id=row.measure_id,
                                  school_year=row.school_year, term=row.term, value=row.value, pupils=row.pupils,
                                  updated_by=user)
            counts.created += 1
        elif current.value != row.value or current.pupils != row.pupils:
            current.value, current.pupils, current.updated_by = row.value, row.pupils, user
            current.save(update_fields=["value", "pupils", "updated_by", "updated"])
            counts.updated += 1
        else:
            counts.unchanged += 1
    imp.status, imp.finished_at = ImportStatus.DONE, timezone.now()
    imp.summary = {**imp.summary, "created": counts.created, "updated": counts.updated,
                   "unchanged": counts.unchanged}
    imp.rows = []  # the figures are in the results now; the row stays as the record
    imp.save(update_fields=["status", "finished_at", "summary", "rows"])
    return imp


def result_import_cancel(*, result_import: ResultImport) -> None:
    if result_import.status == ImportStatus.PREVIEW:
        result_import.status, result_import.rows, result_import.finished_at = (
            ImportStatus.CANCELLED, [], timezone.now())
        result_import.save(update_fields=["status", "rows", "finished_at"])
