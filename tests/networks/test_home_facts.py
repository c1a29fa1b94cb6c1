"""The network home reads its rounds, meetings and memberships once (issue 18).

Each panel's selector still reads on its own when called alone (the reports, the API); given the
page's ``network_facts`` it must show exactly the same.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from access import cache as tenant_cache
from commitments import selectors as commitment_selectors
from commitments import success
from municipalities.models import Level, Membership
from networks import selectors
from networks.models import ProjectLeader
from reports.selectors import cycle_figure_inputs
from tests import factories as f
from tests.commitments.factories import CommitmentFactory, make_meeting

from .factories import RegistrationFactory


def _network_with_history(world):
    now = timezone.now()
    held = [
        make_meeting(network=world.network, number=n, starts=now - datetime.timedelta(days=200 - 60 * n))
        for n in (1, 2, 3)
    ]
    make_meeting(network=world.network, number=4, starts=now + datetime.timedelta(days=20))
    for meeting in held:
        for municipality in (world.a, world.b):
            RegistrationFactory(meeting=meeting, municipality=municipality, level=Level.NAMND, attended=True)
        CommitmentFactory(municipality=world.a, meeting=meeting, shared_with=[world.network], status="genomford")
    CommitmentFactory(municipality=world.b, created=now - datetime.timedelta(days=30))
    return held



def _members(*, network, memberships=None):
    """The members table as network_people gives it without the leaders."""
    return selectors.network_people(network=network, memberships=memberships, leaders=False).members


def _leaders_read_by_the_orm(*, network):
    """The project leaders as the ORM read them before network_people (the model's order, by name)."""
    return [selectors.Contact(name, email) for name, email in
            ProjectLeader.objects.filter(network=network).values_list("user__full_name", "user__email")]

def test_the_panels_show_the_same_with_the_pages_facts_as_on_their_own(world):
    held = _network_with_history(world)
    facts = selectors.network_facts(network=world.network)
    today = timezone.localdate()

    alone = selectors.network_rounds_panel(network=world.network)
    shared = selectors.network_rounds_panel(network=world.network, facts=facts)
    assert alone == shared
    assert shared.next_meeting.round.number == 4 and shared.completed == 3

    assert commitment_selectors.latest_meetings(network=world.network) == commitment_selectors.latest_meetings(
        network=world.network, meetings=facts.meetings) == [
            facts.meetings[3], held[2], held[1]]

    on_its_own = success.network_success_factors(network=world.network)
    with_facts = success.network_success_factors(
        network=world.network, member_ids=[m.municipality_id for m in facts.memberships], meetings=facts.meetings)
    assert with_facts == on_its_own
    persistence = {f.label: (f.part, f.whole) for f in with_facts.persistence.figures}
    assert persistence["Genomförda omgångar"][0] == 3

    assert (cycle_figure_inputs(network=world.network, today=today, facts=facts)
            == cycle_figure_inputs(network=world.network, today=today))
    members = _members(network=world.network)
    assert _members(network=world.network, memberships=facts.memberships) == members


def test_the_home_reads_each_once(world, client_for, get_cold):
    _network_with_history(world)
    # 12: the success factors are two queries (issue 18), given the page's facts; the members
    # table three and the leaders one, however many there are (see below).
    assert get_cold(client_for("leader"), "/n/natverk-norr/", max_queries=12).status_code == 200


def _grow(world, n: int) -> None:
    """``n`` more member municipalities, each with members on every level and two coordinators,
    and another project leader per municipality."""
    for i in range(n):
        municipality = f.MunicipalityFactory()
        f.NetworkMembershipFactory(network=world.network, municipality=municipality)
        for level in Level.values:
            f.MembershipFactory(municipality=municipality, level=level)
        f.MembershipFactory(municipality=municipality, level=Level.FORVALTNING, is_coordinator=True)
        f.MembershipFactory(municipality=municipality, level=Level.REKTOR, is_coordinator=True)
        f.ProjectLeaderFactory(network=world.network, user=f.UserFactory(full_name=f"Ledare {i}"))


def _queries(client, url: str) -> int:
    client.get(url)  # sessions and the stale figure's drawing out of the way
    tenant_cache.bump(everything=True)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/n/natverk-norr/", "/n/natverk-norr/medlemmar/"])
def test_the_homes_members_and_leaders_cost_no_query_per_member(world, client_for, url):
    # The members table is three queries (memberships, counts, coordinators) and the leaders one,
    # however many municipalities, people and leaders the network has (issue 18).
    _network_with_history(world)
    client = client_for("leader")
    few = _queries(client, url)
    _grow(world, 4)
    assert _queries(client, url) == few


def test_the_home_lists_leaders_and_coordinators_escaped(world, client_for):
    f.ProjectLeaderFactory(network=world.network, user=f.UserFactory(full_name="Lo <b>Ledare</b>",
                                                                     email="lo&co@example.se"))
    coordinator = Membership.objects.get(user=world.user("coordinator"))
    coordinator.user.full_name = "Sam <i>Samordnare</i>"
    coordinator.user.save()
    home = client_for("peer").get("/n/natverk-norr/").content.decode()
    assert "Lo &lt;b&gt;Ledare&lt;/b&gt; <a href=\"mailto:lo&amp;co@example.se\">lo&amp;co@example.se</a>" in home
    assert "Sam &lt;i&gt;Samordnare&lt;/i&gt;" in home and "<b>Ledare" not in home and "<i>Samordnare" not in home
    # The home shows no coordinator's address; the members page does.
    assert "coordinator@example.se" not in home
    members = client_for("leader").get("/n/natverk-norr/medlemmar/").content.decode()
    assert ("Sam &lt;i&gt;Samordnare&lt;/i&gt; <a href=\"mailto:coordinator@example.se\">coordinator@example.se</a>"
            in members)
    assert "Lo &lt;b&gt;Ledare&lt;/b&gt; <a href=\"mailto:lo&amp;co@example.se\">lo&amp;co@example.se</a>" in members


def test_a_network_without_leaders_says_so(world, client_for):
    ProjectLeader.objects.filter(network=world.network).delete()
    home = client_for("peer").get("/n/natverk-norr/").content.decode()
    assert "Ingen processledare är utsedd." in home


def test_the_members_and_leaders_read_unscoped_are_the_networks_own(world):
    """network_memberships and network_people read without the scope's filter
    (issue 18): the network names its rows, so another network's members and leaders stay out."""
    other = f.NetworkFactory(name="Annat nätverk")
    stranger = f.MunicipalityFactory(name="Främlingsby")
    f.NetworkMembershipFactory(network=other, municipality=stranger)
    f.MembershipFactory(municipality=stranger, level=Level.FORVALTNING, is_coordinator=True)
    f.ProjectLeaderFactory(network=other, user=f.UserFactory(full_name="Annan ledare"))

    memberships = selectors.network_memberships(network=world.network)
    assert stranger.pk not in {m.municipality_id for m in memberships}
    rows = _members(network=world.network, memberships=memberships)
    assert {row.membership.municipality_id for row in rows} == {m.municipality_id for m in memberships}
    assert "Annan ledare" not in [leader.name for leader in _leaders_read_by_the_orm(network=world.network)]
    assert [c.name for row in _members(network=other) for c in row.coordinators] == [
        Membership.objects.get(municipality=stranger).user.full_name]


def test_the_members_table_counts_and_coordinators_come_in_one_query(world, django_assert_num_queries):
    """network_people reads the members per level and the coordinators in one query (issue 18):
    the counts are the memberships', the coordinators by name with their addresses."""
    for name in ("Örjan Öst", "Anna Ahl"):
        f.MembershipFactory(municipality=world.a, level=Level.REKTOR, is_coordinator=True,
                            user=f.UserFactory(full_name=name))
    memberships = selectors.network_memberships(network=world.network)
    with django_assert_num_queries(1):
        rows = _members(network=world.network, memberships=memberships)
    for row in rows:
        municipality_id = row.membership.municipality_id
        mine = Membership.objects.filter(municipality_id=municipality_id)
        assert [(level, n) for level, _label, n in row.level_counts] == [
            (level, mine.filter(level=level).count()) for level in Level.values]
        assert [(c.name, c.email) for c in row.coordinators] == list(
            mine.filter(is_coordinator=True).order_by("user__full_name").values_list("user__full_name", "user__email"))
    assert any(len(row.coordinators) >= 3 for row in rows)
    assert _members(network=f.NetworkFactory(name="Tomt nätverk")) == []


def test_the_members_and_the_leaders_come_in_one_query(world, django_assert_num_queries):
    """network_people: the members table and the project leaders (by name) in one query, the same
    as read without the leaders and with the ORM, another network's leaders left out (issue 18)."""
    f.ProjectLeaderFactory(network=world.network, user=f.UserFactory(full_name="Åsa Ek"))
    f.ProjectLeaderFactory(network=world.network, user=f.UserFactory(full_name="Adam Berg"))
    other = f.NetworkFactory(name="Annat nätverk")
    f.ProjectLeaderFactory(network=other, user=f.UserFactory(full_name="Annan ledare"))
    memberships = selectors.network_memberships(network=world.network)
    with django_assert_num_queries(1):
        people = selectors.network_people(network=world.network, memberships=memberships)
    assert people.members == _members(network=world.network)
    assert people.leaders == _leaders_read_by_the_orm(network=world.network)
    assert len(people.leaders) >= 3 and "Annan ledare" not in [leader.name for leader in people.leaders]
    # A network without members still lists its leaders.
    assert selectors.network_people(network=other) == selectors.NetworkPeople(
        members=[], leaders=_leaders_read_by_the_orm(network=other))
