"""Query counts of dimension 8's pages stay flat from a small municipality to one of national scale
(tests/national_scale.py): staff, competences, answers, sessions and plans at every school."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competence import services
from municipalities.models import School

from .. import factories as f
from ..national_scale import SCHOOLS, SMALL_SCHOOLS
from .factories import answer, checked_routine, competence, session, staff_member

pytestmark = pytest.mark.django_db


def _grow(world, schools: int, n: int = 3) -> dict:
    """``schools`` more schools, each with two staff who answer every competence, a Visa & berätta
    session and a plan action; at A1 n more teachers, n more competences answered by all of A1,
    sessions and plan actions."""
    routines = [checked_routine(municipality=world.a, title=f"Rutin {len(world.extra)}-{i}") for i in range(2)]
    world.extra[f"grow{len(world.extra)}"] = True
    comps = [competence(municipality=world.a, title=f"Kompetens {len(world.extra)}-{i}") for i in range(n)]
    teachers = [staff_member(school=world.school_a1) for _ in range(n)]
    for _ in range(schools):
        school = f.SchoolFactory(municipality=world.a)
        staff = [staff_member(school=school) for _ in range(2)]
        for user in staff:
            for c in comps:
                answer(competence=c, user=user, school=school)
        session(school=school, routine_obj=routines[0], presenter=staff[0], checker=staff[1])
        services.plan_action_add(school=school, competence=comps[0], created_by=None, title="Åtgärd",
                                 owner=staff[1], due_on=datetime.date(2030, 1, 1))
    for user in [*teachers, world.users["larare"]]:
        for c in comps:
            answer(competence=c, user=user, school=world.school_a1)
    last = None
    for i, user in enumerate(teachers):
        last = session(school=world.school_a1, routine_obj=routines[i % 2], presenter=user,
                       checker=world.users["rektor"])
        services.plan_action_add(school=world.school_a1, competence=comps[i], created_by=None, title=f"Åtgärd {i}",
                                 owner=world.users["rektor"], due_on=datetime.date(2030, 1, 1))
    return {"session": last, "routine": routines[0], "competence": comps[0]}


PAGES = [
    ("forvaltning", "home", {}),
    ("forvaltning", "school", {"school": "a1"}),
    ("forvaltning", "sessions", {}),
    ("rektor", "school", {"school": "a1"}),
    ("rektor", "sessions", {}),
    ("rektor", "session", {"pk": "session"}),
    ("larare", "assess", {}),
    ("larare", "checklist", {"routine": "routine"}),
    ("larare", "sessions", {}),
    ("rektor", "session_new", {}),
    ("forvaltning", "competence_edit", {"pk": "competence"}),
]


def test_every_page_makes_the_same_number_of_queries_with_every_school_of_a_large_municipality(
        world, client_for, settings):
    """Every page of the tool, as who uses it: the same count with 4 schools and with 47."""
    settings.TENANT_CACHE_SECONDS = 0

    def url(page, kw, objs):
        args = {"municipality": "alby"}
        for key, value in kw.items():
            args[key] = world.school_a1.pk if value == "a1" else objs[value].pk
        return reverse(f"competence:{page}", kwargs=args)

    def counts(objs) -> dict:
        result = {}
        for persona, page, kw in PAGES:
            client = client_for(persona)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url(page, kw, objs)).status_code == 200
            result[f"{persona}-{page}"] = len(ctx.captured_queries)
        return result

    objs = _grow(world, SMALL_SCHOOLS)
    counts(objs)  # warm: sessions, the membership cache
    small = counts(objs)
    objs = _grow(world, SCHOOLS)
    assert School.objects.filter(municipality=world.a).count() >= SCHOOLS
    large = counts(objs)
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grew, f"queries with {SMALL_SCHOOLS + 2} schools and with {SCHOOLS + SMALL_SCHOOLS + 2}: {grew}"
    assert max(large.values()) <= 40, large


def test_the_quality_start_page_stays_flat_with_dimension_8(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("coordinator")
    url = reverse("quality:home", kwargs={"municipality": "alby"})
    _grow(world, SMALL_SCHOOLS)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world, SCHOOLS)
    with CaptureQueriesContext(connection) as large:
        assert "Luftfartsverket" in client.get(url).content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
