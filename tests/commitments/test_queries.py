"""The pages' query counts do not grow with the number of commitments and updates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .factories import CommitmentFactory, FeedbackFactory, ProgressUpdateFactory, make_meeting

pytestmark = pytest.mark.django_db


def _fill(world, meeting, n: int, updates_each: int):
    for i in range(n):
        for municipality in (world.a, world.b):
            c = CommitmentFactory(
                municipality=municipality, meeting=meeting, shared_with=[meeting.round.network],
                owner=world.user("rektor") if municipality == world.a else world.user("peer"),
            )
            c.schools.set([world.school_a1] if municipality == world.a else [world.school_b1])
            FeedbackFactory(meeting=meeting, municipality=municipality, author_municipality=world.c)
            for _ in range(updates_each):
                ProgressUpdateFactory(commitment=c, author=world.user("larare"), confidence=i % 11)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def setup(world):
    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=30))
    second = make_meeting(network=world.network, number=2, starts=now + datetime.timedelta(days=30))
    return first, second


def _urls(world, second, commitment_pk):
    return {
        "list": reverse("commitments:list", kwargs={"municipality": "alby"}),
        "detail": reverse("commitments:detail", kwargs={"municipality": "alby", "pk": commitment_pk}),
        "own report-back": reverse("commitments:municipality_report_back", kwargs={"municipality": "alby"}),
        "network report-back": reverse("commitments:report_back", kwargs={"network": "natverk-norr", "meeting": second.pk}),
        "feedback": reverse("commitments:feedback_received", kwargs={"municipality": "alby"}),
    }


@pytest.mark.parametrize("page", ["list", "detail", "own report-back", "network report-back", "feedback"])
def test_query_count_is_the_same_at_two_sizes(world, client_for, setup, page, settings):
    settings.TENANT_CACHE_SECONDS = 0  # count the whole work of the page (access.cache keeps none)
    first, second = setup
    persona = "leader" if page == "network report-back" else "rektor"
    client = client_for(persona)
    _fill(world, first, 2, 1)
    from commitments.models import Commitment

    target = Commitment.objects.filter(municipality=world.a).first()
    small = _count(client, _urls(world, second, target.pk)[page])
    _fill(world, first, 15, 4)
    for _ in range(10):
        ProgressUpdateFactory(commitment=target, author=world.user("larare"))
    large = _count(client, _urls(world, second, target.pk)[page])
    assert small == large, f"{page}: {small} queries with few rows, {large} with many"
    assert small < 40
