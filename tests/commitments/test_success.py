import datetime

import pytest
from django.utils import timezone

from commitments.success import municipality_success_factors, network_success_factors
from networks.models import Registration

from .factories import CommitmentFactory, make_meeting

pytestmark = pytest.mark.django_db


def _attend(meeting, world, persona, municipality, level):
    Registration.objects.create(
        meeting=meeting, user=world.user(persona), name=persona, municipality=municipality, level=level, attended=True
    )


def _figure(panel, label):
    return next(f for f in panel.figures if f.label == label)


def test_municipality_figures_follow_their_rules(world):
    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    second = make_meeting(network=world.network, number=2, starts=now - datetime.timedelta(days=5))
    make_meeting(network=world.network, number=3, starts=now + datetime.timedelta(days=50))
    _attend(first, world, "namnd", world.a, "namnd")
    _attend(first, world, "larare", world.a, "larare")
    _attend(second, world, "larare", world.a, "larare")
    _attend(second, world, "rektor", world.a, "rektor")
    CommitmentFactory(municipality=world.a, status="genomford")
    CommitmentFactory(municipality=world.a, status="ej_genomford", not_done_reason="Tid")
    CommitmentFactory(municipality=world.a, due_on=timezone.localdate() - datetime.timedelta(days=1))
    CommitmentFactory(municipality=world.a)  # open, not due: not settled yet

    factors = municipality_success_factors(municipality=world.a)
    assert _figure(factors.responsibility, "Nätverksträffar med politiker").value == "1 av 2"
    assert _figure(factors.persistence, "Genomförda omgångar").value == "2 av 4"
    kept = _figure(factors.persistence, "Hållna åtaganden")
    assert (kept.part, kept.whole, kept.percent) == (1, 3, 33)
    continuity = _figure(factors.persistence, "Samma personer på träffarna")
    assert continuity.value == "1 av 2"  # larare came back, rektor is new
    levels = {row.level: row for row in factors.participation.levels}
    assert levels["forvaltning"].meetings.part == 0
    assert levels["larare"].meetings.value == "2 av 2"
    for figure in factors.responsibility.figures + factors.persistence.figures:
        assert figure.rule


def test_network_figures_count_only_what_was_shared(world):
    # Made at home ten days ago, not yet presented at a meeting.
    CommitmentFactory(municipality=world.a, status="genomford", created=timezone.now() - datetime.timedelta(days=10))
    factors = network_success_factors(network=world.network)
    kept = _figure(factors.persistence, "Hållna åtaganden")
    assert kept.whole == 0
    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=1))
    CommitmentFactory(municipality=world.b, meeting=meeting, shared_with=[world.network], status="genomford")
    factors = network_success_factors(network=world.network)
    assert _figure(factors.persistence, "Hållna åtaganden").part == 2  # the home one is presented now


def test_missing_continuity_says_so(world):
    factors = municipality_success_factors(municipality=world.a)
    assert _figure(factors.persistence, "Samma personer på träffarna").value is None


def _home(factors) -> dict[str, tuple[int, int]]:
    """Per level, (members who answered, members) of the participation panel's "Hemma" column."""
    return {row.level: (row.home.part, row.home.whole) for row in factors.participation.levels}


def test_who_answered_counts_each_member_once_on_their_own_level(world):
    from municipalities.models import Level
    from tests.reviews.factories import answer_all, make_mapping, publish

    shared = make_mapping(world.a, title="Delad", published=[world.network])
    also_shared = make_mapping(world.a, title="Också delad", published=[world.network])
    own = make_mapping(world.a, title="Bara kommunens")  # not shared: only the municipality counts it
    elsewhere = make_mapping(world.b, title="Bstads egen")
    publish(make_mapping(world.a, title="Delad med ett annat nätverk"), [world.other_network])
    answer_all(shared, world.user("namnd"), Level.NAMND, 3)
    answer_all(shared, world.user("larare"), Level.LARARE, 3)
    answer_all(also_shared, world.user("larare"), Level.LARARE, 3)  # twice: still one person
    answer_all(shared, world.user("rektor"), Level.REKTOR, 3, submitted=False)  # a draft does not count
    answer_all(own, world.user("rektor"), Level.REKTOR, 3)
    answer_all(shared, world.user("forvaltning"), Level.LARARE, 3)  # answered as another level than theirs
    answer_all(shared, world.user("coordinator"), Level.FORVALTNING, 3)
    answer_all(elsewhere, world.user("peer"), Level.LARARE, 3)

    # Members per level in Alby and Bstad: one politician, two in förvaltning, one rektor, two teachers.
    assert _home(network_success_factors(network=world.network)) == {
        Level.NAMND: (1, 1), Level.FORVALTNING: (1, 2), Level.REKTOR: (0, 1), Level.LARARE: (1, 2),
    }
    assert _home(municipality_success_factors(municipality=world.a)) == {
        Level.NAMND: (1, 1), Level.FORVALTNING: (1, 2), Level.REKTOR: (1, 1), Level.LARARE: (1, 1),
    }
    assert _home(municipality_success_factors(municipality=world.b))[Level.LARARE] == (1, 1)
    politicians = _figure(network_success_factors(network=world.network).responsibility,
                          "Politiker som svarat i kartläggningar")
    assert (politicians.part, politicians.whole) == (1, 1)


def test_the_figures_take_the_same_queries_however_many_members(world, django_assert_num_queries):
    """Given what the home pages read, the attendance, the mappings' ids and one query for every
    count (issue 18)."""
    from goals.selectors import goal_counts
    from networks.selectors import municipality_networks, network_facts
    from tests.factories import NetworkMembershipFactory
    from tests.reviews.factories import answer_all, make_mapping

    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(days=5))
    _attend(meeting, world, "namnd", world.a, "namnd")
    CommitmentFactory(municipality=world.a, meeting=meeting, shared_with=[world.network], status="genomford")

    def count_both():
        facts = network_facts(network=world.network)
        ids = [m.municipality_id for m in facts.memberships]
        networks, goals = municipality_networks(municipality=world.a), goal_counts(municipality=world.a)
        with django_assert_num_queries(3):
            network_success_factors(network=world.network, member_ids=ids, meetings=facts.meetings)
        with django_assert_num_queries(3):
            municipality_success_factors(municipality=world.a, networks=networks, goals=goals)

    count_both()
    # More members, answers, meetings, attendance and commitments: the same queries.
    NetworkMembershipFactory(network=world.network, municipality=world.c)
    answer_all(make_mapping(world.c, title="Cbys", published=[world.network]), world.user("outsider"), "forvaltning", 3)
    later = make_meeting(network=world.network, number=2, starts=timezone.now() - datetime.timedelta(days=2))
    for held in (meeting, later):
        _attend(held, world, "outsider", world.c, "forvaltning")
    _attend(later, world, "larare", world.a, "larare")
    CommitmentFactory(municipality=world.c, meeting=later, shared_with=[world.network], status="ej_genomford",
                      not_done_reason="Tid")
    CommitmentFactory(municipality=world.a, status="genomford")
    count_both()


def test_the_network_counts_the_goals_of_every_member_but_no_proposal(world):
    from goals.models import GoalStatus
    from tests.goals.factories import GoalFactory

    GoalFactory(municipality=world.a, adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 4")
    GoalFactory(municipality=world.b)
    GoalFactory(municipality=world.b, status=GoalStatus.PROPOSED)
    GoalFactory(municipality=world.c, adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 5")  # not a member
    goals = _figure(network_success_factors(network=world.network).responsibility, "Mål antagna av nämnden")
    assert (goals.part, goals.whole) == (1, 2)


def test_members_per_level_are_the_participations_wholes(world):
    factors = municipality_success_factors(municipality=world.a)
    assert factors.members_per_level == {row.level: row.home.whole for row in factors.participation.levels}
    assert factors.members_per_level == {"namnd": 1, "forvaltning": 2, "rektor": 1, "larare": 1}


def test_the_network_counts_each_municipality_once_a_meeting_on_a_level(world):
    """The network's meeting slots (issue 18: counted over the attendance's distinct level, meeting
    and municipality): two teachers of one municipality at a meeting are one slot, and the
    continuity counts people with an account only."""
    from networks.models import NetworkMembership

    now = timezone.now()
    first = make_meeting(network=world.network, number=1, starts=now - datetime.timedelta(days=60))
    second = make_meeting(network=world.network, number=2, starts=now - datetime.timedelta(days=5))
    _attend(first, world, "larare", world.a, "larare")
    Registration.objects.create(meeting=first, name="Gäst", municipality=world.a, level="larare", attended=True)
    Registration.objects.create(meeting=second, name="Gäst", municipality=world.b, level="larare", attended=True)
    Registration.objects.create(meeting=second, name="Frånvarande", municipality=world.b, level="namnd")
    _attend(second, world, "larare", world.a, "larare")

    factors = network_success_factors(network=world.network)
    slots = 2 * NetworkMembership.objects.filter(network=world.network).count()
    levels = {row.level: row.meetings for row in factors.participation.levels}
    assert (levels["larare"].part, levels["larare"].whole) == (3, slots)
    assert (levels["namnd"].part, levels["rektor"].part) == (0, 0)  # registered is not there
    assert _figure(factors.responsibility, "Nätverksträffar med politiker").part == 0
    assert _figure(factors.persistence, "Samma personer på träffarna").value == "1 av 1"


def _counted_in_python(municipality_ids, network=None):
    """Per level, (members who submitted an answer as that level, members), each person once,
    counted from the rows: the rule the success factors' SQL counts (issue 18)."""
    from municipalities.models import Level, Membership
    from reviews.models import MappingShare, Response

    members = {(m.user_id, m.level) for m in Membership.objects.filter(municipality_id__in=municipality_ids)}
    responses = Response.objects.filter(mapping__municipality_id__in=municipality_ids, submitted_at__isnull=False)
    if network is not None:
        responses = responses.filter(mapping_id__in=MappingShare.objects.filter(network=network).values("mapping_id"))
    answered = {(r.user_id, r.level) for r in responses}
    return {
        level: (len({u for u, lvl in members & answered if lvl == level}), len({u for u, lvl in members if lvl == level}))
        for level in Level.values
    }


def test_the_counts_in_sql_agree_with_the_rows_counted_one_by_one(world):
    """The members' and the goals' counts are SQL of their own (issue 18): the same figures as
    the rows give, for the network (shared mappings only) and for each municipality."""
    from goals.models import GoalStatus
    from municipalities.models import Level
    from networks.models import NetworkMembership
    from tests.factories import MembershipFactory
    from tests.goals.factories import GoalFactory
    from tests.reviews.factories import answer_all, make_mapping, publish

    # A teacher in both municipalities, and a rektor who is also a teacher in the other one.
    MembershipFactory(user=world.user("larare"), municipality=world.b, level=Level.LARARE)
    MembershipFactory(user=world.user("rektor"), municipality=world.b, level=Level.LARARE)
    shared = make_mapping(world.a, title="Delad", published=[world.network])
    theirs = make_mapping(world.b, title="Bstads delade", published=[world.network])
    own = make_mapping(world.a, title="Bara kommunens")
    publish(make_mapping(world.b, title="Delad med ett annat nätverk"), [world.other_network])
    answer_all(shared, world.user("larare"), Level.LARARE, 3)
    answer_all(theirs, world.user("larare"), Level.LARARE, 2)
    answer_all(theirs, world.user("rektor"), Level.LARARE, 2)  # as the level they have in Bstad
    answer_all(shared, world.user("namnd"), Level.NAMND, 3, submitted=False)
    answer_all(own, world.user("namnd"), Level.NAMND, 3)
    answer_all(shared, world.user("forvaltning"), Level.REKTOR, 3)  # not a rektor
    GoalFactory(municipality=world.a, adopted_on=datetime.date(2025, 9, 1), adoption_paragraph="§ 4")
    GoalFactory(municipality=world.a, status=GoalStatus.PROPOSED)
    GoalFactory(municipality=world.b)

    ids = list(NetworkMembership.objects.filter(network=world.network).values_list("municipality_id", flat=True))
    assert _home(network_success_factors(network=world.network)) == _counted_in_python(ids, world.network)
    for municipality in (world.a, world.b):
        assert _home(municipality_success_factors(municipality=municipality)) == _counted_in_python([municipality.pk])
    goals = _figure(network_success_factors(network=world.network).responsibility, "Mål antagna av nämnden")
    assert (goals.part, goals.whole) == (1, 2)
    goals = _figure(municipality_success_factors(municipality=world.a).responsibility, "Mål antagna av nämnden")
    assert (goals.part, goals.whole) == (1, 1)


def test_a_network_without_members_counts_nothing(world, django_assert_num_queries):
    """No member municipality: no SQL with an empty IN, no query at all, every count zero (issue 18)."""
    from tests.factories import NetworkFactory

    empty = NetworkFactory()
    with django_assert_num_queries(0):  # no meeting held, and the ORM knows no commitment counts
        factors = network_success_factors(network=empty, member_ids=[], meetings=[])
    assert set(_home(factors).values()) == {(0, 0)}
    assert _figure(factors.responsibility, "Mål antagna av nämnden").whole == 0
    assert _figure(factors.persistence, "Hållna åtaganden").whole == 0


def test_members_without_a_mapping_shared_count_as_members_who_did_not_answer(world):
    """The mappings are read first and named by id (issue 18): when the network may see none, its
    members are counted and nobody as an answerer, even with answers to a mapping not shared."""
    from municipalities.models import Level
    from tests.reviews.factories import answer_all, make_mapping

    answer_all(make_mapping(world.a, title="Bara kommunens"), world.user("larare"), Level.LARARE, 3)
    counts = _home(network_success_factors(network=world.network))
    assert counts[Level.LARARE] == (0, 2)  # Alby's teacher and Bstad's peer, neither counted
    assert counts[Level.NAMND] == (0, 1)
    assert _home(municipality_success_factors(municipality=world.a))[Level.LARARE] == (1, 1)
