"""Mappings for tests, on the shipped templates (loaded by reviews' data migration)."""

import datetime

from django.utils import timezone

from municipalities.models import Membership
from networks.models import Network
from reviews.models import Answer, Mapping, MappingShare, Response, RosterEntry, Template
from reviews.selectors import anonymity_threshold
from reviews.services import MODELLEN_LINEAGE, SKR_LINEAGE, shipped_template

from ..factories import MembershipFactory, UserFactory


def members(municipality, level, n) -> list:
    """``n`` new people, each a member of ``municipality`` on ``level``."""
    users = [UserFactory() for _ in range(n)]
    for user in users:
        MembershipFactory(user=user, municipality=municipality, level=level)
    return users


def skr_template() -> Template:
    return shipped_template(SKR_LINEAGE)


def modellen_template() -> Template:
    return shipped_template(MODELLEN_LINEAGE)


def make_mapping(
    municipality, *, template=None, open_=True, published=False, title="Kartläggning HT", threshold=None, **kw
) -> Mapping:
    """A mapping as if opened long ago: the threshold from the network, and today's members on
    the roster, all counting (tests of the roster rule go through services.mapping_open)."""
    today = timezone.localdate()
    if open_:
        dates = {"opens_on": today - datetime.timedelta(days=3), "closes_on": today + datetime.timedelta(days=10)}
    else:
        dates = {"opens_on": today - datetime.timedelta(days=40), "closes_on": today - datetime.timedelta(days=10)}
    dates.update(kw)
    mapping = Mapping.objects.create(
        municipality=municipality, template=template or skr_template(), title=title,
        threshold=threshold or anonymity_threshold(municipality=municipality), **dates
    )
    RosterEntry.objects.bulk_create(
        RosterEntry(mapping=mapping, user_id=user_id, level=level, counts=True,
                    level_since=mapping.opens_on - datetime.timedelta(days=30))
        for user_id, level in Membership.objects.filter(municipality=municipality).values_list("user_id", "level")
    )
    if published:
        publish(mapping, None if published is True else published)
    return mapping


def publish(mapping, networks=None) -> None:
    """Publish to ``networks``; by default the round's network, else every network the
    municipality is in (what "shared with the network" meant before sharing was per network)."""
    if networks is None:
        networks = [mapping.round.network] if mapping.round_id else list(
            Network.objects.filter(memberships__municipality=mapping.municipality)
        )
    for network in networks:
        MappingShare.objects.get_or_create(mapping=mapping, network=network)


def answer_all(
    mapping, user, level, value=None, *, values=None, comment="", submitted=True, dont_know=False, counted=True
) -> Response:
    """Write one person's answers directly (tests of the results bypass the open check), counted
    in the figures unless ``counted=False``."""
    response = Response.objects.create(
        mapping=mapping, user=user, level=level, submitted_at=timezone.now() if submitted else None, counted=counted
    )
    for i, st in enumerate(mapping.template.statements.order_by("position")):
        v = values[i] if values is not None else value
        Answer.objects.create(
            response=response, statement=st, value=None if dont_know else v, dont_know=dont_know, comment=comment
        )
    return response
