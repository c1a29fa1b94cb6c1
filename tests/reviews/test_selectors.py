import datetime

from django.utils import timezone

from municipalities.models import Level
from networks.models import Round
from reviews import selectors

from ..factories import MembershipFactory, UserFactory
from .factories import answer_all, make_mapping, publish


def _teachers(municipality, n):
    users = []
    for _ in range(n):
        user = UserFactory()
        MembershipFactory(user=user, municipality=municipality, level=Level.LARARE)
        users.append(user)
    return users


def test_threshold_comes_from_the_network_and_defaults_to_five(world):
    assert selectors.anonymity_threshold(municipality=world.a) == 5
    world.network.anonymity_threshold = 3
    world.network.save()
    assert selectors.anonymity_threshold(municipality=world.a) == 3
    from ..factories import MunicipalityFactory

    assert selectors.anonymity_threshold(municipality=MunicipalityFactory()) == 5


def test_network_threshold_of_three_shows_a_level_of_four(world):
    mapping = make_mapping(world.a, open_=False, threshold=3)
    for user in _teachers(world.a, 4):
        answer_all(mapping, user, Level.LARARE, 3)
    results = selectors.mapping_results(mapping=mapping)
    assert results.statements[0].cells[Level.LARARE].mean == 3
    assert results.statements[0].total.mean == 3


def test_a_level_of_exactly_the_threshold_is_hidden(world):
    """One of them could subtract their own answer and learn about threshold - 1 others."""
    mapping = make_mapping(world.a, open_=False, threshold=3)
    for user in _teachers(world.a, 3):
        answer_all(mapping, user, Level.LARARE, 3)
    results = selectors.mapping_results(mapping=mapping)
    assert not results.statements[0].cells[Level.LARARE].visible
    assert not results.statements[0].total.visible


def test_drafts_do_not_count_in_results(world):
    mapping = make_mapping(world.a, open_=False, threshold=3)
    for user in _teachers(world.a, 4):
        answer_all(mapping, user, Level.LARARE, 3)
    answer_all(mapping, world.user("larare"), Level.LARARE, 6, submitted=False)
    results = selectors.mapping_results(mapping=mapping)
    assert results.statements[0].total.n == 4 and results.statements[0].total.mean == 3


def test_published_mapping_for_a_round(world):
    round1 = Round.objects.create(network=world.network, number=1, home_phase_starts=timezone.localdate())
    unpublished = make_mapping(world.a, open_=False, round=round1)
    assert selectors.published_mapping_for(municipality=world.a, round=round1) is None
    publish(unpublished)
    assert selectors.published_mapping_for(municipality=world.a, round=round1) == unpublished
    assert selectors.published_mapping_for(municipality=world.b, round=round1) is None


def test_previous_mapping_is_found_across_template_versions(world):
    from reviews import services

    from .factories import skr_template

    copy = services.template_copy(template=skr_template(), network=world.network, by=None)
    today = timezone.localdate()
    earlier = make_mapping(world.a, template=copy, open_=False, opens_on=today - datetime.timedelta(days=300),
                           closes_on=today - datetime.timedelta(days=280))
    new_version = services.template_update(
        template=copy, name=copy.name, description="", statements=[], scale_labels={}, by=None
    )
    later = make_mapping(world.a, template=new_version, open_=False)
    assert selectors.previous_mapping(mapping=later) == earlier
