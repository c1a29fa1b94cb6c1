"""Sharing is recorded per network (issue 12, "one tenant cannot harm another").

Alby (A) is in network N (with Bstad) and, here, also in network M (with Cby, led by
other_leader). What A shares with N must never reach M: not its project leader, not its other
members, not its report; and the other way round.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import services as commitment_services
from goals import services as goal_services
from goals.models import GoalShare
from municipalities.models import Level
from reports.selectors import municipality_report_inputs, network_report_ctx
from reviews import services as review_services

from ..commitments.factories import CommitmentFactory, make_meeting
from ..factories import NetworkMembershipFactory
from ..goals.factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory
from ..reviews.factories import make_mapping


@pytest.fixture
def two_networks(world):
    """A joins M: now a municipality in two networks."""
    NetworkMembershipFactory(network=world.other_network, municipality=world.a)
    return world


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_mapping_published_to_one_network_is_not_shown_to_the_other(two_networks, client_for):
    world = two_networks
    mapping = make_mapping(world.a, open_=False, title="Albys kartläggning för Norr")
    review_services.mapping_publish(mapping=mapping, by=world.user("coordinator"), networks=[world.network])

    for persona in ("leader", "peer"):
        assert "Albys kartläggning för Norr" in _text(
            client_for(persona).get(reverse("reviews:network_results", kwargs={"network": world.network.slug}))
        )
        assert client_for(persona).get(
            reverse("reviews:network_mapping", kwargs={"network": world.network.slug, "pk": mapping.pk})
        ).status_code == 200
    for persona in ("other_leader", "outsider"):
        assert "Albys kartläggning för Norr" not in _text(
            client_for(persona).get(reverse("reviews:network_results", kwargs={"network": world.other_network.slug}))
        )
        assert client_for(persona).get(
            reverse("reviews:network_mapping", kwargs={"network": world.other_network.slug, "pk": mapping.pk})
        ).status_code == 404


def test_stopping_sharing_with_one_network_keeps_it_in_the_other(two_networks, client_for):
    world = two_networks
    mapping = make_mapping(world.a, open_=False, title="Delad med båda")
    url = reverse("reviews:publish", kwargs={"municipality": world.a.slug, "pk": mapping.pk})
    client = client_for("coordinator")
    client.post(url, {"dela-networks": [world.network.pk, world.other_network.pk]})
    assert set(mapping.shares.values_list("network", flat=True)) == {world.network.pk, world.other_network.pk}
    client.post(url, {"dela-networks": [world.other_network.pk]})
    assert list(mapping.shares.values_list("network", flat=True)) == [world.other_network.pk]
    assert client_for("leader").get(
        reverse("reviews:network_mapping", kwargs={"network": world.network.slug, "pk": mapping.pk})
    ).status_code == 404
    assert client_for("other_leader").get(
        reverse("reviews:network_mapping", kwargs={"network": world.other_network.slug, "pk": mapping.pk})
    ).status_code == 200


def test_a_goal_shared_with_one_network_is_not_shown_to_the_other(two_networks, client_for):
    world = two_networks
    indicator = IndicatorFactory(name="Andel (%) som fått godkänt betyg i alla ämnen")
    goal = GoalFactory(municipality=world.a, title="Albys mål för Norr")
    goal_services.goal_set_shared(goal=goal, networks=[world.network], by=world.user("coordinator"))
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9)
    MeasurementFactory(indicator=indicator, municipality=world.a, school_year=2024, value=Decimal("61.1"), source="manual")

    page = _text(client_for("leader").get(reverse("goals:network_compare", kwargs={"network": world.network.slug})))
    assert "Albys mål för Norr" in page and "61,1" in page
    other = _text(client_for("other_leader").get(
        reverse("goals:network_compare", kwargs={"network": world.other_network.slug})
    ))
    assert "Albys mål för Norr" not in other and "61,1" not in other


def test_a_commitment_made_at_one_networks_meeting_stays_out_of_the_others_report_back(two_networks, client_for):
    world = two_networks
    now = timezone.now()
    norr = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=20))
    commitment_services.commitment_create(
        municipality=world.a, created_by=world.user("coordinator"), title="Lovat vid träffen i Norr",
        due_on=timezone.localdate() + datetime.timedelta(days=60), levels=[Level.REKTOR], meeting=norr,
    )
    # M's meeting began after the commitment was made: a home-made one would be presented there.
    soder = make_meeting(network=world.other_network, number=1, starts=now - datetime.timedelta(hours=1))

    own = _text(client_for("leader").get(
        reverse("commitments:report_back", kwargs={"network": world.network.slug, "meeting": norr.pk})
    ))
    other = _text(client_for("other_leader").get(
        reverse("commitments:report_back", kwargs={"network": world.other_network.slug, "meeting": soder.pk})
    ))
    assert "Lovat vid träffen i Norr" not in other
    # N's own report-back covers the window of the meeting after it; its network sees it shared.
    from access.context import NetworkContext
    from access.visibility import commitments_shared_with_network
    from commitments.models import Commitment

    def ctx(network, members):
        return NetworkContext(network=network, is_project_leader=True, member_municipality_ids=tuple(members))

    in_norr = commitments_shared_with_network(Commitment.objects.all(), ctx(world.network, [world.a.pk, world.b.pk]))
    in_soder = commitments_shared_with_network(
        Commitment.objects.all(), ctx(world.other_network, [world.a.pk, world.c.pk]), presented_at=soder.starts
    )
    assert [c.title for c in in_norr] == ["Lovat vid träffen i Norr"]
    assert list(in_soder) == []
    assert own  # N's page renders


def test_a_home_made_commitment_is_presented_in_each_network_when_its_meeting_begins(two_networks):
    from access.context import NetworkContext
    from access.visibility import commitments_shared_with_network
    from commitments.models import Commitment

    world = two_networks
    CommitmentFactory(municipality=world.a, title="Hemma", created=timezone.now() - datetime.timedelta(days=3))
    ctx = NetworkContext(network=world.other_network, is_project_leader=True,
                         member_municipality_ids=(world.a.pk, world.c.pk))
    assert list(commitments_shared_with_network(Commitment.objects.all(), ctx)) == []
    shown = commitments_shared_with_network(Commitment.objects.all(), ctx, presented_at=timezone.now())
    assert [c.title for c in shown] == ["Hemma"]


def test_the_network_report_keeps_to_what_was_shared_with_that_network(two_networks):
    world = two_networks
    goal = GoalFactory(municipality=world.a, title="Målet för Norr", shared_with=[world.network])
    mapping = make_mapping(world.a, open_=False, title="Kartläggningen för Norr")
    review_services.mapping_publish(mapping=mapping, by=world.user("coordinator"), networks=[world.network])
    norr = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=5))
    CommitmentFactory(municipality=world.a, title="Åtagandet i Norr", meeting=norr, shared_with=[world.network],
                      created=timezone.now() - datetime.timedelta(days=5))
    start, end = datetime.date(2024, 1, 1), timezone.localdate()

    def part(network):
        return municipality_report_inputs(municipality=world.a, start=start, end=end, networks=[network],
                                          network_ctx=network_report_ctx(network))

    for_norr = part(world.network)
    assert [entry.goal.title for entry in for_norr.goals] == [goal.title]
    assert for_norr.mapping is not None
    assert [c.title for c in for_norr.commitments] == ["Åtagandet i Norr"]

    for_soder = part(world.other_network)
    assert for_soder.goals == [] and for_soder.mapping is None and for_soder.commitments == []


def test_the_share_form_preselects_the_only_network(world, client_for):
    goal = GoalFactory(municipality=world.a, title="Ett mål")
    page = _text(client_for("coordinator").get(reverse("goals:detail", kwargs={"municipality": "alby", "pk": goal.pk})))
    assert f'name="dela-networks" value="{world.network.pk}" id="id_dela-networks_0" checked>' in page


def test_in_two_networks_nothing_is_preselected_but_a_mappings_round_network(two_networks, client_for):
    from networks.models import Round

    world = two_networks
    goal = GoalFactory(municipality=world.a, title="Ett mål")
    page = _text(client_for("coordinator").get(reverse("goals:detail", kwargs={"municipality": "alby", "pk": goal.pk})))
    assert world.other_network.name in page and world.network.name in page
    assert "checked" not in page

    round_ = Round.objects.create(network=world.other_network, number=1, home_phase_starts=timezone.localdate())
    mapping = make_mapping(world.a, open_=False, title="I Söders omgång", round=round_)
    page = _text(client_for("coordinator").get(
        reverse("reviews:results", kwargs={"municipality": "alby", "pk": mapping.pk})
    ))
    checked = [line for line in page.splitlines() if "checked" in line]
    assert len(checked) == 1 and f'value="{world.other_network.pk}"' in checked[0]


def test_sharing_with_a_network_the_municipality_is_not_in_is_refused(world, client_for):
    goal = GoalFactory(municipality=world.a, title="Ett mål")
    response = client_for("coordinator").post(
        reverse("goals:share", kwargs={"municipality": "alby", "pk": goal.pk}),
        {"dela-networks": [world.network.pk, world.other_network.pk]}, follow=True,
    )
    assert "Välj bland kommunens nätverk." in response.content.decode()
    assert not GoalShare.objects.filter(goal=goal).exists()  # nothing saved half-way
