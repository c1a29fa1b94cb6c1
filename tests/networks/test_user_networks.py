"""The networks a person can open (start page, its tenant scope), and where a municipality stands in each."""

import datetime

import pytest
from django.utils import timezone

from access.crosstenant import user_tenants
from networks.crosstenant import networks_for_user
from networks.selectors import municipality_round_phases, next_meeting

from .. import factories as f
from ..commitments.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_a_network_led_and_joined_through_a_municipality_is_listed_once(world):
    # The coordinator of Alby (a member of Nätverk Norr) also leads Nätverk Norr and Nätverk Söder.
    coordinator = world.user("coordinator")
    f.ProjectLeaderFactory(network=world.network, user=coordinator)
    f.ProjectLeaderFactory(network=world.other_network, user=coordinator)
    assert [n.name for n in networks_for_user(user=coordinator)] == ["Nätverk Norr", "Nätverk Söder"]
    assert user_tenants(coordinator).network_ids == tuple(sorted([world.network.pk, world.other_network.pk]))


def test_a_person_sees_only_the_networks_of_their_municipalities_and_the_ones_they_lead(world):
    assert [n.name for n in networks_for_user(user=world.user("larare"))] == ["Nätverk Norr"]
    assert [n.name for n in networks_for_user(user=world.user("outsider"))] == ["Nätverk Söder"]
    assert [n.name for n in networks_for_user(user=world.user("other_leader"))] == ["Nätverk Söder"]
    assert user_tenants(world.user("leader")).municipality_ids == ()


def test_the_municipality_homes_next_meeting_is_the_networks_next_meeting(world):
    now = timezone.now()
    make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=30))
    ongoing = make_meeting(network=world.network, number=2, starts=now - datetime.timedelta(hours=2))
    make_meeting(network=world.network, number=3, starts=now + datetime.timedelta(days=40))
    [(network, phase, meeting)] = municipality_round_phases(municipality=world.a)
    # A meeting that has begun but not ended is still the next one (next_meeting's rule).
    assert (network, meeting) == (world.network, ongoing) and meeting == next_meeting(network=world.network)
    assert phase.round.number == 2


def test_no_next_meeting_once_every_meeting_has_ended(world):
    make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=30))
    [(_network, phase, meeting)] = municipality_round_phases(municipality=world.a)
    assert meeting is None and next_meeting(network=world.network) is None
    assert phase.round.number == 1
