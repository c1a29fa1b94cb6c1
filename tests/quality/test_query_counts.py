"""Query counts of the quality pages stay flat as data grows (two sizes, the same count)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Level
from quality import services
from quality.models import Confirmation, Dialogue

from .. import factories as f
from .factories import adopted_principle_set, evaluation_with_chain, routine, routine_task

pytestmark = pytest.mark.django_db


def _grow(world, n: int) -> dict:
    """n more members, routines with tasks, evaluations and dialogues in municipality A."""
    ps = world.extra.get("ps") or adopted_principle_set(municipality=world.a, principles=3)
    world.extra["ps"] = ps
    today = timezone.localdate()
    for i in range(n):
        user = f.UserFactory()
        f.MembershipFactory(user=user, municipality=world.a, level=Level.LARARE, school=world.school_a1)
        Confirmation.objects.create(principle_set=ps, user=user)
        r = routine(municipality=world.a, school=world.school_a1 if i % 2 else None, title=f"Rutin {i}",
                    month=(8 + i) % 12 or 6 if (8 + i) % 12 != 7 else 8)
        r.people.add(user)
        routine_task(municipality=world.a, owner=user, routine_obj=r,
                     due_on=today - datetime.timedelta(days=5 + i), done_on=today if i % 3 else None)
    last = None
    for i in range(n):
        last = evaluation_with_chain(municipality=world.a, held_on=today - datetime.timedelta(days=100 - i),
                                     title=f"Utvärdering {i}")
        d = Dialogue.objects.create(municipality=world.a, school=world.school_a1, title=f"Dialog {i}",
                                    starts_at=timezone.now() - datetime.timedelta(days=i))
        services.dialogue_action_add(dialogue=d, created_by=None, title=f"Åtgärd {i}",
                                     owner=world.users["rektor"], due_on=today + datetime.timedelta(days=30))
    for i in range(n):
        result = services.result_add(evaluation=last, text=f"Resultat {i}")
        services.cause_add(result=result, text=f"Orsak {i}", evidence="Belägg")
    return {"ps": ps, "evaluation": last, "dialogue": d, "routine": r}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["home", "principles", "routines", "evaluations", "evaluation", "dialogues",
                                  "dialogue", "routine"])
def test_page_makes_the_same_number_of_queries_at_two_sizes(page, world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("coordinator")

    def url(objs):
        kw = {"municipality": "alby"}
        if page in ("evaluation", "dialogue", "routine"):
            kw["pk"] = objs[page].pk
        return reverse(f"quality:{page}", kwargs=kw)

    objs = _grow(world, 2)
    client.get(url(objs))  # warm: sessions, the membership cache
    small = _count(client, url(objs))
    objs = _grow(world, 8)
    large = _count(client, url(objs))
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 40
