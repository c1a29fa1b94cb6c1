"""The pages: recording a visit keeps everything on a bad submit, the rubric's editor, the plan,
and dimension 4 on the quality start page."""

import datetime

import pytest
from django.urls import reverse

from teaching.models import LessonVisit, Rubric, TeachingPlan

from .factories import adopted_rubric, visit

pytestmark = [pytest.mark.django_db, pytest.mark.staff_personas]


def _url(name, **kw):
    return reverse(f"teaching:{name}", kwargs={"municipality": "alby", **kw})


def test_principal_records_a_visit_and_the_teacher_sees_and_comments(world, client_for):
    rubric = adopted_rubric(municipality=world.a)
    aspects = list(rubric.aspects.all())
    client = client_for("rektor")
    data = {"teacher": world.user("larare").pk, "visited_on": datetime.date.today().isoformat(), "lesson": "Ma 7B",
            f"score_{aspects[0].pk}": "3", f"score_{aspects[1].pk}": "", "strengths": "Tydlig start",
            "to_develop": "Exit ticket", "note": ""}
    response = client.post(_url("visit_new"), data)
    v = LessonVisit.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/besok/{v.pk}/?sparat=1")
    assert {s.aspect_id: s.score for s in v.scores.all()} == {aspects[0].pk: 3}
    assert v.visitor == world.user("rektor") and v.rubric == rubric
    teacher = client_for("larare")
    page = teacher.get(_url("visit", pk=v.pk)).content.decode()
    assert "Tydlig start" in page and "Inte observerat" in page
    assert teacher.post(_url("visit", pk=v.pk), {"text": "Tack!"}).status_code == 302
    assert "Tack!" in client.get(_url("visit", pk=v.pk)).content.decode()


def test_a_bad_submit_keeps_every_answer(world, client_for):
    rubric = adopted_rubric(municipality=world.a)
    aspects = list(rubric.aspects.all())
    data = {"teacher": "", "visited_on": datetime.date.today().isoformat(), "lesson": "Sv 8A",
            f"score_{aspects[2].pk}": "4", "strengths": "Alla var aktiva", "to_develop": "Mer tid",
            "note": "Bra lektion"}
    response = client_for("rektor").post(_url("visit_new"), data)
    assert response.status_code == 200 and not LessonVisit.objects.exists()
    html = response.content.decode()
    assert "Alla var aktiva" in html and "Mer tid" in html and "Bra lektion" in html and 'value="Sv 8A"' in html
    assert f'name="score_{aspects[2].pk}" value="4"' in html.replace(" checked", "") and "checked" in html
    assert 'id="id_teacher_error"' in html


def test_a_visit_needs_at_least_one_score(world, client_for):
    adopted_rubric(municipality=world.a)
    data = {"teacher": world.user("larare").pk, "visited_on": datetime.date.today().isoformat()}
    response = client_for("rektor").post(_url("visit_new"), data)
    assert response.status_code == 200 and "Bedöm minst en aspekt." in response.content.decode()


def test_forvaltning_starts_edits_and_adopts_a_rubric(world, client_for):
    client = client_for("forvaltning")
    response = client.post(_url("rubric"))
    draft = Rubric.objects.get()
    assert response["Location"] == _url("rubric_edit", pk=draft.pk)
    form = {"title": "Alby undervisning", "scale": "Inte\nDelvis\nTydligt",
            "aspekt-TOTAL_FORMS": "3", "aspekt-INITIAL_FORMS": "2", "aspekt-MIN_NUM_FORMS": "0",
            "aspekt-MAX_NUM_FORMS": "20",
            "aspekt-0-key": "tydlig-struktur", "aspekt-0-title": "Struktur", "aspekt-0-description": "Mål och avslut",
            "aspekt-1-key": "studiero", "aspekt-1-title": "", "aspekt-1-description": "",
            "aspekt-2-key": "", "aspekt-2-title": "Höga förväntningar", "aspekt-2-description": ""}
    assert client.post(_url("rubric_edit", pk=draft.pk), form).status_code == 302
    draft.refresh_from_db()
    assert draft.scale == ["Inte", "Delvis", "Tydligt"]
    assert [(a.key, a.title) for a in draft.aspects.all()] == [("tydlig-struktur", "Struktur"),
                                                                ("hoga-forvantningar", "Höga förväntningar")]
    assert client.post(_url("rubric_edit", pk=draft.pk), {"adopted_on": "2026-08-01"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_adopted
    assert "Höga förväntningar" in client_for("larare").get(_url("rubric")).content.decode()


def test_the_principal_makes_the_plan_with_an_action(world, client_for):
    adopted_rubric(municipality=world.a)
    client = client_for("rektor")
    url = _url("plan", school=world.school_a1.pk)
    assert client.post(url, {"form": "plan", "focus": ["studiero"], "why": "Oro", "effect": "Medel 3"}).status_code == 302
    plan = TeachingPlan.objects.get()
    assert plan.focus_keys == ["studiero"]
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    response = client.post(url, {"form": "action", "title": "Gemensam start", "owner": world.user("rektor").pk,
                                 "due_on": due})
    assert response.status_code == 302 and plan.commitments.get().title == "Gemensam start"
    page = client_for("forvaltning").get(_url("school", school=world.school_a1.pk)).content.decode()
    assert "Gemensam start" in page and "Medel 3" in page and "Fokus" in page


def test_quality_start_page_shows_dimension_4s_tool(world, client_for):
    html = client_for("namnd").get(reverse("quality:home", kwargs={"municipality": "alby"})).content.decode()
    assert _url("home") in html and "Ingen antagen bedömningsmatris" in html
    adopted_rubric(municipality=world.a)
    visit(municipality=world.a, school=world.school_a1, teacher=world.user("larare"))
    html = client_for("namnd").get(reverse("quality:home", kwargs={"municipality": "alby"})).content.decode()
    assert "1 lektionsbesök i år på 1 av 2 skolor" in html
