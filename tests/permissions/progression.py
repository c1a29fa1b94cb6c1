"""Rows for Följ progressionen (issue 17, point 1): every member of A reads the class aggregates;
the school's own principals and teachers write its classes and results (a principal of another
school may not: ``other_rektor``); förvaltning and coordinators define measures; B's rows under
A's address are 404."""

from itertools import count

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, municipality_page

_n = count(1)
# The school A1's staff; the persona names colleague and other_rektor are issue 17's (tests/world.py):
# where they do not exist yet, the extra keys are ignored.
SCHOOL_STAFF = {"rektor": OK, "larare": OK, "colleague": OK, "other_rektor": FORBIDDEN}
SCHOOL_STAFF_POST = {"namnd": FORBIDDEN, "forvaltning": FORBIDDEN, "coordinator": FORBIDDEN, "rektor": FOUND,
                     "larare": FOUND, "colleague": FOUND, "other_rektor": FORBIDDEN}
DEFINERS_POST = {"namnd": FORBIDDEN, "rektor": FORBIDDEN, "larare": FORBIDDEN, "colleague": FORBIDDEN,
                 "other_rektor": FORBIDDEN, "forvaltning": FOUND, "coordinator": FOUND}


def _measure(world):
    from ..progression.factories import measure

    m = world.extra.get("prog_measure") or measure(municipality=world.a)
    world.extra["prog_measure"] = m
    return m


def _school(world):
    _measure(world)
    return {"municipality": world.a.slug, "pk": world.school_a1.pk}


def _foreign_school(world):
    return {"municipality": world.a.slug, "pk": world.school_b1.pk}


def _class(world):
    from ..progression.factories import followed_class

    c = world.extra.get("prog_class") or followed_class(school=world.school_a1, measure=_measure(world))
    world.extra["prog_class"] = c
    return {"municipality": world.a.slug, "pk": c.pk}


def _foreign_class(world):
    from ..progression.factories import followed_class, measure

    c = world.extra.get("prog_class_b") or followed_class(school=world.school_b1, measure=measure(municipality=world.b))
    world.extra["prog_class_b"] = c
    return {"municipality": world.a.slug, "pk": c.pk}


def _import(world, school_attr="school_a1", key="prog_import"):
    from progression.models import ResultImport

    school = getattr(world, school_attr)
    imp = world.extra.get(key) or ResultImport.objects.create(
        municipality=school.municipality, school=school, filename="resultat.csv", status="failed",
        errors=["Rad 2: fel"])
    world.extra[key] = imp
    return {"municipality": world.a.slug, "pk": imp.pk}


def _measure_kw(world):
    return {"municipality": world.a.slug, "pk": _measure(world).pk}


def _foreign_measure(world):
    from ..progression.factories import measure

    m = world.extra.get("prog_measure_b") or measure(municipality=world.b)
    world.extra["prog_measure_b"] = m
    return {"municipality": world.a.slug, "pk": m.pk}


# GET of an edit page, and a removal without the box ticked (200: the form says why; nothing is
# removed, so every persona asks about the same object).
SCHOOL_STAFF_EDIT = {"namnd": FORBIDDEN, "forvaltning": FORBIDDEN, "coordinator": FORBIDDEN, **SCHOOL_STAFF}
DEFINERS = {"namnd": FORBIDDEN, "rektor": FORBIDDEN, "larare": FORBIDDEN, "colleague": FORBIDDEN,
            "other_rektor": FORBIDDEN, "forvaltning": OK, "coordinator": OK}

ROWS = [
    Row("progression:home", municipality_page()),
    Row("progression:measures", municipality_page()),
    Row("progression:measures", municipality_page(**DEFINERS_POST), method="post",
        data=lambda w: {"name": f"Mått {next(_n)}", "kind": "test", "unit": "percent"}, note="a new measure"),
    Row("progression:school", municipality_page(), kwargs=_school),
    Row("progression:school", municipality_page(members=NOT_FOUND), kwargs=_foreign_school,
        note="B's school under A's address"),
    Row("progression:school", municipality_page(**SCHOOL_STAFF_POST), kwargs=_school, method="post",
        data=lambda w: {"form": "class", "section": f"K{next(_n)}", "cohort": 2021}, note="add a class"),
    Row("progression:school", municipality_page(members=NOT_FOUND), kwargs=_foreign_school, method="post",
        data=lambda w: {"form": "class", "section": "X", "cohort": 2021}, note="post to B's school"),
    Row("progression:import", municipality_page(members=FORBIDDEN, **SCHOOL_STAFF), kwargs=_school),
    Row("progression:import", municipality_page(members=NOT_FOUND), kwargs=_foreign_school, note="B's school"),
    Row("progression:import_preview", municipality_page(members=FORBIDDEN, **SCHOOL_STAFF), kwargs=_import),
    Row("progression:import_preview", municipality_page(members=NOT_FOUND),
        kwargs=lambda w: _import(w, "school_b1", "prog_import_b"), note="B's import"),
    Row("progression:cohort", municipality_page(), kwargs=_class),
    Row("progression:cohort", municipality_page(members=NOT_FOUND), kwargs=_foreign_class, note="B's class"),
    Row("progression:template", municipality_page(), kwargs=lambda w: {"municipality": w.a.slug, "fmt": "csv"}),
    Row("progression:template", municipality_page(), kwargs=lambda w: {"municipality": w.a.slug, "fmt": "xlsx"},
        note="xlsx"),
    Row("progression:measure_edit", municipality_page(**DEFINERS), kwargs=_measure_kw),
    Row("progression:measure_edit", municipality_page(**DEFINERS_POST), kwargs=_measure_kw, method="post",
        data=lambda w: {"form": "edit", "name": f"Mått {next(_n)}", "kind": "test", "unit": "percent"},
        note="förvaltning corrects a measure"),
    Row("progression:measure_edit", municipality_page(**DEFINERS), kwargs=_measure_kw, method="post",
        data=lambda w: {"form": "delete"}, note="removal without the box ticked"),
    Row("progression:measure_edit", municipality_page(**{**DEFINERS, "forvaltning": NOT_FOUND,
                                                          "coordinator": NOT_FOUND}),
        kwargs=_foreign_measure, note="B's measure: 404 for those who may edit, 403 before any lookup for the rest"),
    Row("progression:class_edit", municipality_page(**SCHOOL_STAFF_EDIT), kwargs=_class,
        note="the school's own staff; another school's principal 403"),
    Row("progression:class_edit", municipality_page(**SCHOOL_STAFF_POST), kwargs=_class, method="post",
        data=lambda w: {"form": "edit", "section": f"K{next(_n)}", "cohort": 2021}, note="a class is corrected"),
    Row("progression:class_edit", municipality_page(**SCHOOL_STAFF_EDIT), kwargs=_class, method="post",
        data=lambda w: {"form": "delete"}, note="removal without the box ticked"),
    Row("progression:class_edit", municipality_page(members=NOT_FOUND), kwargs=_foreign_class, note="B's class"),
    Row("progression:class_edit", municipality_page(members=NOT_FOUND), kwargs=_foreign_class, method="post",
        data=lambda w: {"form": "delete", "delete-confirm": "on"}, note="removing B's class"),
]
