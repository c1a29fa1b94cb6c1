"""Dimension 8's writes: checklists, competences, self-assessment, the plan, Visa & berätta."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment
from competence import services
from competence.models import (
    ChecklistItem,
    CheckResult,
    Competence,
    CompetenceSource,
    SelfAssessment,
    SessionCheck,
)
from municipalities.models import Level

from ..quality.factories import routine
from .factories import checked_routine, competence, session, staff_member

pytestmark = pytest.mark.django_db


def test_checklist_keeps_unchanged_points_and_their_checks(world):
    r = checked_routine(municipality=world.a, school=world.school_a1)
    checker = staff_member(school=world.school_a1)
    s = session(school=world.school_a1, routine_obj=r, presenter=world.users["larare"], checker=checker)
    kept = ChecklistItem.objects.get(routine=r, text="Punkt 2")
    services.checklist_save(routine=r, lines=["Ny punkt", "Punkt 2", "  ", "Punkt 2"])
    assert list(ChecklistItem.objects.filter(routine=r).values_list("text", flat=True)) == ["Ny punkt", "Punkt 2"]
    assert ChecklistItem.objects.get(routine=r, text="Punkt 2").pk == kept.pk
    assert list(SessionCheck.objects.filter(session=s).values_list("item_id", flat=True)) == [kept.pk]


def test_competences_come_from_routines_with_a_checklist_once(world):
    checked = checked_routine(municipality=world.a)
    routine(municipality=world.a, title="Utan checklista")
    assert services.competences_from_routines(municipality=world.a) == 1
    assert services.competences_from_routines(municipality=world.a) == 0
    c = Competence.objects.get(municipality=world.a)
    assert (c.routine, c.source, c.title) == (checked, CompetenceSource.ROUTINE, checked.title)


def test_only_staff_at_a_school_assess_themselves(world):
    c = competence(municipality=world.a)
    with pytest.raises(ValidationError):
        services.self_assessment_save(municipality=world.a, user=world.users["forvaltning"], answers={c.pk: (3, 1)})
    assert services.self_assessment_save(municipality=world.a, user=world.users["larare"], answers={c.pk: (3, 1)}) == 1
    a = SelfAssessment.objects.get(user=world.users["larare"])
    assert (a.level, a.need, a.school_id) == (3, 1, world.school_a1.pk)
    # A blank answer removes it; another municipality's competence is refused.
    services.self_assessment_save(municipality=world.a, user=world.users["larare"], answers={c.pk: (None, None)})
    assert not SelfAssessment.objects.filter(user=world.users["larare"]).exists()
    foreign = competence(municipality=world.b)
    with pytest.raises(ValidationError):
        services.self_assessment_save(municipality=world.a, user=world.users["larare"], answers={foreign.pk: (3, 1)})


def test_a_plan_action_is_a_commitment_of_the_school(world):
    c = competence(municipality=world.a)
    action = services.plan_action_add(school=world.school_a1, competence=c, created_by=world.users["rektor"],
                                      title="Lärgrupp i formativ bedömning", owner=world.users["rektor"],
                                      due_on=datetime.date(2030, 6, 1))
    commitment = Commitment.objects.get(pk=action.commitment_id)
    assert commitment.owner == world.users["rektor"]
    assert list(commitment.schools.all()) == [world.school_a1]
    assert commitment.levels == [Level.REKTOR]
    with pytest.raises(ValidationError):
        services.plan_action_add(school=world.school_b1, competence=c, created_by=None, title="x",
                                 owner=world.users["peer"], due_on=datetime.date(2030, 6, 1))


def test_a_session_needs_two_people_of_the_school_and_a_checklist(world):
    r = checked_routine(municipality=world.a)
    colleague = staff_member(school=world.school_a1)
    kwargs = {"school": world.school_a1, "routine": r, "held_on": datetime.date(2026, 11, 2), "practice": "Exit"}
    with pytest.raises(ValidationError):  # the same person cannot check themselves
        services.show_and_tell_create(presenter=colleague, checker=colleague, **kwargs)
    with pytest.raises(ValidationError):  # a teacher of another municipality's school
        services.show_and_tell_create(presenter=world.users["peer"], checker=colleague, **kwargs)
    with pytest.raises(ValidationError):  # a routine without a checklist
        services.show_and_tell_create(presenter=world.users["larare"], checker=colleague,
                                      **{**kwargs, "routine": routine(municipality=world.a, title="Tom")})
    with pytest.raises(ValidationError):  # another school's routine
        other = checked_routine(municipality=world.a, school=world.school_a2, title="A2:s rutin")
        services.show_and_tell_create(presenter=world.users["larare"], checker=colleague, **{**kwargs, "routine": other})
    s = services.show_and_tell_create(presenter=world.users["larare"], checker=colleague, **kwargs)
    items = list(r.checklist_items.all())
    services.show_and_tell_check(session=s, results={items[0].pk: (CheckResult.SHOWN, ""),
                                                     items[1].pk: (CheckResult.PARTLY, "Nästan\nklart")})
    assert dict(SessionCheck.objects.filter(session=s).values_list("item_id", "note")) == {
        items[0].pk: "", items[1].pk: "Nästan klart"}
    services.show_and_tell_check(session=s, results={items[0].pk: ("", "")})
    assert SessionCheck.objects.filter(session=s).count() == 1


def test_competences_come_from_the_rubric_in_force_once_per_aspect(world):
    from ..teaching.factories import adopted_rubric

    rubric = adopted_rubric(municipality=world.a)
    aspects = list(rubric.aspects.all())
    assert aspects
    assert services.competences_from_rubric(municipality=world.a) == len(aspects)
    assert services.competences_from_rubric(municipality=world.a) == 0
    got = Competence.objects.filter(municipality=world.a, source=CompetenceSource.RUBRIC)
    assert sorted(got.values_list("source_key", flat=True)) == sorted(a.key for a in aspects)
    assert not Competence.objects.filter(municipality=world.b).exists()
