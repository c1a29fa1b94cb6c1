"""The network report reads its members' parts through the selectors' forms for many
municipalities (issue 13): the same figures as each municipality's own selector, the same
visibility (only what was shared with the network), and the same number of queries however many
members the network has."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments import selectors as commitment_selectors
from commitments.models import Commitment, CommitmentStatus
from commitments.success import commitments_kept, commitments_kept_by_municipality
from goals import selectors as goal_selectors
from municipalities.models import Level, Municipality
from reports.content import report_html
from reports.models import Report, ReportKind
from reports.selectors import (
    municipalities_report_inputs,
    municipality_report_inputs,
    network_report_ctx,
    report_inputs,
)
from reviews import selectors as review_selectors

from ..commitments.factories import CommitmentFactory, ProgressUpdateFactory, make_meeting
from ..factories import MunicipalityFactory, NetworkFactory, NetworkMembershipFactory
from ..goals.factories import GoalFactory
from ..reviews.factories import answer_all, make_mapping, members

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=400), TODAY


def _member(network, *, other_network, name: str) -> Municipality:
    """A member with something of every kind, some of it shared with ``network`` and some not."""
    now = timezone.now()
    municipality = MunicipalityFactory(name=name)
    NetworkMembershipFactory(network=network, municipality=municipality)
    NetworkMembershipFactory(network=other_network, municipality=municipality)
    board = GoalFactory(municipality=municipality, title=f"{name}s delade mål", level=Level.NAMND,
                        adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 12",
                        shared_with=[network])
    GoalFactory(municipality=municipality, title=f"{name}s förvaltningsmål", level=Level.FORVALTNING, parent=board,
                shared_with=[network])
    GoalFactory(municipality=municipality, title=f"{name}s mål för det andra nätverket", shared_with=[other_network])
    GoalFactory(municipality=municipality, title=f"{name}s egna mål")
    shared = CommitmentFactory(municipality=municipality, title=f"{name}s delade åtagande", shared_with=[network],
                               status=CommitmentStatus.DONE, due_on=TODAY - datetime.timedelta(days=3))
    ProgressUpdateFactory(commitment=shared, text="Klart.")
    CommitmentFactory(municipality=municipality, title=f"{name}s åtagande för det andra nätverket",
                      shared_with=[other_network], status=CommitmentStatus.NOT_DONE, not_done_reason="Nej",
                      due_on=TODAY - datetime.timedelta(days=2))
    presented = CommitmentFactory(municipality=municipality, title=f"{name}s redovisade hemmaåtagande",
                                  status=CommitmentStatus.NOT_DONE, not_done_reason="Tiden räckte inte",
                                  due_on=TODAY - datetime.timedelta(days=1))
    Commitment.objects.filter(pk=presented.pk).update(created=now - datetime.timedelta(days=30))
    CommitmentFactory(municipality=municipality, title=f"{name}s nya hemmaåtagande", status=CommitmentStatus.DONE,
                      due_on=TODAY - datetime.timedelta(days=1))
    # Two closed mappings published to the network (the later one compared with the earlier),
    # then a later one published to the other network only: the network's latest is the second.
    people = [(user, level) for level in (Level.NAMND, Level.LARARE) for user in members(municipality, level, 4)]
    for i, title in enumerate(("Våren", "Hösten")):
        mapping = make_mapping(municipality, open_=False, published=[network], title=f"{name}s {title}", threshold=3,
                               opens_on=TODAY - datetime.timedelta(days=200 - 100 * i),
                               closes_on=TODAY - datetime.timedelta(days=180 - 100 * i))
        for user, level in people:
            answer_all(mapping, user, level, 2 + i, comment=f"{name} {title}")
    make_mapping(municipality, open_=False, published=[other_network], title=f"{name}s för det andra nätverket")
    return municipality


@pytest.fixture
def network_of(world):
    """A network of ``n`` members, beside the world's, that each share some of theirs with it."""
    counter = iter(range(1000))

    def make(n: int, network=None):
        if network is None:
            network = NetworkFactory()
            # Its latest begun meeting presented the home-made commitments made before it.
            make_meeting(network=network, number=1, starts=timezone.now() - datetime.timedelta(days=10))
        for _i in range(n):
            _member(network, other_network=world.other_network, name=f"Kommun {next(counter)}")
        return network

    return make


def _network_report(network) -> Report:
    return Report(kind=ReportKind.NETWORK, network=network, period_start=START, period_end=END)


def _members(network) -> list[Municipality]:
    return list(Municipality.objects.filter(network_memberships__network=network).order_by("name"))


def test_network_report_inputs_take_as_many_queries_for_five_members_as_for_two(network_of):
    network = network_of(2)
    report_inputs(report=_network_report(network))  # the closed mappings' figures are counted and kept
    with CaptureQueriesContext(connection) as two:
        assert len(report_inputs(report=_network_report(network)).members) == 2
    network_of(3, network=network)
    report_inputs(report=_network_report(network))
    with CaptureQueriesContext(connection) as five:
        assert len(report_inputs(report=_network_report(network)).members) == 5
    assert len(five) == len(two)
    # The memberships are read once, for the members and their context alike.
    memberships = [q for q in five.captured_queries if 'FROM "networks_networkmembership"' in q["sql"]]
    assert len(memberships) == 1, [q["sql"] for q in memberships]


def test_each_member_part_is_what_its_own_selectors_give_and_only_what_was_shared(network_of, world):
    network = network_of(3)
    ctx = network_report_ctx(network)
    municipalities = _members(network)
    ids = [m.pk for m in municipalities]

    mappings = review_selectors.latest_mappings_with_results(municipality_ids=ids, until=END, network_ctx=ctx)
    results = review_selectors.mappings_results(mappings=list(mappings.values()))
    goals = goal_selectors.goals_in_cascade_order_of(municipalities=municipalities, network_ctx=ctx)
    in_period = commitment_selectors.commitments_in_period_of(municipality_ids=ids, start=START, end=END,
                                                              network_ctx=ctx)
    seen = commitment_selectors.commitments_seen_by_network(ctx=ctx, municipality_ids=ids)
    kept = commitments_kept_by_municipality(commitments=seen, municipality_ids=ids)
    for municipality in municipalities:
        name = municipality.name
        mapping = review_selectors.latest_mapping_with_results(municipality=municipality, until=END, network_ctx=ctx)
        assert mapping.title == f"{name}s Hösten"  # not the one published to the other network only
        assert mappings[municipality.pk] == mapping
        assert results[mapping.pk] == review_selectors.mapping_results(mapping=mapping)
        assert results[mapping.pk].previous.title == f"{name}s Våren"
        changes = [sr.change for sr in results[mapping.pk].statements if sr.total.visible]
        assert changes and all(change == 1 for change in changes)

        assert goals[municipality.pk] == goal_selectors.goals_in_cascade_order(municipality=municipality,
                                                                               network_ctx=ctx)
        assert [e.goal.title for e in goals[municipality.pk]] == [f"{name}s delade mål", f"{name}s förvaltningsmål"]

        own = commitment_selectors.commitments_in_period(municipality=municipality, start=START, end=END,
                                                         network_ctx=ctx)
        assert in_period[municipality.pk] == own
        assert sorted(c.title for c in own) == [f"{name}s delade åtagande", f"{name}s redovisade hemmaåtagande"]
        one = commitment_selectors.commitments_seen_by_network(ctx=ctx, municipality_ids=[municipality.pk])
        assert kept[municipality.pk] == commitments_kept(commitments=one)
        assert (kept[municipality.pk].part, kept[municipality.pk].whole) == (1, 2)

    # Without the network's view, a municipality's own report sees all of its own.
    own_goals = goal_selectors.goals_in_cascade_order_of(municipalities=municipalities)
    own_kept = commitments_kept_by_municipality(commitments=Commitment.objects.all(), municipality_ids=ids)
    for municipality in municipalities:
        assert len(own_goals[municipality.pk]) == 4
        assert own_goals[municipality.pk] == goal_selectors.goals_in_cascade_order(municipality=municipality)
        assert own_kept[municipality.pk] == commitments_kept(
            commitments=Commitment.objects.filter(municipality=municipality))
    # A municipality with nothing: an empty part, a kept figure of none.
    assert goal_selectors.goals_in_cascade_order_of(municipalities=[world.c]) == {world.c.pk: []}
    assert commitments_kept_by_municipality(commitments=Commitment.objects.all(), municipality_ids=[world.c.pk]) == {
        world.c.pk: commitments_kept(commitments=Commitment.objects.filter(municipality=world.c))}
    assert review_selectors.latest_mappings_with_results(municipality_ids=[world.c.pk], until=END) == {}


def test_the_network_report_reads_each_part_as_the_municipality_report_reads_one(network_of):
    network = network_of(3)
    ctx = network_report_ctx(network)
    municipalities = _members(network)
    parts = municipalities_report_inputs(municipalities=municipalities, start=START, end=END, networks=[network],
                                         network_ctx=ctx, today=TODAY)
    one_by_one = [municipality_report_inputs(municipality=m, start=START, end=END, networks=[network],
                                             network_ctx=ctx, today=TODAY) for m in municipalities]
    assert parts == one_by_one
    inputs = report_inputs(report=_network_report(network), today=TODAY)
    html = report_html(inputs=inputs)
    for municipality in municipalities:
        assert f"{municipality.name}s delade åtagande" in html
        assert f"{municipality.name}s åtagande för det andra nätverket" not in html
        assert f"{municipality.name}s nya hemmaåtagande" not in html
        assert f"{municipality.name}s mål för det andra nätverket" not in html
        assert f"{municipality.name}s egna mål" not in html
