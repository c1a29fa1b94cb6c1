"""Rows for the quality work (Modellen 2.0 tools): everyone in A reads; förvaltning and the
coordinator write municipal content; the principal writes the school's; outsiders get 404."""

from . import FORBIDDEN, FOUND, NOT_ALLOWED, NOT_FOUND, OK, Row, municipality_page

WRITERS = {"forvaltning": OK, "coordinator": OK}
# A POST that succeeds redirects back to a page.
WRITERS_POST = {"namnd": FORBIDDEN, "rektor": FORBIDDEN, "larare": FORBIDDEN, "forvaltning": FOUND,
                "coordinator": FOUND}


def _adopted(world):
    from ..quality.factories import adopted_principle_set

    ps = world.extra.get("ps_a") or adopted_principle_set(municipality=world.a)
    world.extra["ps_a"] = ps
    return ps


def _draft(world):
    from ..quality.factories import draft_principle_set

    ps = world.extra.get("draft_a") or draft_principle_set(municipality=world.a)
    world.extra["draft_a"] = ps
    return ps


def _set(world):
    return {"municipality": world.a.slug, "pk": _adopted(world).pk}


def _draft_kw(world):
    return {"municipality": world.a.slug, "pk": _draft(world).pk}


def _draft_principle(world):
    ps = _draft(world)
    return {"municipality": world.a.slug, "pk": ps.pk, "principle": ps.principles.first().pk}


def _foreign_set(world):
    from ..quality.factories import adopted_principle_set

    ps = world.extra.get("ps_b") or adopted_principle_set(municipality=world.b)
    world.extra["ps_b"] = ps
    return {"municipality": world.a.slug, "pk": ps.pk}


def _routine(world):
    from ..quality.factories import routine

    r = world.extra.get("routine_a") or routine(municipality=world.a)
    world.extra["routine_a"] = r
    return {"municipality": world.a.slug, "pk": r.pk}


def _school_routine(world):
    from ..quality.factories import routine

    r = world.extra.get("routine_a1") or routine(municipality=world.a, school=world.school_a1, title="Skolans rutin")
    world.extra["routine_a1"] = r
    return {"municipality": world.a.slug, "pk": r.pk}


def _foreign_routine(world):
    from ..quality.factories import routine

    r = world.extra.get("routine_b") or routine(municipality=world.b)
    world.extra["routine_b"] = r
    return {"municipality": world.a.slug, "pk": r.pk}


def _task(world):
    from ..quality.factories import routine_task

    t = world.extra.get("task_a") or routine_task(municipality=world.a, owner=world.users["larare"])
    world.extra["task_a"] = t
    return {"municipality": world.a.slug, "pk": t.pk}


def _document(world):
    from ..quality.factories import done_document

    d = world.extra.get("doc_a") or done_document(municipality=world.a)
    world.extra["doc_a"] = d
    return {"municipality": world.a.slug, "pk": d.pk}


def _foreign_document(world):
    from ..quality.factories import done_document

    d = world.extra.get("doc_b") or done_document(municipality=world.b)
    world.extra["doc_b"] = d
    return {"municipality": world.a.slug, "pk": d.pk}


ROWS = [
    Row("quality:home", municipality_page()),
    Row("quality:principles", municipality_page()),
    Row("quality:principles", municipality_page(**WRITERS_POST), method="post",
        data=lambda w: {"title": "Utkast", "introduction": ""}, note="post a new draft"),
    Row("quality:principle_set", municipality_page(members=FORBIDDEN, **WRITERS), kwargs=_draft_kw),
    Row("quality:principle_set", municipality_page(members=FORBIDDEN, forvaltning=NOT_FOUND, coordinator=NOT_FOUND),
        kwargs=_foreign_set, note="B's version under A's address"),
    Row("quality:principle_new", municipality_page(members=FORBIDDEN, **WRITERS), kwargs=_draft_kw),
    Row("quality:principle_edit", municipality_page(members=FORBIDDEN, **WRITERS), kwargs=_draft_principle),
    Row("quality:confirm", municipality_page(members=NOT_ALLOWED), kwargs=_set, note="GET is not allowed"),
    Row("quality:confirm", municipality_page(members=FOUND), kwargs=_set, method="post", note="post"),
    Row("quality:confirm", municipality_page(members=NOT_FOUND), kwargs=_foreign_set, method="post",
        note="B's version"),
    Row("quality:principles_remind", municipality_page(**WRITERS_POST), kwargs=_set, method="post"),
    Row("quality:poster_request", municipality_page(**WRITERS_POST), kwargs=_set, method="post"),
    Row("quality:document_download", municipality_page(), kwargs=_document),
    Row("quality:document_download", municipality_page(members=NOT_FOUND), kwargs=_foreign_document,
        note="B's document under A's address"),
    Row("quality:routines", municipality_page()),
    Row("quality:routine", municipality_page(), kwargs=_routine),
    Row("quality:routine", municipality_page(members=NOT_FOUND), kwargs=_foreign_routine, note="B's routine"),
    Row("quality:routine_new", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN)),
    Row("quality:routine_edit", municipality_page(members=FORBIDDEN, **WRITERS), kwargs=_routine,
        note="a municipal routine"),
    Row("quality:routine_edit", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN), kwargs=_school_routine,
        note="the principal's school's routine"),
    Row("quality:tasks_generate", municipality_page(**WRITERS_POST), method="post"),
    Row("quality:task", municipality_page(), kwargs=_task),
    Row("quality:task", municipality_page(namnd=FORBIDDEN, rektor=FORBIDDEN, larare=FOUND, forvaltning=FOUND,
                                          coordinator=FOUND), kwargs=_task, method="post",
        data=lambda w: {"done": "on", "comment": "Klart"}, note="owner and writers tick"),
    Row("quality:clock_pdf", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN, rektor=FOUND, forvaltning=FOUND,
                                               coordinator=FOUND), method="post"),
]
