"""Query counts of the teaching pages stay flat from a small municipality to one of national scale
(tests/national_scale.py): schools, teachers, visits and plans grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Level, School
from teaching import services
from teaching.selectors import term_before, term_of

from .. import factories as f
from ..national_scale import SCHOOLS, SMALL_SCHOOLS
from .factories import adopted_rubric

pytestmark = [pytest.mark.django_db, pytest.mark.staff_personas]


def _grow(world, schools: int, teachers: int = 2) -> None:
    """``schools`` more schools with ``teachers`` teachers each, a visit to each teacher this term and
    last term, a plan per school; and more visits to larare at A1."""
    rubric = world.extra.get("rubric") or adopted_rubric(municipality=world.a)
    world.extra["rubric"] = rubric
    today = timezone.localdate()
    last_term_day = {"1": 5, "2": 11}
    year, half = term_before(term_of(today)).split("-")
    earlier = datetime.date(int(year), last_term_day[half], 10)
    scores = {a.pk: 3 for a in rubric.aspects.all()}
    for i in range(schools):
        school = f.SchoolFactory(municipality=world.a, name=f"Skola {len(world.extra)}-{i}")
        world.extra[f"school-{school.pk}"] = school
        for _j in range(teachers):
            teacher = f.UserFactory()
            f.MembershipFactory(user=teacher, municipality=world.a, level=Level.LARARE,
                                school=world.school_a1 if i == 0 else school)
            for day in (earlier, today):
                services.visit_record(municipality=world.a, school=world.school_a1 if i == 0 else school,
                                      visitor=world.user("rektor"), teacher=teacher, visited_on=day, rubric=rubric,
                                      scores=scores, today=day)
        services.visit_record(municipality=world.a, school=world.school_a1, visitor=world.user("rektor"),
                              teacher=world.user("larare"), visited_on=today, rubric=rubric, scores=scores)
        plan = services.plan_save(school=school, school_year=2026, focus_keys=["studiero"], why="", effect="",
                                  updated_by=None)
        services.plan_action_add(plan=plan, created_by=None, title=f"Åtgärd {i}", owner=world.user("rektor"),
                                 due_on=today)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("forvaltning", "home"), ("rektor", "home"), ("larare", "home"), ("forvaltning", "school"),
    ("rektor", "school"), ("rektor", "plan"), ("larare", "visit"), ("rektor", "visit"), ("forvaltning", "rubric"),
    ("forvaltning", "rubric_edit"), ("rektor", "visit_new"),
]


def test_every_page_makes_the_same_number_of_queries_with_every_school_of_a_large_municipality(
        world, client_for, settings):
    """Every page of the tool, as who uses it: the same count with 4 schools and with 47."""
    settings.TENANT_CACHE_SECONDS = 0
    _grow(world, SMALL_SCHOOLS)
    draft = services.rubric_create(municipality=world.a, created_by=None, copy_of=world.extra["rubric"])

    def url(page):
        from teaching.models import LessonVisit

        kw = {"municipality": "alby"}
        if page in ("school", "plan"):
            kw["school"] = world.school_a1.pk
        if page == "visit":
            kw["pk"] = LessonVisit.objects.filter(teacher=world.user("larare")).first().pk
        if page == "rubric_edit":
            kw["pk"] = draft.pk
        return reverse(f"teaching:{page}", kwargs=kw)

    def counts():
        return {f"{persona}-{page}": _count(client_for(persona), url(page)) for persona, page in PAGES}

    counts()  # warm: sessions, the membership cache
    small = counts()
    _grow(world, SCHOOLS)
    assert School.objects.filter(municipality=world.a).count() >= SCHOOLS
    large = counts()
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grew, f"queries with {SMALL_SCHOOLS + 2} schools and with {SCHOOLS + SMALL_SCHOOLS + 2}: {grew}"


def test_quality_start_page_stays_flat_with_the_teaching_status(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("forvaltning")
    url = reverse("quality:home", kwargs={"municipality": "alby"})
    _grow(world, SMALL_SCHOOLS)
    small = _count(client, url)
    _grow(world, SCHOOLS)
    assert _count(client, url) == small
