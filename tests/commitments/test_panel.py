"""commitments.selectors.commitment_panel, the municipality home's card (issue 18): the open
commitments and the feedback count in one query, the count apart only when none is open."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.selectors import commitment_panel

from .factories import CommitmentFactory, FeedbackFactory, make_meeting

pytestmark = pytest.mark.django_db


def _panel(municipality, queries: int):
    with CaptureQueriesContext(connection) as captured:
        panel = commitment_panel(municipality=municipality)
    assert len(captured.captured_queries) == queries
    return panel


def test_the_open_commitments_and_the_feedback_are_read_in_one_query(world):
    today = timezone.localdate()
    meeting = make_meeting(network=world.network, number=1)
    late = CommitmentFactory(municipality=world.a, title="B sent", due_on=today - datetime.timedelta(days=3))
    later = CommitmentFactory(municipality=world.a, title="A sent", due_on=today - datetime.timedelta(days=3))
    CommitmentFactory(municipality=world.a, title="I tid", status="pagar")
    CommitmentFactory(municipality=world.a, title="Klart", status="genomford", due_on=today - datetime.timedelta(days=9))
    CommitmentFactory(municipality=world.b, due_on=today - datetime.timedelta(days=3))  # never
    FeedbackFactory(meeting=meeting, municipality=world.b)  # another municipality's: never counted
    panel = _panel(world.a, 1)
    assert (panel.open_count, panel.feedback_count) == (3, 0)
    # By date, then title; the rows the card shows.
    assert panel.overdue == [(later.pk, "A sent", later.due_on), (late.pk, "B sent", late.due_on)]
    FeedbackFactory.create_batch(3, meeting=meeting, municipality=world.a)
    panel = _panel(world.a, 1)
    assert (panel.open_count, panel.feedback_count) == (3, 3)
    assert [c.title for c in panel.overdue] == ["A sent", "B sent"]


def test_with_no_open_commitment_the_feedback_is_counted_on_its_own(world):
    meeting = make_meeting(network=world.network, number=1)
    CommitmentFactory(municipality=world.a, status="genomford")
    FeedbackFactory.create_batch(2, meeting=meeting, municipality=world.a)
    FeedbackFactory(meeting=meeting, municipality=world.b)
    panel = _panel(world.a, 2)
    assert (panel.open_count, panel.overdue, panel.feedback_count) == (0, [], 2)
    assert _panel(world.b, 2).feedback_count == 1
