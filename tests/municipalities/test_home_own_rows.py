"""The municipality home's reads that name the municipality by its id, without the scope's filter
(issue 18), read the municipality's own rows only: never a neighbour's in the same network, nor
another network's."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scope

from commitments.selectors import commitment_panel
from goals.models import GoalStatus
from goals.selectors import goal_counts
from municipalities.selectors import school_list
from networks.selectors import municipality_networks
from reports.models import CycleFigure
from reports.services import cycle_figure_panel
from reviews.selectors import current_mapping
from tests.commitments.factories import CommitmentFactory, FeedbackFactory, make_meeting
from tests.goals.factories import GoalFactory
from tests.reviews.factories import make_mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(world):
    """B (A's network) and C (another network) have rows of each kind, newer or more of them."""
    today = timezone.localdate()
    world.extra["meeting"] = meeting = make_meeting(network=world.network, number=1)
    for other in (world.b, world.c):
        GoalFactory(municipality=other, status=GoalStatus.PROPOSED)
        GoalFactory(municipality=other, adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 9")
        make_mapping(other, title=f"Grannens kartläggning {other.slug}", opens_on=today - datetime.timedelta(days=1))
        CommitmentFactory(municipality=other, title=f"Grannens åtagande {other.slug}",
                          due_on=today - datetime.timedelta(days=2))
        FeedbackFactory(municipality=other, meeting=meeting)
        CycleFigure.objects.create(municipality=other, language="sv", svg=f"<svg>{other.slug}</svg>")
    make_meeting(network=world.other_network, number=1)
    CycleFigure.objects.create(network=world.network, language="sv", svg="<svg>nätverket</svg>")
    return world


def _as_the_home(world):
    return scope(municipality=world.a.pk, network=[world.network.pk])


def test_goal_and_school_counts_are_the_municipalitys_own(neighbours):
    world = neighbours
    GoalFactory(municipality=world.a)
    with _as_the_home(world):
        counts = goal_counts(municipality=world.a)
        schools = school_list(municipality=world.a)
    assert (counts.total, counts.adopted, counts.proposals) == (1, 0, 0)
    assert [s.name for s in schools] == ["Alby skola", "Albyskolan Norra"]


def test_the_mapping_and_commitments_cards_read_the_municipalitys_own(neighbours):
    world = neighbours
    today = timezone.localdate()
    with _as_the_home(world):
        assert current_mapping(municipality=world.a, network_ids=[world.network.pk]) is None
        assert commitment_panel(municipality=world.a).open_count == 0
    own = make_mapping(world.a, title="Albys kartläggning", opens_on=today - datetime.timedelta(days=20))
    CommitmentFactory(municipality=world.a, title="Albys åtagande", due_on=today - datetime.timedelta(days=1))
    FeedbackFactory(municipality=world.a, meeting=world.extra["meeting"])
    with _as_the_home(world):
        assert current_mapping(municipality=world.a, network_ids=[world.network.pk]) == own
        panel = commitment_panel(municipality=world.a)
    assert (panel.open_count, [c.title for c in panel.overdue], panel.feedback_count) == (1, ["Albys åtagande"], 1)


def test_the_networks_and_their_rounds_are_the_municipalitys_own(neighbours):
    world = neighbours
    with _as_the_home(world):
        networks = municipality_networks(municipality=world.a)
    assert [nm.municipality_id for nm in networks.memberships] == [world.a.pk]
    assert list(networks.rounds) == [world.network.pk]
    # The other network's round is not A's.
    assert [row.round.network_id for row in networks.rounds[world.network.pk]] == [world.network.pk]


def test_the_cycle_figure_is_the_pages_own_tenants(neighbours):
    world = neighbours
    with _as_the_home(world):
        assert cycle_figure_panel(municipality=world.a, language="sv", version="v").figure is None
    CycleFigure.objects.create(municipality=world.a, language="sv", svg="<svg>alby</svg>")
    CycleFigure.objects.create(municipality=world.a, language="en", svg="<svg>alby en</svg>")
    with _as_the_home(world):
        assert cycle_figure_panel(municipality=world.a, language="sv", version="v").svg == "<svg>alby</svg>"
    with scope(network=world.network.pk, municipality=[world.a.pk, world.b.pk]):
        assert cycle_figure_panel(network=world.network, language="sv", version="v").svg == "<svg>nätverket</svg>"
