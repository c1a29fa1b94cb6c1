"""Measures, classes and results for tests: plain functions over the models (call unscoped)."""

from __future__ import annotations

from decimal import Decimal

from progression.models import Measure, Result, SchoolClass


def measure(*, municipality, name: str = "Läsförståelse, andel godkända", unit: str = "percent", **kw) -> Measure:
    return Measure.objects.get_or_create(municipality=municipality, name=name, defaults={"unit": unit, **kw})[0]


def school_class(*, school, section: str = "A", cohort: int = 2022) -> SchoolClass:
    return SchoolClass.objects.get_or_create(municipality=school.municipality, school=school, section=section,
                                             cohort=cohort)[0]


def result(*, school_class, measure, school_year: int, term: str = "vt", value, pupils: int = 24) -> Result:
    return Result.objects.update_or_create(
        municipality=school_class.municipality, school_class=school_class, measure=measure, school_year=school_year,
        term=term, defaults={"value": Decimal(str(value)), "pupils": pupils},
    )[0]


def followed_class(*, school, measure, cohort: int = 2022, section: str = "A", values=(60, 65, 70), pupils: int = 24,
                   first_year: int | None = None) -> SchoolClass:
    """A class with a spring figure each year from ``first_year`` (default: its grade 1 year)."""
    c = school_class(school=school, section=section, cohort=cohort)
    year = first_year or cohort + 1
    for i, value in enumerate(values):
        result(school_class=c, measure=measure, school_year=year + i, value=value, pupils=pupils)
    return c
