"""Who sees what of the lesson visits: the picture per school is an aggregate above the threshold,
for ended terms only (the running term for the school's own principal), and förvaltning never sees
a teacher or a visit (issue 17, points 2 and 6)."""

import datetime

import pytest
from django.urls import reverse

from municipalities.models import Level
from teaching import selectors, services

from .. import factories as f
from .factories import adopted_rubric

pytestmark = [pytest.mark.django_db, pytest.mark.staff_personas]

TODAY = datetime.date(2026, 12, 3)  # HT 2026 runs; VT 2026 has ended


def _teachers(world, n, school=None):
    out = []
    for i in range(n):
        user = f.UserFactory(full_name=f"Lärare Nummer{i}")
        f.MembershipFactory(user=user, municipality=world.a, level=Level.LARARE, school=school or world.school_a1)
        out.append(user)
    return out


def _visits(world, teachers, *, on, scores, rubric):
    for t in teachers:
        services.visit_record(municipality=world.a, school=world.school_a1, visitor=world.user("rektor"), teacher=t,
                              visited_on=on, rubric=rubric, today=on,
                              scores={a.pk: scores[a.key] for a in rubric.aspects.all() if a.key in scores})


def _picture(world, *, running_for=frozenset(), threshold=5):
    return selectors.school_pictures(municipality=world.a, schools=[world.school_a1], threshold=threshold,
                                     running_for=set(running_for), today=TODAY)[world.school_a1.pk]


def test_a_term_shows_only_with_enough_different_teachers(world):
    rubric = adopted_rubric(municipality=world.a)
    teachers = _teachers(world, 5)
    _visits(world, teachers[:4], on=datetime.date(2026, 3, 10), scores={"studiero": 2}, rubric=rubric)
    # Four more visits to the same four teachers: still four people, nothing shown.
    _visits(world, teachers[:4], on=datetime.date(2026, 4, 10), scores={"studiero": 4}, rubric=rubric)
    vt = next(c for c in _picture(world).terms if c.term == "2026-1")
    assert vt.visits == 8 and vt.teachers == 4 and not vt.shown
    row = next(r for r in _picture(world).rows if r.key == "studiero")
    assert not any(c.shown for c in row.cells)
    _visits(world, teachers[4:], on=datetime.date(2026, 5, 10), scores={"studiero": 4}, rubric=rubric)
    picture = _picture(world)
    row = next(r for r in picture.rows if r.key == "studiero")
    cell = row.cells[[c.term for c in picture.terms].index("2026-1")]
    assert cell.shown and cell.mean == pytest.approx((2 * 4 + 4 * 5) / 9)


def test_an_aspect_scored_for_too_few_teachers_is_hidden_though_the_term_shows(world):
    rubric = adopted_rubric(municipality=world.a)
    teachers = _teachers(world, 6)
    _visits(world, teachers[:2], on=datetime.date(2026, 3, 10), scores={"studiero": 1, "tydlig-struktur": 3},
            rubric=rubric)
    _visits(world, teachers[2:], on=datetime.date(2026, 3, 11), scores={"tydlig-struktur": 3}, rubric=rubric)
    picture = _picture(world)
    i = [c.term for c in picture.terms].index("2026-1")
    by_key = {r.key: r.cells[i] for r in picture.rows}
    assert picture.terms[i].shown
    assert by_key["tydlig-struktur"].shown and not by_key["studiero"].shown


def test_the_running_term_shows_only_to_the_schools_principal(world):
    rubric = adopted_rubric(municipality=world.a)
    _visits(world, _teachers(world, 5), on=datetime.date(2026, 10, 1), scores={"studiero": 3}, rubric=rubric)
    assert not _picture(world).terms[-1].shown
    assert _picture(world).terms[-1].reason
    assert _picture(world, running_for={world.school_a1.pk}).terms[-1].shown


def test_strengths_and_development_areas_from_the_latest_shown_term(world):
    rubric = adopted_rubric(municipality=world.a)
    _visits(world, _teachers(world, 5), on=datetime.date(2026, 3, 10),
            scores={"tydlig-struktur": 4, "studiero": 3, "varje-elev-aktiv": 2, "formativ-aterkoppling": 1},
            rubric=rubric)
    picture = _picture(world)
    assert picture.latest_shown.term == "2026-1"
    assert picture.strengths == ["Tydlig struktur", "Studiero"]
    assert picture.development_areas == ["Varje elev aktiv", "Formativ återkoppling"]


def test_versions_with_different_scales_are_put_on_the_current_scale(world):
    v1 = adopted_rubric(municipality=world.a)  # four steps
    teachers = _teachers(world, 5)
    _visits(world, teachers, on=datetime.date(2026, 3, 10), scores={"studiero": 4}, rubric=v1)  # the top
    v2 = services.rubric_create(municipality=world.a, created_by=None, copy_of=v1)
    services.rubric_update(rubric=v2, title="v2", scale=["1", "2", "3", "4", "5", "6"],
                           aspects=[services.AspectData(title=a.title, key=a.key) for a in v2.aspects.all()])
    services.rubric_adopt(rubric=v2, adopted_by=None, adopted_on=datetime.date(2026, 4, 1))
    picture = _picture(world)
    row = next(r for r in picture.rows if r.key == "studiero")
    assert picture.top == 6 and row.cells[[c.term for c in picture.terms].index("2026-1")].mean == 6


def test_forvaltning_sees_the_school_but_no_teacher_and_no_visit(world, client_for, settings):
    rubric = adopted_rubric(municipality=world.a)
    teachers = _teachers(world, 5)
    _visits(world, teachers, on=datetime.date(2026, 3, 10), scores={"studiero": 2}, rubric=rubric)
    services.visit_record(municipality=world.a, school=world.school_a1, visitor=world.user("rektor"),
                          teacher=world.user("larare"), visited_on=datetime.date.today(), rubric=rubric,
                          scores={rubric.aspects.first().pk: 2}, strengths="Hemlig styrka")
    for persona in ("forvaltning", "namnd", "coordinator"):
        client = client_for(persona)
        for url in (reverse("teaching:home", kwargs={"municipality": "alby"}),
                    reverse("teaching:school", kwargs={"municipality": "alby", "school": world.school_a1.pk})):
            html = client.get(url).content.decode()
            assert "Nummer" not in html and "Larare Testsson" not in html and "Hemlig styrka" not in html, (persona, url)
            assert "/besok/" not in html


def test_a_teacher_sees_their_own_visits_and_not_a_colleagues(world, client_for):
    rubric = adopted_rubric(municipality=world.a)
    mine = services.visit_record(municipality=world.a, school=world.school_a1, visitor=world.user("rektor"),
                                 teacher=world.user("larare"), visited_on=datetime.date.today(), rubric=rubric,
                                 scores={rubric.aspects.first().pk: 2}, lesson="Min lektion")
    theirs = services.visit_record(municipality=world.a, school=world.school_a1, visitor=world.user("rektor"),
                                   teacher=world.user("colleague"), visited_on=datetime.date.today(), rubric=rubric,
                                   scores={rubric.aspects.first().pk: 2}, lesson="Kollegans lektion")
    html = client_for("larare").get(reverse("teaching:home", kwargs={"municipality": "alby"})).content.decode()
    assert "Min lektion" in html and "Kollegans lektion" not in html
    assert client_for("larare").get(reverse("teaching:visit", kwargs={"municipality": "alby", "pk": theirs.pk})
                                    ).status_code == 403
    assert client_for("colleague").get(reverse("teaching:visit", kwargs={"municipality": "alby", "pk": mine.pk})
                                       ).status_code == 403
    principal_home = client_for("rektor").get(reverse("teaching:home", kwargs={"municipality": "alby"})).content.decode()
    assert "Min lektion" in principal_home and "Kollegans lektion" in principal_home


def test_summary_for_the_quality_dialogue_uses_aggregates_only(world):
    rubric = adopted_rubric(municipality=world.a)
    _visits(world, _teachers(world, 5), on=datetime.date(2026, 3, 10),
            scores={"tydlig-struktur": 4, "formativ-aterkoppling": 1}, rubric=rubric)
    services.plan_save(school=world.school_a1, school_year=2026, focus_keys=["formativ-aterkoppling"], why="",
                       effect="Medel 3 i vår", updated_by=None)
    summary = selectors.school_teaching_summary(school=world.school_a1, today=TODAY)
    assert summary.available and summary.latest_term == "VT 2026"
    assert summary.strengths == ["Tydlig struktur"] and summary.development_areas == ["Formativ återkoppling"]
    assert summary.focus == ["Formativ återkoppling"] and summary.effect == "Medel 3 i vår"
