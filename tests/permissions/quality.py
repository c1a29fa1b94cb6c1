"""Rows for the quality work (Modellen 2.0 tools): everyone in A reads; förvaltning and the
coordinator write municipal content; the principal writes the school's; outsiders get 404."""

from . import FORBIDDEN, FOUND, NOT_ALLOWED, NOT_FOUND, OK, Row, municipality_page, network_page

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
    Row("quality:routine_edit", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN, other_rektor=FORBIDDEN),
        kwargs=_school_routine,
        note="the principal's school's routine"),
    Row("quality:tasks_generate", municipality_page(**WRITERS_POST), method="post"),
    Row("quality:task", municipality_page(), kwargs=_task),
    Row("quality:task", municipality_page(namnd=FORBIDDEN, rektor=FORBIDDEN, larare=FOUND, colleague=FORBIDDEN,
                                          forvaltning=FOUND, coordinator=FOUND), kwargs=_task, method="post",
        data=lambda w: {"done": "on", "comment": "Klart"}, note="owner and writers tick"),
    Row("quality:clock_pdf", municipality_page(namnd=FORBIDDEN, larare=FORBIDDEN, rektor=FOUND, forvaltning=FOUND,
                                               coordinator=FOUND), method="post"),
]


def _evaluation(world):
    from ..quality.factories import evaluation_with_chain

    ev = world.extra.get("ev_a") or evaluation_with_chain(municipality=world.a)
    world.extra["ev_a"] = ev
    return {"municipality": world.a.slug, "pk": ev.pk}


def _school_evaluation(world):
    from ..quality.factories import evaluation_with_chain

    ev = world.extra.get("ev_a1") or evaluation_with_chain(municipality=world.a, school=world.school_a1)
    world.extra["ev_a1"] = ev
    return {"municipality": world.a.slug, "pk": ev.pk}


def _foreign_evaluation(world):
    from ..quality.factories import evaluation_with_chain

    ev = world.extra.get("ev_b") or evaluation_with_chain(municipality=world.b)
    world.extra["ev_b"] = ev
    return {"municipality": world.a.slug, "pk": ev.pk}


def _template(world):
    from quality.models import EvaluationTemplate

    t = world.extra.get("evt_a") or EvaluationTemplate.objects.create(municipality=world.a, name="Mall",
                                                                      headings="Resultat: Vad ser vi?")
    world.extra["evt_a"] = t
    return {"municipality": world.a.slug, "pk": t.pk}


def _dialogue(world):
    from ..quality.factories import dialogue

    d = world.extra.get("dlg_a") or dialogue(municipality=world.a, school=world.school_a1)
    world.extra["dlg_a"] = d
    return {"municipality": world.a.slug, "pk": d.pk}


def _foreign_dialogue(world):
    from ..quality.factories import dialogue

    d = world.extra.get("dlg_b") or dialogue(municipality=world.b)
    world.extra["dlg_b"] = d
    return {"municipality": world.a.slug, "pk": d.pk}


SCHOOL_WRITERS_POST = {"namnd": FORBIDDEN, "larare": FORBIDDEN, "rektor": FOUND, "forvaltning": FOUND,
                       "coordinator": FOUND, "other_rektor": FORBIDDEN}

ROWS += [
    Row("quality:evaluations", municipality_page()),
    Row("quality:evaluation_template_new", municipality_page(members=FORBIDDEN, **WRITERS)),
    Row("quality:evaluation_template", municipality_page(members=FORBIDDEN, **WRITERS), kwargs=_template),
    Row("quality:evaluation", municipality_page(), kwargs=_evaluation),
    Row("quality:evaluation", municipality_page(members=NOT_FOUND), kwargs=_foreign_evaluation,
        note="B's evaluation"),
    Row("quality:evaluation", municipality_page(**WRITERS_POST), kwargs=_evaluation, method="post",
        data=lambda w: {"form": "result", "result-text": "Läsförståelsen i åk 3 sjönk"},
        note="a municipal evaluation: förvaltning writes"),
    Row("quality:evaluation", municipality_page(**SCHOOL_WRITERS_POST), kwargs=_school_evaluation, method="post",
        data=lambda w: {"form": "result", "result-text": "Närvaron steg"},
        note="the principal's school's evaluation"),
    Row("quality:dialogues", municipality_page()),
    Row("quality:dialogue", municipality_page(), kwargs=_dialogue),
    Row("quality:dialogue", municipality_page(members=NOT_FOUND), kwargs=_foreign_dialogue, note="B's dialogue"),
    Row("quality:dialogue", municipality_page(**SCHOOL_WRITERS_POST), kwargs=_dialogue, method="post",
        data=lambda w: {"form": "minutes", "agenda": "1. Läget", "minutes": "Vi kom överens."},
        note="the school's principal and förvaltning write minutes"),
    Row("quality:dialogue_ical", municipality_page(), kwargs=_dialogue),
]


def _shared_routine_b(world):
    """B's routine shared with network N (members of A and B and N's leader read it)."""
    from quality.models import RoutineShare

    from ..quality.factories import routine

    r = world.extra.get("shared_b")
    if r is None:
        r = routine(municipality=world.b, title="Resultatdialog")
        RoutineShare.objects.create(routine=r, network=world.network)
        world.extra["shared_b"] = r
    return {"network": world.network.slug, "kind": "rutin", "pk": r.pk}


def _unshared_routine_b(world):
    from ..quality.factories import routine

    r = world.extra.get("unshared_b") or routine(municipality=world.b, title="Hemlig")
    world.extra["unshared_b"] = r
    return {"network": world.network.slug, "kind": "rutin", "pk": r.pk}


def _share_routine_a(world):
    return {"municipality": world.a.slug, "kind": "rutin", "pk": _routine(world)["pk"]}


ROWS += [
    Row("quality:share", municipality_page(**WRITERS_POST), kwargs=_share_routine_a, method="post",
        data=lambda w: {"networks": [w.network.pk]}),
    Row("quality:network_examples", network_page()),
    Row("quality:network_example", network_page(), kwargs=_shared_routine_b),
    Row("quality:network_example", network_page(members=NOT_FOUND, leader=NOT_FOUND), kwargs=_unshared_routine_b,
        note="not shared: not found"),
    # Copying into one's own municipality: A's förvaltning and coordinator; B's teacher has no right.
    Row("quality:example_copy", network_page(members=FORBIDDEN, leader=FORBIDDEN, forvaltning=FOUND, coordinator=FOUND),
        kwargs=_shared_routine_b, method="post", data=lambda w: {"into": w.a.pk}),
]
