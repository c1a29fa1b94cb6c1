"""The rubric's versions, recording a visit, the teacher's comment and the school's plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commitments.models import Commitment
from teaching import services
from teaching.models import LessonVisit
from teaching.selectors import current_rubric, rubric_aspects, term_before, term_of

from .factories import adopted_rubric, visit

pytestmark = [pytest.mark.django_db, pytest.mark.staff_personas]


def test_starter_rubric_has_the_four_aspects_of_the_issue_on_a_four_step_scale(world):
    rubric = services.rubric_create(municipality=world.a, created_by=world.user("forvaltning"))
    assert [a.key for a in rubric.aspects.all()] == [
        "tydlig-struktur", "studiero", "varje-elev-aktiv", "formativ-aterkoppling"]
    assert rubric.top == 4 and not rubric.is_adopted and rubric.version == 1
    assert rubric_aspects(municipality=world.a) == []  # a draft is not in force
    services.rubric_adopt(rubric=rubric, adopted_by=None, adopted_on=timezone.localdate())
    assert [a.title for a in rubric_aspects(municipality=world.a)][:2] == ["Tydlig struktur", "Studiero"]


def test_a_new_version_keeps_aspect_keys_and_visits_keep_the_version_they_used(world):
    v1 = adopted_rubric(municipality=world.a)
    old = visit(municipality=world.a, school=world.school_a1, teacher=world.user("larare"))
    v2 = services.rubric_create(municipality=world.a, created_by=None, copy_of=v1)
    aspects = [services.AspectData(title=a.title + " i klassrummet", description=a.description, key=a.key)
               for a in v2.aspects.all()]
    aspects.append(services.AspectData(title="Tydliga mål"))
    services.rubric_update(rubric=v2, title="Matris 2", scale=["Inte alls", "Lite", "Mycket", "Alltid", "Förebild"],
                           aspects=aspects)
    services.rubric_adopt(rubric=v2, adopted_by=None, adopted_on=timezone.localdate())
    assert v2.version == 2 and v2.top == 5
    assert [a.key for a in v2.aspects.all()] == [
        "tydlig-struktur", "studiero", "varje-elev-aktiv", "formativ-aterkoppling", "tydliga-mal"]
    assert current_rubric(municipality=world.a) == v2
    new = visit(municipality=world.a, school=world.school_a1, teacher=world.user("larare"))
    old.refresh_from_db()
    assert old.rubric == v1 and new.rubric == v2


def test_an_adopted_version_cannot_be_changed(world):
    v1 = adopted_rubric(municipality=world.a)
    with pytest.raises(ValidationError):
        services.rubric_update(rubric=v1, title="Ny", scale=["a", "b"], aspects=[services.AspectData(title="x")])


def test_a_draft_needs_a_scale_of_two_to_six_steps_and_an_aspect(world):
    draft = services.rubric_create(municipality=world.a, created_by=None)
    with pytest.raises(ValidationError):
        services.rubric_update(rubric=draft, title="x", scale=["bara ett"], aspects=[services.AspectData(title="a")])
    with pytest.raises(ValidationError):
        services.rubric_update(rubric=draft, title="x", scale=["a", "b"], aspects=[services.AspectData(title=" ")])


def test_a_visit_is_only_for_a_teacher_of_the_school(world):
    adopted_rubric(municipality=world.a)
    with pytest.raises(ValidationError):
        visit(municipality=world.a, school=world.school_a2, teacher=world.user("larare"))
    with pytest.raises(ValidationError):
        visit(municipality=world.a, school=world.school_a1, teacher=world.user("rektor"))


def test_a_visit_cannot_be_in_the_future_or_in_an_ended_term(world):
    rubric = adopted_rubric(municipality=world.a)
    today = datetime.date(2026, 11, 2)
    kw = {"municipality": world.a, "school": world.school_a1, "visitor": world.user("rektor"),
          "teacher": world.user("larare"), "rubric": rubric, "today": today,
          "scores": {rubric.aspects.first().pk: 3}}
    with pytest.raises(ValidationError):
        services.visit_record(visited_on=today + datetime.timedelta(days=1), **kw)
    with pytest.raises(ValidationError):
        services.visit_record(visited_on=datetime.date(2026, 6, 1), **kw)  # VT 2026 has ended
    assert services.visit_record(visited_on=datetime.date(2026, 8, 20), **kw).term == "2026-2"


def test_a_visit_refuses_a_score_outside_the_scale_or_of_another_rubric(world):
    rubric = adopted_rubric(municipality=world.a)
    other = adopted_rubric(municipality=world.b)
    kw = {"municipality": world.a, "school": world.school_a1, "visitor": None, "teacher": world.user("larare"),
          "visited_on": timezone.localdate()}
    with pytest.raises(ValidationError):
        services.visit_record(scores={rubric.aspects.first().pk: 5}, **kw)
    with pytest.raises(ValidationError):
        services.visit_record(scores={other.aspects.first().pk: 2}, **kw)
    assert not LessonVisit.objects.exists()


def test_only_the_teacher_visited_comments(world):
    v = visit(municipality=world.a, school=world.school_a1, teacher=world.user("larare"))
    with pytest.raises(ValidationError):
        services.visit_comment(visit=v, teacher=world.user("colleague"), text="Hej")
    services.visit_comment(visit=v, teacher=world.user("larare"), text="Tack!")
    v.refresh_from_db()
    assert v.teacher_comment == "Tack!" and v.teacher_commented_at is not None


def test_a_plans_action_is_a_commitment_for_the_school(world):
    plan = services.plan_save(school=world.school_a1, school_year=2026, focus_keys=["studiero"], why="",
                              effect="Medel 3", updated_by=world.user("rektor"))
    c = services.plan_action_add(plan=plan, created_by=world.user("rektor"), title="Svarskort",
                                 owner=world.user("rektor"), due_on=timezone.localdate())
    assert Commitment.objects.get() == c
    assert list(c.schools.all()) == [world.school_a1] and c.levels == ["rektor"]
    assert list(plan.commitments.all()) == [c]
    # Saving again replaces the plan of the year, it does not add another.
    again = services.plan_save(school=world.school_a1, school_year=2026, focus_keys=[], why="", effect="",
                               updated_by=None)
    assert again.pk == plan.pk


def test_terms_follow_the_school_year():
    assert term_of(datetime.date(2026, 12, 3)) == "2026-2"
    assert term_of(datetime.date(2027, 3, 1)) == "2027-1"
    assert term_before("2027-1") == "2026-2" and term_before("2026-2") == "2026-1"
