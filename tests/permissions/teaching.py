"""Rows for the teaching-quality tool (issue 17, point 2; dimension 4).

Lesson visits are staff data: a visit of larare (school A1) by rektor is seen by those two only;
the colleague at A1, A2's principal and förvaltning get 403; other municipalities 404. A school's
picture and plan: its own staff and förvaltning, the board and the coordinator (aggregates only);
A2's principal gets 403 for A1. Förvaltning writes the rubric; principals record visits.
"""

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, municipality_page

RUBRIC_WRITERS = {"forvaltning": OK, "coordinator": OK}
NOBODY_ELSE_IN_A = {"namnd": FORBIDDEN, "forvaltning": FORBIDDEN, "coordinator": FORBIDDEN, "rektor": FORBIDDEN,
                    "larare": FORBIDDEN, "colleague": FORBIDDEN, "other_rektor": FORBIDDEN}


def _rubric(world):
    from ..teaching.factories import adopted_rubric

    r = world.extra.get("teaching_rubric_a") or adopted_rubric(municipality=world.a)
    world.extra["teaching_rubric_a"] = r
    return r


def _with_rubric(world):
    _rubric(world)
    return {}


def _draft(world):
    from teaching.services import rubric_create

    _rubric(world)
    d = world.extra.get("teaching_draft_a") or rubric_create(municipality=world.a, created_by=None,
                                                             copy_of=_rubric(world))
    world.extra["teaching_draft_a"] = d
    return {"municipality": world.a.slug, "pk": d.pk}


def _foreign_rubric(world):
    from ..teaching.factories import adopted_rubric

    r = world.extra.get("teaching_rubric_b") or adopted_rubric(municipality=world.b)
    world.extra["teaching_rubric_b"] = r
    return {"municipality": world.a.slug, "pk": r.pk}


def _visit(world):
    from ..teaching.factories import visit

    _rubric(world)
    v = world.extra.get("teaching_visit_a") or visit(municipality=world.a, school=world.school_a1,
                                                     teacher=world.user("larare"), visitor=world.user("rektor"))
    world.extra["teaching_visit_a"] = v
    return {"municipality": world.a.slug, "pk": v.pk}


def _foreign_visit(world):
    from ..teaching.factories import visit

    _foreign_rubric(world)
    v = world.extra.get("teaching_visit_b") or visit(municipality=world.b, school=world.school_b1,
                                                     teacher=world.user("peer"))
    world.extra["teaching_visit_b"] = v
    return {"municipality": world.a.slug, "pk": v.pk}


def _a1(world):
    return {"municipality": world.a.slug, "school": world.school_a1.pk}


def _a2(world):
    return {"municipality": world.a.slug, "school": world.school_a2.pk}


def _b1(world):
    return {"municipality": world.a.slug, "school": world.school_b1.pk}


SCHOOL_A1_READERS = {"namnd": OK, "forvaltning": OK, "coordinator": OK, "rektor": OK, "larare": OK, "colleague": OK,
                     "other_rektor": FORBIDDEN}
PLAN_A1_WRITERS = {"namnd": FORBIDDEN, "forvaltning": OK, "coordinator": OK, "rektor": OK, "larare": FORBIDDEN,
                   "colleague": FORBIDDEN, "other_rektor": FORBIDDEN}

ROWS = [
    Row("teaching:home", municipality_page()),
    Row("teaching:rubric", municipality_page(), kwargs=_with_rubric),
    Row("teaching:rubric", municipality_page(members=FORBIDDEN, forvaltning=FOUND, coordinator=FOUND),
        method="post", note="förvaltning starts a new version"),
    Row("teaching:rubric_edit", municipality_page(members=FORBIDDEN, **RUBRIC_WRITERS), kwargs=_draft),
    Row("teaching:rubric_edit", municipality_page(members=FORBIDDEN, forvaltning=NOT_FOUND, coordinator=NOT_FOUND),
        kwargs=_foreign_rubric, note="B's rubric: 404 for those who may edit, 403 before any lookup for the rest"),
    Row("teaching:visit_new", municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=OK),
        kwargs=_with_rubric, note="principals record visits at their school"),
    Row("teaching:visit_new", municipality_page(members=FORBIDDEN, rektor=OK, other_rektor=OK), method="post",
        kwargs=_with_rubric, data=lambda w: {}, note="an empty form is shown again"),
    Row("teaching:visit", municipality_page(**{**NOBODY_ELSE_IN_A, "larare": OK, "rektor": OK}), kwargs=_visit,
        note="the teacher visited and the school's principal only"),
    Row("teaching:visit", municipality_page(**{**NOBODY_ELSE_IN_A, "larare": FOUND}), kwargs=_visit, method="post",
        data=lambda w: {"text": "Tack, bra frågor."}, note="only the teacher visited comments"),
    Row("teaching:visit", municipality_page(members=NOT_FOUND), kwargs=_foreign_visit, note="B's visit"),
    Row("teaching:school", municipality_page(**SCHOOL_A1_READERS), kwargs=_a1,
        note="the school's staff and förvaltning; another school's principal 403"),
    Row("teaching:school", municipality_page(rektor=FORBIDDEN, larare=FORBIDDEN, colleague=FORBIDDEN, other_rektor=OK),
        kwargs=_a2, note="school A2: its principal, not A1's staff"),
    Row("teaching:school", municipality_page(members=NOT_FOUND), kwargs=_b1, note="B's school"),
    Row("teaching:plan", municipality_page(**PLAN_A1_WRITERS), kwargs=_a1),
    Row("teaching:plan", municipality_page(**{k: (FOUND if v == OK else v) for k, v in PLAN_A1_WRITERS.items()}),
        kwargs=_a1, method="post", data=lambda w: {"form": "plan", "why": "Vi vill", "effect": "Medel 3"},
        note="the plan is saved"),
    Row("teaching:plan", municipality_page(members=NOT_FOUND), kwargs=_b1, note="B's school"),
]
