"""Följ progressionen (Modellen 2.0, dimension 3): a school's own results per class and term.

- :class:`Measure` is what the municipality's schools measure alike (a local test, a screening,
  grades in a subject), so that classes and schools can be compared; it may name the national
  indicator (Skolverket's series in ``indicators``) that gives the nation's change.
- :class:`SchoolClass` is a group of pupils followed from class to class: it carries its cohort
  (``cohort``: the autumn year the pupils started grade 1), so the class that is 1A in 2024/25 is
  2A in 2025/26 and 3A in 2026/27 — one row, not three.
- :class:`Result` is one class's figure on one measure in one term, with how many pupils it
  covers. No pupil is ever stored or named: a figure is an aggregate of a class, and a class with
  fewer pupils than the anonymity threshold shows no figure (``progression.selectors``).

School years are stored as the spring year, as in ``indicators``: 2024/25 is ``2025``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.scoping import TenantScopedManager
from core.validators import single_line_constraint, validate_single_line
from indicators.models import school_year_label

MIN_GRADE, MAX_GRADE = 1, 9


class MeasureKind(models.TextChoices):
    TEST = "test", _("lokalt prov")
    SCREENING = "screening", _("screening")
    GRADES = "grades", _("betyg")


class MeasureUnit(models.TextChoices):
    PERCENT = "percent", _("procent")
    AVERAGE = "average", _("genomsnitt")


class Term(models.TextChoices):
    AUTUMN = "ht", _("HT")
    SPRING = "vt", _("VT")


def term_label(school_year: int, term: str) -> str:
    """(2025, 'ht') -> 'HT 2024'; (2025, 'vt') -> 'VT 2025' (the calendar year of the term)."""
    return f"HT {school_year - 1}" if term == Term.AUTUMN else f"VT {school_year}"


def period_index(school_year: int, term: str) -> int:
    """A number that orders terms: HT before VT of the same school year."""
    return school_year * 2 + (1 if term == Term.SPRING else 0)


class Measure(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="progression_measures")
    name = models.CharField(_("namn"), max_length=120, validators=[validate_single_line])
    kind = models.CharField(_("slag"), max_length=10, choices=MeasureKind.choices, default=MeasureKind.TEST)
    unit = models.CharField(_("enhet"), max_length=10, choices=MeasureUnit.choices, default=MeasureUnit.PERCENT)
    description = models.CharField(_("vad som mäts"), max_length=300, blank=True, validators=[validate_single_line])
    # Skolverket's series (a common indicator with national values) for the nation's change.
    national_indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("motsvarande mått i Skolverkets statistik"),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("resultatmått")
        verbose_name_plural = _("resultatmått")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="progression_measure_name_unique"),
            single_line_constraint("name", name="progression_measure_name_single_line"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def unit_suffix(self) -> str:
        return " %" if self.unit == MeasureUnit.PERCENT else ""

    @property
    def difference_unit(self) -> str:
        return str(_("procentenheter")) if self.unit == MeasureUnit.PERCENT else ""


class SchoolClass(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="progression_classes")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="progression_classes",
                               verbose_name=_("skola"))
    section = models.CharField(_("klassens bokstav"), max_length=8, validators=[validate_single_line])
    cohort = models.PositiveSmallIntegerField(
        _("årskull (året eleverna började årskurs 1)"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("klass")
        verbose_name_plural = _("klasser")
        ordering = ["-cohort", "section", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "cohort", "section"], name="progression_class_unique"),
            single_line_constraint("section", name="progression_class_section_single_line"),
        ]

    def __str__(self) -> str:
        return self.label

    def grade_in(self, school_year: int) -> int:
        """The grade the class is in during a school year (spring year): cohort 2022 is in 1 in 2022/23."""
        return school_year - self.cohort

    def name_in(self, school_year: int) -> str:
        return f"{self.grade_in(school_year)}{self.section}"

    @property
    def label(self) -> str:
        return str(_("klass %(section)s, årskull %(cohort)s")) % {"section": self.section, "cohort": self.cohort}

    def school_years(self) -> range:
        """The school years (spring) the class is in grade 1 to 9."""
        return range(self.cohort + MIN_GRADE, self.cohort + MAX_GRADE + 1)


class Result(models.Model):
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE,
                                     related_name="progression_results")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE, related_name="results",
                                     verbose_name=_("klass"))
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results", verbose_name=_("mått"))
    school_year = models.PositiveSmallIntegerField(_("läsår (vårterminens år)"))
    term = models.CharField(_("termin"), max_length=2, choices=Term.choices)
    value = models.DecimalField(_("värde"), max_digits=7, decimal_places=2)
    pupils = models.PositiveSmallIntegerField(_("antal elever"), validators=[MaxValueValidator(999)])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated = models.DateTimeField(auto_now=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("resultat")
        verbose_name_plural = _("resultat")
        ordering = ["school_year", "term", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school_class", "measure", "school_year", "term"],
                                    name="progression_result_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="progression_result_value_not_negative"),
        ]
        indexes = [models.Index(fields=["municipality", "measure"])]

    def __str__(self) -> str:
        return f"{self.school_class} {self.measure} {term_label(self.school_year, self.term)}"

    @property
    def period(self) -> int:
        return period_index(self.school_year, self.term)

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Förhandsgranskning")
    FAILED = "failed", _("Avvisad")
    DONE = "done", _("Importerad")
    CANCELLED = "cancelled", _("Avbruten")


class ResultImport(models.Model):
    """One upload of a school's results file: read at once (a school's file holds a few hundred
    rows, far below the limits), previewed, and saved all or nothing when the person confirms.
    The rows read are kept on the row between preview and confirmation; the file itself is not."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("municipalities.School", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    filename = models.CharField(_("filnamn"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW)
    rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        verbose_name = _("resultatimport")
        verbose_name_plural = _("resultatimporter")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.filename
