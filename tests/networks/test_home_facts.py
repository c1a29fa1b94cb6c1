"""The network home reads its rounds, meetings and memberships once (issue 18).

Each panel's selector still reads on its own when called alone (the reports, the API); given the
page's ``network_facts`` it must show exactly the same.
"""

import datetime

from django.utils import timezone

from commitments import selectors as commitment_selectors
from commitments import success
from municipalities.models import Level
from networks import selectors
from reports.selectors import cycle_figure_inputs
from tests.commitments.factories import CommitmentFactory, make_meeting

from .factories import RegistrationFactory


def _network_with_history(world):
    now = timezone.now()
    held = [
        make_meeting(network=world.network, number=n, starts=now - datetime.timedelta(days=200 - 60 * n))
        for n in (1, 2, 3)
    ]
    make_meeting(network=world.network, number=4, starts=now + datetime.timedelta(days=20))
    for meeting in held:
        for municipality in (world.a, world.b):
            RegistrationFactory(meeting=meeting, municipality=municipality, level=Level.NAMND, attended=True)
        CommitmentFactory(municipality=world.a, meeting=meeting, shared_with=[world.network], status="genomford")
    CommitmentFactory(municipality=world.b, created=now - datetime.timedelta(days=30))
    return held


def test_the_panels_show_the_same_with_the_pages_facts_as_on_their_own(world):
    held = _network_with_history(world)
    facts = selectors.network_facts(network=world.network)
    today = timezone.localdate()

    alone = selectors.network_rounds_panel(network=world.network)
    shared = selectors.network_rounds_panel(network=world.network, facts=facts)
    assert alone == shared
    assert shared.next_meeting.round.number == 4 and shared.completed == 3

    assert commitment_selectors.latest_meetings(network=world.network) == commitment_selectors.latest_meetings(
        network=world.network, meetings=facts.meetings) == [
            facts.meetings[3], held[2], held[1]]

    on_its_own = success.network_success_factors(network=world.network)
    with_facts = success.network_success_factors(
        network=world.network, member_ids=[m.municipality_id for m in facts.memberships], meetings=facts.meetings)
    assert with_facts == on_its_own
    persistence = {f.label: (f.part, f.whole) for f in with_facts.persistence.figures}
    assert persistence["Genomförda omgångar"][0] == 3

    assert (cycle_figure_inputs(network=world.network, today=today, facts=facts)
            == cycle_figure_inputs(network=world.network, today=today))
    members = selectors.network_members(network=world.network)
    assert selectors.network_members(network=world.network, memberships=facts.memberships) == members


def test_the_home_reads_each_once(world, client_for, get_cold):
    _network_with_history(world)
    # 13: the success factors are two queries (issue 18), given the page's facts.
    assert get_cold(client_for("leader"), "/n/natverk-norr/", max_queries=13).status_code == 200
