"""Query counts of the teaching pages stay flat as schools, teachers and visits grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Level
from teaching import services
from teaching.selectors import term_before, term_of

from .. import factories as f
from .factories import adopted_rubric

pytestmark = [pytest.mark.django_db, pytest.mark.staff_personas]


def _grow(world, n: int) -> None:
    """n more schools with n teachers each, and a visit to each teacher this term and last term."""
    rubric = world.extra.get("rubric") or adopted_rubric(municipality=world.a)
    world.extra["rubric"] = rubric
    today = timezone.localdate()
    last_term_day = {"1": 5, "2": 11}
    year, half = term_before(term_of(today)).split("-")
    earlier = datetime.date(int(year), last_term_day[half], 10)
    scores = {a.pk: 3 for a in rubric.aspects.all()}
    for i in range(n):
        school = f.SchoolFactory(municipality=world.a, name=f"Skola {len(world.extra)}-{i}")
        world.extra[f"school-{school.pk}"] = school
        for _j in range(n):
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


@pytest.mark.parametrize(("persona", "page"), [
    ("forvaltning", "home"), ("rektor", "home"), ("larare", "home"), ("forvaltning", "school"),
    ("rektor", "school"), ("rektor", "plan"), ("larare", "visit"), ("forvaltning", "rubric"),
    ("rektor", "visit_new"),
])
def test_page_makes_the_same_number_of_queries_at_two_sizes(persona, page, world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for(persona)
    _grow(world, 2)

    def url():
        from teaching.models import LessonVisit

        kw = {"municipality": "alby"}
        if page in ("school", "plan"):
            kw["school"] = world.school_a1.pk
        if page == "visit":
            kw["pk"] = LessonVisit.objects.filter(teacher=world.user("larare")).first().pk
        return reverse(f"teaching:{page}", kwargs=kw)

    small = _count(client, url())
    _grow(world, 6)
    assert _count(client, url()) == small


def test_quality_start_page_stays_flat_with_the_teaching_status(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("forvaltning")
    url = reverse("quality:home", kwargs={"municipality": "alby"})
    _grow(world, 2)
    small = _count(client, url)
    _grow(world, 5)
    assert _count(client, url) == small
