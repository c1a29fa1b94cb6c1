"""The migrations that made sharing per network keep who saw what (issue 12, point 3).

Before them a goal, a commitment or a mapping was shared "with the network": one date, seen by
every network its municipality was in. After them a row per network records it. These tests build
that old state with the migrations' own historical models, migrate forward and check that each
item is shared with exactly the networks that saw it before — no more (the point of the change),
no fewer (nothing a network had disappears).
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("goals", "0002_goal_indicators_statements"),
    ("commitments", "0001_initial"),
    ("reviews", "0002_shipped_templates"),
]
AFTER = [
    ("goals", "0003_goal_shares"),
    ("commitments", "0002_commitment_shares"),
    ("reviews", "0003_mapping_shares"),
]
WHEN = timezone.make_aware(datetime.datetime(2025, 3, 4, 10, 0))


def _migrate(targets):
    """Migrate to ``targets``; the apps of the whole schema as it then is (other apps stay newer)."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def old_state():
    """The apps as they were before the change; the schema goes back to the newest at the end."""
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_world(apps):
    Municipality = apps.get_model("municipalities", "Municipality")
    Network = apps.get_model("networks", "Network")
    NetworkMembership = apps.get_model("networks", "NetworkMembership")
    Round = apps.get_model("networks", "Round")
    Meeting = apps.get_model("networks", "Meeting")
    a = Municipality.objects.create(name="Alby", slug="alby")
    b = Municipality.objects.create(name="Bro", slug="bro")
    c = Municipality.objects.create(name="Cala", slug="cala")
    n1, n2, n3 = (Network.objects.create(name=f"Nätverk {i}", slug=f"n{i}") for i in (1, 2, 3))
    for municipality, network in ((a, n1), (a, n2), (b, n1), (c, n3)):
        NetworkMembership.objects.create(municipality=municipality, network=network, joined_on=datetime.date(2024, 8, 1))
    round_n1 = Round.objects.create(network=n1, number=1, home_phase_starts=datetime.date(2025, 1, 10))
    round_n2 = Round.objects.create(network=n2, number=1, home_phase_starts=datetime.date(2025, 1, 10))
    meeting_n1 = Meeting.objects.create(round=round_n1, starts=WHEN, ends=WHEN + datetime.timedelta(hours=6))
    return a, b, (n1, n2, n3), (round_n1, round_n2), meeting_n1


def _shared_with(apps, share_model: str, field: str, pk) -> set[str]:
    Share = apps.get_model(*share_model.split("."))
    return set(Share.objects.filter(**{field: pk}).values_list("network__slug", flat=True))


def test_what_each_network_saw_before_it_sees_after_and_no_other_network_does(old_state):
    a, b, _networks, (_round_n1, round_n2), meeting_n1 = _old_world(old_state)
    Goal = old_state.get_model("goals", "Goal")
    Commitment = old_state.get_model("commitments", "Commitment")
    Mapping = old_state.get_model("reviews", "Mapping")
    Template = old_state.get_model("reviews", "Template")
    goal = dict(area="Matematik", level="namnd", starts_on=datetime.date(2024, 8, 1), target_on=datetime.date(2027, 6, 30))
    goals = {
        "a shared": Goal.objects.create(municipality=a, title="Alby delat", shared_with_network_at=WHEN, **goal).pk,
        "a private": Goal.objects.create(municipality=a, title="Alby eget", **goal).pk,
        "b shared": Goal.objects.create(municipality=b, title="Bro delat", shared_with_network_at=WHEN, **goal).pk,
    }
    due = datetime.date(2025, 6, 1)
    commitments = {
        "at n1's meeting": Commitment.objects.create(
            municipality=a, title="Från träffen", due_on=due, meeting=meeting_n1, shared_with_network_at=WHEN).pk,
        "home-made shared": Commitment.objects.create(municipality=a, title="Hemma", due_on=due, shared_with_network_at=WHEN).pk,
        "private": Commitment.objects.create(municipality=a, title="Eget", due_on=due).pk,
    }
    template = Template.objects.create(name="Mall")
    mapping = dict(municipality=a, template=template, opens_on=datetime.date(2025, 2, 1), closes_on=datetime.date(2025, 2, 20))
    mappings = {
        "of n2's round": Mapping.objects.create(title="Omgång i N2", round=round_n2, published_at=WHEN, **mapping).pk,
        "without a round": Mapping.objects.create(title="Egen", published_at=WHEN, **mapping).pk,
        "unpublished": Mapping.objects.create(title="Opublicerad", **mapping).pk,
    }

    new = _migrate(AFTER)

    assert {k: _shared_with(new, "goals.GoalShare", "goal_id", pk) for k, pk in goals.items()} == {
        "a shared": {"n1", "n2"}, "a private": set(), "b shared": {"n1"},
    }
    assert {k: _shared_with(new, "commitments.CommitmentShare", "commitment_id", pk) for k, pk in commitments.items()} == {
        "at n1's meeting": {"n1"}, "home-made shared": {"n1", "n2"}, "private": set(),
    }
    assert {k: _shared_with(new, "reviews.MappingShare", "mapping_id", pk) for k, pk in mappings.items()} == {
        "of n2's round": {"n2"}, "without a round": {"n1", "n2"}, "unpublished": set(),
    }
    GoalShare = new.get_model("goals", "GoalShare")
    assert set(GoalShare.objects.values_list("shared_at", flat=True)) == {WHEN}  # the date it was shared, kept

