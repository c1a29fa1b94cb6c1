"""The report-back's commitments (``commitments_for_report_back``) with their latest update, read in
one query (issue 18): the latest by day, then by when it was written; long texts shortened."""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import Truncator

from access.tenant import resolve_network
from commitments import selectors
from commitments.models import ProgressUpdate

from .factories import CommitmentFactory, ProgressUpdateFactory, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    second = make_meeting(network=world.network, number=2, starts=now + datetime.timedelta(days=5))
    return first, second


def _update(commitment, author, *, days_ago: int, written_ago: int, **kw) -> ProgressUpdate:
    update = ProgressUpdateFactory(commitment=commitment, author=author,
                                   done_on=timezone.localdate() - datetime.timedelta(days=days_ago), **kw)
    ProgressUpdate.objects.filter(pk=update.pk).update(created=timezone.now() - datetime.timedelta(hours=written_ago))
    return update


def test_each_commitment_comes_with_its_latest_update(world, meeting):
    first, second = meeting
    author = world.user("larare")
    shared = {"municipality": world.a, "meeting": first, "shared_with": [world.network]}
    several = CommitmentFactory(title="Flera", **shared)
    _update(several, author, days_ago=1, written_ago=1, text="Tidigare dag, skriven sist", confidence=9)
    _update(several, author, days_ago=0, written_ago=5, text="Samma dag, skriven först", confidence=2)
    _update(several, author, days_ago=0, written_ago=3, text="Senast <b>&</b>", confidence=None)
    long = CommitmentFactory(title="Lång", **shared)
    _update(long, author, days_ago=2, written_ago=1, text="ord " * 100, confidence=0)
    CommitmentFactory(title="Ingen", **shared)
    ctx = resolve_network(user=world.user("leader"), slug=world.network.slug)

    items = {c.title: c for c in selectors.commitments_for_report_back(
        meeting=second, municipality_ids=[world.a.pk, world.b.pk], network_ctx=ctx)}

    latest = items["Flera"]
    assert (latest.has_update, latest.update_on, latest.update_confidence, latest.update_text) == (
        True, timezone.localdate(), None, "Senast <b>&</b>")
    assert latest.is_reported
    shortened = items["Lång"]
    assert shortened.update_text == Truncator("ord " * 100).chars(selectors.REPORT_BACK_TEXT_CHARS)
    assert len(shortened.update_text) == selectors.REPORT_BACK_TEXT_CHARS
    assert (shortened.update_confidence, shortened.update_on) == (0, timezone.localdate() - datetime.timedelta(days=2))
    none = items["Ingen"]
    assert (none.has_update, none.update_on, none.update_confidence, none.update_text) == (False, None, None, "")
    assert none.is_unreported


def test_the_commitments_and_their_updates_are_one_query(world, meeting, django_assert_num_queries):
    first, second = meeting
    for municipality in (world.a, world.b):
        for i in range(3):
            c = CommitmentFactory(municipality=municipality, meeting=first, shared_with=[world.network])
            for _ in range(i):
                ProgressUpdateFactory(commitment=c, author=world.user("larare"))
    ctx = resolve_network(user=world.user("leader"), slug=world.network.slug)
    window = selectors.report_back_window(meeting=second)
    with django_assert_num_queries(1):
        items = selectors.commitments_for_report_back(
            meeting=second, municipality_ids=[world.a.pk, world.b.pk], network_ctx=ctx, window=window)
    assert len(items) == 6 and sum(c.has_update for c in items) == 4


def test_an_update_of_another_municipalitys_commitment_is_never_read(world, meeting):
    first, second = meeting
    mine = CommitmentFactory(municipality=world.a, meeting=first, shared_with=[world.network])
    theirs = CommitmentFactory(municipality=world.c, created=timezone.now() - datetime.timedelta(days=10))
    ProgressUpdateFactory(commitment=theirs, author=world.user("outsider"), text="Cby:s")
    ctx = resolve_network(user=world.user("leader"), slug=world.network.slug)
    items = selectors.commitments_for_report_back(
        meeting=second, municipality_ids=[world.a.pk, world.b.pk, world.c.pk], network_ctx=ctx)
    assert [c.pk for c in items] == [mine.pk]
    assert not items[0].has_update


def test_the_roles_are_the_levels_labels_and_the_owner(world, meeting):
    first, second = meeting
    shared = {"municipality": world.a, "meeting": first, "shared_with": [world.network]}
    CommitmentFactory(title="Två", levels=["rektor", "larare"], owner=world.user("rektor"), **shared)
    CommitmentFactory(title="Samma två", levels=["rektor", "larare"], **shared)
    CommitmentFactory(title="Ingen nivå", levels=[], **shared)
    CommitmentFactory(title="Okänd nivå", levels=["okand", "namnd"], **shared)
    items = {c.title: c for c in selectors.commitments_for_report_back(meeting=second, municipality_ids=[world.a.pk])}
    owner = world.user("rektor").full_name
    assert items["Två"].roles == f"Rektor, Lärare · {owner}"
    assert items["Samma två"].roles == "Rektor, Lärare"
    assert items["Ingen nivå"].roles == ""
    assert items["Okänd nivå"].roles == "Nämnd (politiker)"


def test_the_window_names_the_previous_meeting_in_one_query(world, meeting, django_assert_num_queries):
    first, second = meeting
    with django_assert_num_queries(1):
        window = selectors.report_back_window(meeting=second)
    assert window.previous == (first.pk, first.starts, 1)
    assert window.previous.round_number == 1 and window.starts == first.starts
    alone = selectors.report_back_window(meeting=first)
    assert alone.previous is None
    assert timezone.localtime(alone.starts).date() == first.round.home_phase_starts


def test_the_report_back_is_two_queries_with_the_window_and_lists_every_member(world, meeting, django_assert_num_queries):
    first, second = meeting
    CommitmentFactory(municipality=world.a, meeting=first, shared_with=[world.network])
    window = selectors.report_back_window(meeting=second)
    with django_assert_num_queries(2):
        rows = selectors.report_back(meeting=second, window=window)
    assert [(r.municipality.pk, r.municipality.name, r.municipality.slug) for r in rows] == [
        (world.a.pk, world.a.name, world.a.slug), (world.b.pk, world.b.name, world.b.slug)]
    assert [len(r.commitments) for r in rows] == [1, 0]


def test_the_page_names_the_previous_round(world, meeting, client_for):
    from django.urls import reverse

    first, second = meeting
    url = reverse("commitments:report_back", kwargs={"network": world.network.slug, "meeting": second.pk})
    assert "Omfattar åtaganden från träffen i omgång 1 och de som" in client_for("leader").get(url).content.decode()
    url = reverse("commitments:report_back", kwargs={"network": world.network.slug, "meeting": first.pk})
    assert "Omfattar åtaganden som gjorts på hemmaplan under omgångens hemmafas." in (
        client_for("leader").get(url).content.decode())
