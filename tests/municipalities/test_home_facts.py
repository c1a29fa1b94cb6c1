"""The municipality home reads its networks, rounds, level counts and goal counts once (issue 18).

Each panel's selector still reads on its own when called alone (the reports, the API); given what
the page read it must show exactly the same.
"""

import datetime

import pytest
from django.utils import timezone

from commitments import success
from goals.models import GoalStatus
from goals.selectors import goal_counts
from municipalities.models import Level
from municipalities.selectors import level_counts
from networks import selectors
from reports.selectors import cycle_figure_inputs
from tests.commitments.factories import CommitmentFactory, make_meeting
from tests.factories import NetworkMembershipFactory
from tests.goals.factories import GoalFactory
from tests.networks.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _two_networks_with_history(world, *, second_joined_on):
    """Alby in Nätverk Norr (held meetings, commitments) and, joined on ``second_joined_on``, in Söder."""
    now = timezone.now()
    for n in (1, 2, 3):
        meeting = make_meeting(network=world.network, number=n, starts=now - datetime.timedelta(days=200 - 60 * n))
        RegistrationFactory(meeting=meeting, municipality=world.a, level=Level.NAMND, attended=True)
        CommitmentFactory(municipality=world.a, meeting=meeting, status="genomford")
    make_meeting(network=world.network, number=4, starts=now + datetime.timedelta(days=20))
    NetworkMembershipFactory(network=world.other_network, municipality=world.a, joined_on=second_joined_on)
    make_meeting(network=world.other_network, number=1, starts=now - datetime.timedelta(days=10))
    make_meeting(network=world.other_network, number=2, starts=now + datetime.timedelta(days=40))
    CommitmentFactory(municipality=world.a, due_on=timezone.localdate() - datetime.timedelta(days=1))
    GoalFactory(municipality=world.a, adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 4")
    GoalFactory(municipality=world.a)
    GoalFactory(municipality=world.a, status=GoalStatus.PROPOSED)


@pytest.mark.parametrize("second_joined_on", [datetime.date(2024, 1, 1), datetime.date(2026, 1, 1),
                                              datetime.date(2025, 8, 1)])  # before, after and with Norr
def test_the_panels_show_the_same_with_the_pages_reads_as_on_their_own(world, second_joined_on):
    _two_networks_with_history(world, second_joined_on=second_joined_on)
    today = timezone.localdate()
    networks = selectors.municipality_networks(municipality=world.a, today=today)
    assert [nm.network for nm in networks.memberships] == [world.network, world.other_network]  # by name
    assert [len(networks.rounds[n.pk]) for n in (world.network, world.other_network)] == [4, 2]

    assert (selectors.municipality_round_phases(municipality=world.a, networks=networks, today=today)
            == selectors.municipality_round_phases(municipality=world.a, today=today))

    # The figure follows the most recently joined network (the first by name among equals).
    assert (cycle_figure_inputs(municipality=world.a, today=today, networks=networks)
            == cycle_figure_inputs(municipality=world.a, today=today))

    on_its_own = success.municipality_success_factors(municipality=world.a)
    with_reads = success.municipality_success_factors(
        municipality=world.a, networks=networks, goals=goal_counts(municipality=world.a),
    )
    assert with_reads == on_its_own
    # The levels card takes the members per level the factors counted with the answerers.
    assert level_counts(municipality=world.a, counts=with_reads.members_per_level) == level_counts(municipality=world.a)
    responsibility = {f.label: (f.part, f.whole) for f in with_reads.responsibility.figures}
    assert responsibility["Mål antagna av nämnden"] == (1, 2)  # the proposal is no goal yet


def test_the_home_reads_each_once(world, client_for, get_cold):
    _two_networks_with_history(world, second_joined_on=datetime.date(2026, 1, 1))
    # 13: the success factors are three queries (the attendance, the mappings' ids, the counts),
    # and count the levels card's members; the mapping card is two (the mapping, its
    # participation), the commitments card one (issue 18).
    assert get_cold(client_for("namnd"), "/k/alby/", max_queries=13).status_code == 200
