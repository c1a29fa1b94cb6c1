"""Rows for dimension 8 (competence, checklists, Visa & berätta).

Self-assessments and sessions are staff data: a person's own, their school principal's; the
school's staff and förvaltning see the school's aggregates and plan; politicians see no school's
analysis; outsiders get 404. Issue 17's personas: larare is "the teacher" (shows in the session),
colleague "another teacher of the same school", other_rektor "a principal of another school" (A2),
forvaltning, and peer/outsider "a member of another municipality".
"""

from . import FORBIDDEN, FOUND, NOT_FOUND, OK, Row, municipality_page

WRITERS_POST = {"namnd": FORBIDDEN, "rektor": FORBIDDEN, "larare": FORBIDDEN, "forvaltning": FOUND,
                "coordinator": FOUND}


def _competence(world):
    from ..competence.factories import competence

    c = world.extra.get("competence_a") or competence(municipality=world.a)
    world.extra["competence_a"] = c
    return {"municipality": world.a.slug, "pk": c.pk}


def _foreign_competence(world):
    from ..competence.factories import competence

    c = world.extra.get("competence_b") or competence(municipality=world.b)
    world.extra["competence_b"] = c
    return {"municipality": world.a.slug, "pk": c.pk}


def _checked_routine(world):
    from ..competence.factories import checked_routine

    r = world.extra.get("checked_routine_a") or checked_routine(municipality=world.a)
    world.extra["checked_routine_a"] = r
    return r


def _checklist(world):
    return {"municipality": world.a.slug, "routine": _checked_routine(world).pk}


def _school_checklist(world):
    from ..competence.factories import checked_routine

    r = world.extra.get("checked_routine_a1") or checked_routine(municipality=world.a, school=world.school_a1,
                                                                 title="Skolans rutin")
    world.extra["checked_routine_a1"] = r
    return {"municipality": world.a.slug, "routine": r.pk}


def _foreign_checklist(world):
    from ..competence.factories import checked_routine

    r = world.extra.get("checked_routine_b") or checked_routine(municipality=world.b)
    world.extra["checked_routine_b"] = r
    return {"municipality": world.a.slug, "routine": r.pk}


def _school_a1(world):
    return {"municipality": world.a.slug, "school": world.school_a1.pk}


def _school_a2(world):
    return {"municipality": world.a.slug, "school": world.school_a2.pk}


def _school_b1(world):
    return {"municipality": world.a.slug, "school": world.school_b1.pk}


def _session(world):
    """The teacher (larare) showed, a colleague at A1 checked: the principal of A1 sees it too."""
    from ..competence.factories import session, staff_member

    s = world.extra.get("session_a1")
    if s is None:
        checker = staff_member(school=world.school_a1, name="Kollega Kontroll")
        s = session(school=world.school_a1, routine_obj=_checked_routine(world), presenter=world.users["larare"],
                    checker=checker)
        world.extra["session_a1"] = s
    return {"municipality": world.a.slug, "pk": s.pk}


def _foreign_session(world):
    from ..competence.factories import checked_routine, session, staff_member

    s = world.extra.get("session_b1")
    if s is None:
        r = checked_routine(municipality=world.b)
        s = session(school=world.school_b1, routine_obj=r, presenter=world.users["peer"],
                    checker=staff_member(school=world.school_b1))
        world.extra["session_b1"] = s
    return {"municipality": world.a.slug, "pk": s.pk}


def _competence_post(world):
    return {"form": "competence", "title": "Leda kollegialt lärande", "description": ""}


def _plan_post(world):
    c = _competence(world)
    return {"plan-competence": c["pk"], "plan-title": "Kurs i formativ bedömning",
            "plan-owner": world.users["rektor"].pk, "plan-due_on": "2030-06-01"}


def _assess_post(world):
    c = _competence(world)
    return {f"level_{c['pk']}": "3", f"need_{c['pk']}": "1"}


def _session_post(world):
    r = _checked_routine(world)
    from ..competence.factories import staff_member

    other = world.extra.get("presenter_a1") or staff_member(school=world.school_a1, name="Visar Visarsson")
    world.extra["presenter_a1"] = other
    return {"routine": r.pk, "practice": "Exit tickets", "presenter": other.pk,
            "checker": world.users["larare"].pk, "held_on": "2026-11-02"}


def _check_post(world):
    items = world.extra["session_a1"].routine.checklist_items.all()
    return {**{f"result_{i.pk}": "delvis" for i in items}, "note": "Bra start"}


# Staff at school A1 (rektor, larare) see their school; förvaltning sees every school's aggregates.
SCHOOL_A1 = {"namnd": FORBIDDEN, "rektor": OK, "larare": OK, "forvaltning": OK, "coordinator": OK}
SCHOOL_A2 = {"namnd": FORBIDDEN, "rektor": FORBIDDEN, "larare": FORBIDDEN, "forvaltning": OK, "coordinator": OK}

ROWS = [
    Row("competence:home", municipality_page()),
    Row("competence:home", municipality_page(**WRITERS_POST), method="post", data=_competence_post,
        note="add a competence"),
    Row("competence:competence_edit", municipality_page(members=FORBIDDEN, forvaltning=OK, coordinator=OK),
        kwargs=_competence),
    Row("competence:competence_edit", municipality_page(members=FORBIDDEN, forvaltning=NOT_FOUND,
                                                        coordinator=NOT_FOUND),
        kwargs=_foreign_competence, note="B's competence"),
    Row("competence:assess", municipality_page(members=FORBIDDEN, rektor=OK, larare=OK),
        note="staff at a school assess themselves"),
    Row("competence:assess", municipality_page(members=FORBIDDEN, rektor=FOUND, larare=FOUND), method="post",
        data=_assess_post, note="post"),
    Row("competence:school", municipality_page(**SCHOOL_A1, other_rektor=FORBIDDEN), kwargs=_school_a1),
    Row("competence:school", municipality_page(**SCHOOL_A2, other_rektor=OK), kwargs=_school_a2,
        note="another school: not its staff"),
    Row("competence:school", municipality_page(members=NOT_FOUND), kwargs=_school_b1, note="B's school"),
    Row("competence:school", municipality_page(namnd=FORBIDDEN, rektor=FOUND, larare=FORBIDDEN, forvaltning=FOUND,
                                               coordinator=FOUND, other_rektor=FORBIDDEN),
        kwargs=_school_a1, method="post", data=_plan_post, note="the plan: principal and förvaltning"),
    Row("competence:checklist", municipality_page(), kwargs=_checklist),
    Row("competence:checklist", municipality_page(members=NOT_FOUND), kwargs=_foreign_checklist,
        note="B's routine"),
    Row("competence:checklist", municipality_page(**WRITERS_POST), kwargs=_checklist, method="post",
        data=lambda w: {"lines": "Punkt 1\nPunkt 2"}, note="a municipal routine: förvaltning writes"),
    Row("competence:checklist", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN, rektor=FOUND,
                                                  forvaltning=FOUND, coordinator=FOUND, other_rektor=FORBIDDEN),
        kwargs=_school_checklist, method="post", data=lambda w: {"lines": "Punkt 1"},
        note="the school's routine: its principal writes"),
    Row("competence:sessions", municipality_page(namnd=FORBIDDEN)),
    Row("competence:session_new", municipality_page(members=FORBIDDEN, rektor=OK, larare=OK)),
    Row("competence:session_new", municipality_page(members=FORBIDDEN, rektor=FOUND, larare=FOUND, other_rektor=OK),
        method="post", data=_session_post,
        note="a colleague records a session; A2's principal cannot name A1's staff (the form again)"),
    Row("competence:session", municipality_page(members=FORBIDDEN, rektor=OK, larare=OK, colleague=FORBIDDEN,
                                                other_rektor=FORBIDDEN), kwargs=_session,
        note="the presenter, the checker and the school's principal; not a colleague, not förvaltning"),
    Row("competence:session", municipality_page(members=NOT_FOUND), kwargs=_foreign_session, note="B's session"),
    Row("competence:session", municipality_page(members=FORBIDDEN, rektor=FOUND, other_rektor=FORBIDDEN),
        kwargs=_session, method="post", data=_check_post,
        note="the checker or the principal checks; not the presenter"),
]
