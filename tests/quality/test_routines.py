"""Dimension 2, Rutiner och årsklocka: routines, the year's tasks, ticking, overdue, follow-up."""

import datetime

import pytest
from django.urls import reverse

from quality import selectors, services
from quality.models import Routine, RoutineTask

from .factories import routine, routine_task

pytestmark = pytest.mark.django_db


def _url(name, world, **kw):
    return reverse(f"quality:{name}", kwargs={"municipality": world.a.slug, **kw})


def test_principal_writes_a_routine_for_their_school_only(world, client_for):
    rektor = client_for("rektor")
    data = {"title": "Klasskonferens", "school": world.school_a1.pk, "who_level": "larare", "month": 11,
            "steps": "Samla resultaten\nGå igenom varje elevgrupp"}
    response = rektor.post(_url("routine_new", world), data)
    assert response.status_code == 302
    r = Routine.objects.get()
    assert (r.school, r.month, r.step_list) == (world.school_a1, 11, ["Samla resultaten", "Gå igenom varje elevgrupp"])
    # Another school of the municipality, or the whole municipality, is not the principal's to write.
    response = rektor.post(_url("routine_new", world), {**data, "school": world.school_a2.pk})
    assert response.status_code == 200 and Routine.objects.count() == 1
    response = rektor.post(_url("routine_new", world), {**data, "school": ""})
    assert response.status_code == 200 and Routine.objects.count() == 1


def test_a_routine_needs_someone_and_july_is_not_offered(world, client_for):
    response = client_for("forvaltning").post(_url("routine_new", world), {"title": "X", "month": 7})
    body = response.content.decode()
    assert "Säg vem som gör det" in body and Routine.objects.count() == 0
    assert 'value="7"' not in body


def test_each_year_routines_become_dated_tasks_per_owner_once(world):
    services.routine_save(municipality=world.a, title="Lektionsbesök", month=10, who_level="rektor")
    services.routine_save(municipality=world.a, title="Resultatdialog", month=3, week=12,
                          people=[world.users["forvaltning"], world.users["coordinator"]])
    assert services.routine_tasks_generate(municipality=world.a, school_year=2026) == 3
    assert services.routine_tasks_generate(municipality=world.a, school_year=2026) == 0
    due = {(t.routine.title, t.owner.email): t.due_on for t in RoutineTask.objects.select_related("routine", "owner")}
    assert due[("Lektionsbesök", "rektor@example.se")] == datetime.date(2026, 10, 31)
    # Week 12 of spring 2027: its Friday.
    assert due[("Resultatdialog", "forvaltning@example.se")] == datetime.date(2027, 3, 26)


def test_owner_ticks_a_task_with_a_comment_and_it_leaves_the_start_page(world, client_for):
    task = routine_task(municipality=world.a, owner=world.users["larare"])
    teacher = client_for("larare")
    start = teacher.get(reverse("core:start")).content.decode()
    assert "Försenad rutin: Mitterminsutvärdering" in start
    teacher.post(_url("task", world, pk=task.pk), {"done": "on", "comment": "Gjort på APT"})
    task.refresh_from_db()
    assert task.is_done and task.comment == "Gjort på APT" and task.done_by == world.users["larare"]
    assert not task.done_in_time  # ticked after its date
    assert "Försenad rutin" not in teacher.get(reverse("core:start")).content.decode()


def test_teacher_cannot_tick_someone_elses_task(world, client_for):
    task = routine_task(municipality=world.a, owner=world.users["rektor"])
    assert client_for("larare").post(_url("task", world, pk=task.pk), {"done": "on"}).status_code == 403
    task.refresh_from_db()
    assert not task.is_done


def test_follow_up_counts_done_in_time_per_routine_and_school(world):
    today = datetime.date(2027, 3, 1)
    r1 = routine(municipality=world.a, title="Kommunens", month=9)
    r2 = routine(municipality=world.a, school=world.school_a1, title="Skolans", month=10)
    owners = [world.users[p] for p in ("namnd", "forvaltning", "rektor", "larare")]
    due = datetime.date(2026, 10, 31)
    routine_task(municipality=world.a, owner=owners[0], routine_obj=r1, due_on=due, done_on=due)
    routine_task(municipality=world.a, owner=owners[1], routine_obj=r1, due_on=due, done_on=due + datetime.timedelta(1))
    routine_task(municipality=world.a, owner=owners[2], routine_obj=r2, due_on=due)
    routine_task(municipality=world.a, owner=owners[3], routine_obj=r2, due_on=datetime.date(2027, 5, 31))  # not yet due
    follow = selectors.routine_follow_up(municipality=world.a, school_year=2026, today=today)
    assert (follow.total.due, follow.total.in_time, follow.total.done_late, follow.total.percent) == (3, 1, 1, 33)
    assert {r.label: (r.in_time, r.due) for r in follow.by_routine} == {"Kommunens": (1, 2), "Skolans": (0, 1)}
    assert {r.label: (r.in_time, r.due) for r in follow.by_school} == {"Hela kommunen": (1, 2), "Alby skola": (0, 1)}


def test_year_clock_is_an_accessible_svg_with_a_table_of_the_same_routines(world, client_for):
    routine(municipality=world.a, title="Uppstart <läsår>", month=8)
    routine(municipality=world.a, title="Läsårsutvärdering", month=6)
    body = client_for("larare").get(_url("routines", world)).content.decode()
    assert 'role="img"' in body and "<title id=\"yc-t\">" in body and "<desc" in body
    assert "Uppstart &lt;läsår&gt;" in body and "<läsår>" not in body  # escaped in the SVG and the table
    assert "Årsklockan som tabell" in body
    months = selectors.year_clock(routine_list=selectors.routines(municipality=world.a))
    assert [m.month for m in months] == [8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]


def test_owner_of_an_overdue_task_is_reminded_once_a_week(world):
    from django.core import mail

    from commitments.services import reminders_send

    task = routine_task(municipality=world.a, owner=world.users["rektor"], due_on=datetime.date(2026, 10, 31))
    routine_task(municipality=world.a, owner=world.users["larare"], due_on=datetime.date(2026, 10, 31),
                 done_on=datetime.date(2026, 10, 30))
    report = reminders_send(today=datetime.date(2026, 11, 10))
    assert report.routines == 1
    assert [m.to for m in mail.outbox] == [["rektor@example.se"]]
    assert "Försenad rutin: Mitterminsutvärdering" in mail.outbox[0].subject
    assert f"/rutiner/uppgifter/{task.pk}/" in mail.outbox[0].body
    assert reminders_send(today=datetime.date(2026, 11, 11)).routines == 0  # same week
    assert reminders_send(today=datetime.date(2026, 11, 17)).routines == 1  # next week


def _pdf_tags(reader) -> dict[str, list]:
    """The structure elements of a tagged PDF by type (their dictionaries)."""
    found: dict[str, list] = {}

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get"):
            if node.get("/S"):
                found.setdefault(str(node["/S"]), []).append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def test_year_clock_pdf_is_the_circle_and_the_same_routines_as_a_table(world, client_for,
                                                                     django_capture_on_commit_callbacks):
    """Point 2: the årsklocka in a PDF, rendered by the worker: a figure with a text alternative, and
    the table alternative with the routines numbered as the circle's dots."""
    from pypdf import PdfReader

    from quality.models import DocumentKind, DocumentStatus, QualityDocument

    routine(municipality=world.a, title="Uppstart <läsår>", month=8, week=34)
    routine(municipality=world.a, school=world.school_a1, title="Klasskonferens", month=11, who_level="larare")
    routine(municipality=world.a, title="Läsårsutvärdering", month=6)
    routine(municipality=world.b, title="Bstads egen rutin", month=9)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("forvaltning").post(_url("clock_pdf", world))
    assert response.status_code == 302
    doc = QualityDocument.objects.get(kind=DocumentKind.YEAR_CLOCK)
    assert doc.status == DocumentStatus.DONE, doc.error
    reader = PdfReader(doc.file.open("rb"))
    assert len(reader.pages) == 1
    tags = _pdf_tags(reader)
    assert [str(f.get("/Alt")) for f in tags["/Figure"]] == ["Årsklocka: läsårets rutiner från augusti till juni"]
    assert {"/Table", "/TH", "/TD", "/Caption"} <= set(tags)
    text = reader.pages[0].extract_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any(line.startswith("Augusti 1 Uppstart <läsår> (v. 34)") for line in lines), lines
    assert any(line.startswith("November 2 Klasskonferens") for line in lines), lines
    assert any(line.startswith("Juni 3 Läsårsutvärdering") for line in lines), lines
    assert "Bstads egen rutin" not in text
    # The circle numbers its dots as the table does, blue for the municipality's, green for a school's.
    months = selectors.year_clock(routine_list=selectors.routines(municipality=world.a))
    from quality.clock import MUNICIPAL_COLOUR, SCHOOL_COLOUR, draw_year_clock

    svg = draw_year_clock(months=months)
    assert "<title>2. Klasskonferens</title>" in svg and f'fill="{SCHOOL_COLOUR}"' in svg
    assert "<title>1. Uppstart &lt;läsår&gt;</title>" in svg and f'fill="{MUNICIPAL_COLOUR}"' in svg
