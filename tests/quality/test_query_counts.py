"""Query counts of the quality pages stay flat as data grows (two sizes, the same count)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from municipalities.models import Level
from quality import services
from quality.models import (
    Confirmation,
    Dialogue,
    EvaluationTemplateShare,
    Principle,
    RoutineShare,
    Source,
)

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
        p = Principle.objects.create(principle_set=ps, title=f"Princip {i}", classroom="Så", position=10 + i)
        Source.objects.create(principle=p, author="Wiliam, D.", title=f"Källa {i}", year=2011)
    # Examples B shares with the network, one of which A copied; a principle set of B's that grows.
    shared = world.extra.get("shared_ps") or adopted_principle_set(municipality=world.b, principles=1)
    world.extra["shared_ps"] = shared
    shared.shares.get_or_create(network=world.network)
    template = None
    for i in range(n):
        p = Principle.objects.create(principle_set=shared, title=f"Delad princip {i}", classroom="Så", position=10 + i)
        Source.objects.create(principle=p, author="Hattie, J.", title=f"Källa {i}", year=2009)
        b_routine = routine(municipality=world.b, title=f"Delad rutin {i}", month=9)
        RoutineShare.objects.create(routine=b_routine, network=world.network)
        b_template = services.evaluation_template_save(municipality=world.b, name=f"Mall {i}", headings="Resultat\nOrsaker")
        EvaluationTemplateShare.objects.create(evaluation_template=b_template, network=world.network)
        template = services.evaluation_template_save(municipality=world.a, name=f"Vår mall {i}",
                                                     headings="Resultat: Vad?\nOrsaker: Varför?")
    return {"ps": ps, "evaluation": last, "dialogue": d, "routine": r, "task": r.tasks.first(),
            "principle_set": ps, "evaluation_template": template, "network_example": shared}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Every page of quality/urls.py that answers GET (the rest are POST-only actions, or a file).
PAGES = ["home", "principles", "principle_set", "routines", "routine", "task", "evaluations", "evaluation",
         "evaluation_template", "dialogues", "dialogue", "dialogue_ical", "network_examples", "network_example"]


def test_every_page_of_the_app_is_counted():
    """A new GET page of quality/ joins PAGES (or is named here as not a page)."""
    from quality import urls

    not_pages = {"confirm", "principles_remind", "poster_request", "principle_new", "principle_edit",
                 "routine_new", "routine_edit", "tasks_generate", "clock_pdf", "evaluation_template_new",
                 "share", "example_copy", "document_download"}
    assert {p.name for p in urls.urlpatterns} - not_pages == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_makes_the_same_number_of_queries_at_two_sizes(page, world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("coordinator")

    def url(objs):
        if page == "network_examples":
            return reverse("quality:network_examples", kwargs={"network": world.network.slug})
        if page == "network_example":
            return reverse("quality:network_example",
                           kwargs={"network": world.network.slug, "kind": "grund", "pk": objs[page].pk})
        kw = {"municipality": "alby"}
        if page in ("evaluation", "dialogue", "routine", "task", "principle_set", "evaluation_template"):
            kw["pk"] = objs[page].pk
        if page == "dialogue_ical":
            kw["pk"] = objs["dialogue"].pk
        return reverse(f"quality:{page}", kwargs=kw)

    objs = _grow(world, 2)
    client.get(url(objs))  # warm: sessions, the membership cache
    small = _count(client, url(objs))
    objs = _grow(world, 8)
    large = _count(client, url(objs))
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 40
