"""Query counts of dimension 8's pages stay flat as staff, competences, schools and sessions grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competence import services

from .. import factories as f
from .factories import answer, checked_routine, competence, session, staff_member

pytestmark = pytest.mark.django_db


def _grow(world, n: int) -> dict:
    """n more teachers at A1 and n more schools; n competences answered by all; sessions and a plan."""
    routines = [checked_routine(municipality=world.a, title=f"Rutin {len(world.extra)}-{i}") for i in range(2)]
    world.extra[f"grow{len(world.extra)}"] = True
    comps = [competence(municipality=world.a, title=f"Kompetens {len(world.extra)}-{i}") for i in range(n)]
    teachers = [staff_member(school=world.school_a1) for _ in range(n)]
    for _ in range(n):
        school = f.SchoolFactory(municipality=world.a)
        staff_member(school=school)
    for user in [*teachers, world.users["larare"]]:
        for c in comps:
            answer(competence=c, user=user, school=world.school_a1)
    last = None
    for i, user in enumerate(teachers):
        last = session(school=world.school_a1, routine_obj=routines[i % 2], presenter=user,
                       checker=world.users["rektor"])
        services.plan_action_add(school=world.school_a1, competence=comps[i], created_by=None, title=f"Åtgärd {i}",
                                 owner=world.users["rektor"], due_on=datetime.date(2030, 1, 1))
    return {"session": last, "routine": routines[0]}


PAGES = [
    ("forvaltning", "home", {}),
    ("forvaltning", "school", {"school": "a1"}),
    ("forvaltning", "sessions", {}),
    ("rektor", "school", {"school": "a1"}),
    ("rektor", "sessions", {}),
    ("rektor", "session", {"pk": "session"}),
    ("larare", "assess", {}),
    ("larare", "checklist", {"routine": "routine"}),
]


@pytest.mark.parametrize(("persona", "page", "kw"), PAGES, ids=[f"{p}-{n}" for p, n, _ in PAGES])
def test_page_makes_the_same_number_of_queries_at_two_sizes(persona, page, kw, world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for(persona)

    def url(objs):
        args = {"municipality": "alby"}
        for key, value in kw.items():
            args[key] = world.school_a1.pk if value == "a1" else objs[value].pk
        return reverse(f"competence:{page}", kwargs=args)

    def count(objs) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(objs)).status_code == 200
        return len(ctx.captured_queries)

    objs = _grow(world, 2)
    client.get(url(objs))  # warm: sessions, the membership cache
    small = count(objs)
    objs = _grow(world, 6)
    large = count(objs)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 40


def test_the_quality_start_page_stays_flat_with_dimension_8(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("coordinator")
    url = reverse("quality:home", kwargs={"municipality": "alby"})
    _grow(world, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(world, 6)
    with CaptureQueriesContext(connection) as large:
        assert "Luftfartsverket" in client.get(url).content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
