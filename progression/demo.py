"""Demo step: Fagersta's three schools follow their classes over three school years (issue 17).

Three measures (a reading screening, a local mathematics test, grades in Swedish), two cohorts
per school followed from term to term (1A → 2A → 3A, and 4A → 5A → 6A). One cohort gains clearly
on the municipality (Brattbergsskolan's 1A, now 3A, in reading), one loses (Risbroskolan's 4A, now
6A, in mathematics), and one small class at Västanforsskolan shows no figure under the anonymity
threshold. Idempotent: every row is looked up before it is written.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from municipalities.models import Municipality, School

from .models import Measure, MeasureKind, MeasureUnit, Result, SchoolClass
from .selectors import current_school_year

MEASURES = [
    ("Läsförståelse, screening: andel över kritisk gräns", MeasureKind.SCREENING,
     "Skolans lässcreening varje termin (årskurs 1–6)."),
    ("Matematik, lokalt prov: andel godkända", MeasureKind.TEST, "Kommunens gemensamma prov i slutet av terminen."),
    ("Svenska, terminsbetyg: andel A–E", MeasureKind.GRADES, "Andel av klassens elever med lägst betyget E."),
]
# (school, section, cohort offset from this year's grade 3, pupils, trend per term by measure index)
CLASSES = [
    ("Brattbergsskolan", "A", 3, 24, (4.5, 1.5, 1.0)),   # the cohort that gains (reading)
    ("Brattbergsskolan", "A", 6, 25, (1.0, 1.0, 0.5)),
    ("Västanforsskolan", "A", 3, 21, (1.5, 1.0, 1.0)),
    ("Västanforsskolan", "B", 3, 4, (2.0, 2.0, 2.0)),     # too small: shows no figure
    ("Västanforsskolan", "A", 6, 22, (1.0, 0.5, 0.0)),
    ("Risbroskolan", "A", 3, 23, (1.0, 1.5, 1.0)),
    ("Risbroskolan", "A", 6, 26, (-0.5, -3.5, -1.5)),    # the cohort that loses (mathematics)
]


def build(*, stdout) -> None:
    fagersta = Municipality.objects.filter(slug="fagersta").first()
    if fagersta is None:
        stdout.write("  (hoppar över progressionen: Fagersta saknas – kör municipalities först)")
        return
    schools = {s.name: s for s in School.objects.filter(municipality=fagersta)}
    measures = []
    for name, kind, description in MEASURES:
        m, _created = Measure.objects.get_or_create(
            municipality=fagersta, name=name,
            defaults={"kind": kind, "unit": MeasureUnit.PERCENT, "description": description})
        measures.append(m)
    this_year = current_school_year(timezone.localdate())
    # Five terms: HT and VT two school years back and last year, and this autumn.
    periods = [(this_year - 2, "ht"), (this_year - 2, "vt"), (this_year - 1, "ht"), (this_year - 1, "vt"),
               (this_year, "ht")]
    rng = random.Random(17)
    written = 0
    for school_name, section, grade_now, pupils, trends in CLASSES:
        school = schools.get(school_name)
        if school is None:
            continue
        cohort = this_year - grade_now
        c, _created = SchoolClass.objects.get_or_create(municipality=fagersta, school=school, section=section,
                                                        cohort=cohort)
        for i, m in enumerate(measures):
            value = 62 + rng.uniform(-4, 4) + (4 if i == 2 else 0)
            for year, term in periods:
                if year - cohort < 1:
                    continue
                _r, created = Result.objects.get_or_create(
                    municipality=fagersta, school_class=c, measure=m, school_year=year, term=term,
                    defaults={"value": Decimal(str(round(max(0, min(100, value)), 1))), "pupils": pupils})
                written += created
                value += trends[i] + rng.uniform(-0.8, 0.8)
    stdout.write(f"  Fagersta: {len(measures)} resultatmått, {len(CLASSES)} klasser, {written} nya resultat")
