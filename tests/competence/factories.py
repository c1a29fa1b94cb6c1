"""Dimension 8 rows for tests: a routine with a checklist, competences, answers, sessions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from competence import services
from competence.models import CheckResult, Competence, CompetenceSource, SelfAssessment, ShowAndTell
from municipalities.models import Level

from .. import factories as f
from ..quality.factories import routine


def checked_routine(*, municipality, school=None, title: str = "Kollegialt lärande", points: int = 3):
    r = routine(municipality=municipality, school=school, title=title, month=4)
    services.checklist_save(routine=r, lines=[f"Punkt {i}" for i in range(1, points + 1)])
    return r


def competence(*, municipality, title: str = "Formativ bedömning") -> Competence:
    return Competence.objects.create(municipality=municipality, title=title, source=CompetenceSource.OWN)


def staff_member(*, school, level: str = Level.LARARE, name: str = ""):
    user = f.UserFactory(**({"full_name": name} if name else {}))
    f.MembershipFactory(user=user, municipality=school.municipality, level=level, school=school)
    return user


def answer(*, competence: Competence, user, school, level: int = 2, need: int = 1) -> SelfAssessment:
    return SelfAssessment.objects.create(competence=competence, user=user, school=school, level=level, need=need)


def session(*, school, routine_obj, presenter, checker, result: str = CheckResult.SHOWN,
            held_on: datetime.date | None = None) -> ShowAndTell:
    s = services.show_and_tell_create(school=school, routine=routine_obj, presenter=presenter, checker=checker,
                                      held_on=held_on or timezone.localdate(), practice="Exit tickets")
    if result:
        items = routine_obj.checklist_items.all()
        services.show_and_tell_check(session=s, results={i.pk: (result, "") for i in items})
    return s
