"""The municipality home's mapping card (reviews.selectors.mapping_home_panel), issue 18: the
current mapping in one cheaper query, its participation counted in one query, both exactly as
the rule and the two counts they replace."""

import datetime

from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from municipalities.models import Level
from reviews import selectors
from reviews.models import LeftOut, Mapping, Response, RosterEntry

from ..factories import UserFactory
from .factories import make_mapping, members, publish

DAY = datetime.timedelta(days=1)


def _rule(mappings, today):
    """The card's rule, said plainly: the open mapping closing soonest (then the latest opened,
    then the latest made), else the latest opened (then the latest made)."""
    open_ = [m for m in mappings if m.closed_at is None and m.opens_on <= today <= m.closes_on]
    if open_:
        return min(open_, key=lambda m: (m.closes_on, -m.opens_on.toordinal(), -m.pk))
    return max(mappings, key=lambda m: (m.opens_on, m.pk), default=None)


def test_the_current_mapping_follows_the_rule_among_open_closed_and_coming_ones_in_one_query(world):
    today = timezone.localdate()
    made = [
        make_mapping(world.a, title="Förra året", opens_on=today - 400 * DAY, closes_on=today - 380 * DAY),
        make_mapping(world.a, title="I våras", opens_on=today - 60 * DAY, closes_on=today - 20 * DAY),
        make_mapping(world.a, title="Stänger sent", opens_on=today - 10 * DAY, closes_on=today + 30 * DAY),
        # Two closing the same day: the later opened first; then two opened the same day too.
        make_mapping(world.a, title="Stänger snart", opens_on=today - 5 * DAY, closes_on=today + 2 * DAY),
        make_mapping(world.a, title="Stänger snart, öppnade tidigare", opens_on=today - 8 * DAY, closes_on=today + 2 * DAY),
        make_mapping(world.a, title="Tvilling", opens_on=today - 5 * DAY, closes_on=today + 2 * DAY),
        make_mapping(world.a, title="Kommande", opens_on=today + 20 * DAY, closes_on=today + 40 * DAY),
        make_mapping(world.a, title="Stängd i förtid", opens_on=today - 3 * DAY, closes_on=today + DAY),
    ]
    Mapping.objects.filter(pk=made[-1].pk).update(closed_at=timezone.now())
    make_mapping(world.b, title="Grannens öppna", opens_on=today - DAY, closes_on=today + DAY)  # never
    publish(made[3])
    mappings = list(Mapping.objects.filter(municipality=world.a))
    seen = set()
    # Every day from before the first to after the last: open ones, none open, the coming one.
    for offset in range(-420, 50, 3):
        day = today + offset * DAY
        with CaptureQueriesContext(connection) as captured:
            found = selectors.current_mapping(municipality=world.a, today=day)
        assert len(captured.captured_queries) == 1
        expected = _rule(mappings, day)
        assert found == expected, day
        assert found.has_shares is (found.pk == made[3].pk)
        seen.add(found.title)
    assert {"Förra året", "I våras", "Stänger sent", "Tvilling", "Kommande"} <= seen
    assert selectors.current_mapping(municipality=world.a) == made[5]  # the twin: made last
    Mapping.objects.filter(pk__in=[made[4].pk, made[5].pk]).delete()
    assert selectors.current_mapping(municipality=world.a) == made[3]
    assert selectors.mapping_home_panel(municipality=world.a).mapping.is_published


def _two_counts(mapping):
    """The participation's counts as two queries gave them before (issue 18's reference)."""
    asked = dict(RosterEntry.objects.filter(mapping=mapping).values_list("level").annotate(n=Count("id"))
                 .values_list("level", "n"))
    counts = {}
    for level, submitted, counted, left_out, n in (
        Response.objects.filter(mapping=mapping).annotate(is_submitted=Q(submitted_at__isnull=False))
        .values_list("level", "is_submitted", "counted", "left_out").annotate(n=Count("id"))
        .values_list("level", "is_submitted", "counted", "left_out", "n").order_by()
    ):
        key = "started" if not submitted else "counted" if counted else left_out or LeftOut.NOT_ASKED
        counts[(level, key)] = counts.get((level, key), 0) + n
    return asked, counts


def _respond(mapping, level, n, *, submitted=True, counted=True, left_out=""):
    for user in UserFactory.create_batch(n):
        Response.objects.create(mapping=mapping, user=user, level=level, counted=counted, left_out=left_out,
                                submitted_at=timezone.now() if submitted else None)


def test_the_participation_is_counted_in_one_query_as_the_two_counts_were(world):
    members(world.a, Level.LARARE, 7)
    members(world.a, Level.REKTOR, 3)
    members(world.a, Level.FORVALTNING, 2)  # asked, none answers
    mapping = make_mapping(world.a, open_=True)
    other = make_mapping(world.a, open_=False, title="En annan")
    _respond(mapping, Level.LARARE, 4)
    _respond(mapping, Level.LARARE, 2, submitted=False)  # drafts
    _respond(mapping, Level.LARARE, 1, submitted=False, counted=False)
    _respond(mapping, Level.LARARE, 2, counted=False, left_out=LeftOut.NEW_MEMBER)
    _respond(mapping, Level.LARARE, 1, counted=False, left_out=LeftOut.NOT_ASKED)
    _respond(mapping, Level.REKTOR, 1, counted=False)  # left out without a reason: not asked
    _respond(mapping, Level.REKTOR, 2)
    _respond(mapping, Level.NAMND, 1, counted=False, left_out=LeftOut.NOT_ASKED)  # no roster on the level
    _respond(other, Level.LARARE, 5)  # another mapping's: never
    asked, counts = _two_counts(mapping)
    with CaptureQueriesContext(connection) as captured:
        participation = selectors._participation_count(mapping)
    assert len(captured.captured_queries) == 1
    for lp in participation.levels:
        assert lp.asked == asked.get(lp.level, 0)
        assert lp.started == counts.get((lp.level, "started"), 0)
        assert lp.counted == counts.get((lp.level, "counted"), 0)
        assert lp.new_members == counts.get((lp.level, LeftOut.NEW_MEMBER), 0)
        assert lp.not_asked == counts.get((lp.level, LeftOut.NOT_ASKED), 0)
    by_level = {lp.level: lp for lp in participation.levels}
    larare, rektor = by_level[Level.LARARE], by_level[Level.REKTOR]
    assert (larare.submitted, larare.started, larare.counted, larare.new_members, larare.not_asked) == (7, 3, 4, 2, 1)
    assert (rektor.submitted, rektor.not_asked) == (3, 1)
    assert by_level[Level.FORVALTNING].asked >= 2 and by_level[Level.FORVALTNING].missing
    assert by_level[Level.NAMND].not_asked == 1
    # Nothing asked or answered yet: every level listed with zeros.
    empty = make_mapping(world.b, open_=True)
    RosterEntry.objects.filter(mapping=empty).delete()
    assert [(lp.asked, lp.submitted, lp.started) for lp in selectors._participation_count(empty).levels] == [(0, 0, 0)] * 4


def test_the_home_card_reads_the_mapping_and_its_participation_in_two_queries(world):
    mapping = make_mapping(world.a, open_=True)
    _respond(mapping, Level.LARARE, 2)
    with CaptureQueriesContext(connection) as captured:
        panel = selectors.mapping_home_panel(municipality=world.a)
        assert panel.mapping == mapping and panel.is_open and not panel.mapping.is_published
    assert len(captured.captured_queries) == 2
    assert panel.participation == selectors.mapping_participation(mapping=mapping)


def test_given_its_networks_the_card_counts_the_same_shares_as_the_scoped_read(world):
    # Shared with a network the municipality is in, and with one it is not in (any more): only
    # the first makes the home's mapping "shared with the network", with the networks given or not.
    from django_scopes import scope

    today = timezone.localdate()
    mapping = make_mapping(world.a, title="Delad", opens_on=today - DAY, closes_on=today + DAY)
    own = [world.network.pk]
    with scope(municipality=world.a.pk, network=own):
        for network_ids in (None, own):
            assert not selectors.current_mapping(municipality=world.a, network_ids=network_ids).is_published
    publish(mapping, networks=[world.other_network])  # A is not in it (the world's Alby is in N only)
    with scope(municipality=world.a.pk, network=own):
        for network_ids in (None, own):
            assert not selectors.current_mapping(municipality=world.a, network_ids=network_ids).is_published
    publish(mapping, networks=[world.network])
    with scope(municipality=world.a.pk, network=own):
        for network_ids in (None, own):
            assert selectors.current_mapping(municipality=world.a, network_ids=network_ids).is_published
