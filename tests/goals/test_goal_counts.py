"""goals.selectors.goal_counts, counted in Python over two columns a goal (issue 18): the same
counts as the aggregate it replaces, one query, only the municipality's goals."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from goals.models import Goal, GoalStatus
from goals.selectors import goal_counts

from .factories import GoalFactory

pytestmark = pytest.mark.django_db


def _aggregate(municipality) -> dict:
    """The counts as one aggregate gave them before."""
    return Goal.objects.filter(municipality=municipality).aggregate(
        total=Count("id"),
        adopted=Count("id", filter=Q(adopted_on__isnull=False)),
        proposals=Count("id", filter=Q(status=GoalStatus.PROPOSED)),
        adopted_not_proposed=Count("id", filter=Q(adopted_on__isnull=False) & ~Q(status=GoalStatus.PROPOSED)),
    )


def test_the_counts_equal_the_aggregate_in_one_query(world):
    adopted = datetime.date(2025, 9, 1)
    assert goal_counts(municipality=world.a) == goal_counts(municipality=world.a)  # none yet: all zero
    assert _aggregate(world.a) == {"total": 0, "adopted": 0, "proposals": 0, "adopted_not_proposed": 0}
    GoalFactory.create_batch(3, municipality=world.a, adopted_on=adopted, adoption_paragraph="§ 4")
    GoalFactory.create_batch(2, municipality=world.a)
    GoalFactory.create_batch(2, municipality=world.a, status=GoalStatus.PROPOSED)
    # A proposal with an adoption day (staff in a shell could): adopted, yet no goal of the
    # municipality's, as the success factor counts it.
    GoalFactory(municipality=world.a, status=GoalStatus.PROPOSED, adopted_on=adopted, adoption_paragraph="§ 5")
    GoalFactory.create_batch(4, municipality=world.b, adopted_on=adopted, adoption_paragraph="§ 1")  # never
    with CaptureQueriesContext(connection) as captured:
        counts = goal_counts(municipality=world.a)
    assert len(captured.captured_queries) == 1
    assert "ORDER BY" not in captured.captured_queries[0]["sql"]  # the model's order joins the municipality
    expected = _aggregate(world.a)
    assert {name: getattr(counts, name) for name in expected} == expected
    assert (counts.total, counts.adopted, counts.proposals, counts.adopted_not_proposed) == (8, 4, 3, 3)
    assert counts.not_adopted == 1
    assert goal_counts(municipality=world.b).total == 4
