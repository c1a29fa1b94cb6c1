"""Mappings for tests, on the shipped templates (loaded by reviews' data migration)."""

import datetime

from django.utils import timezone

from networks.models import Network
from reviews.models import Answer, Mapping, MappingShare, Response, Template
from reviews.services import MODELLEN_LINEAGE, SKR_LINEAGE, shipped_template


def skr_template() -> Template:
    return shipped_template(SKR_LINEAGE)


def modellen_template() -> Template:
    return shipped_template(MODELLEN_LINEAGE)


def make_mapping(municipality, *, template=None, open_=True, published=False, title="Kartläggning HT", **kw) -> Mapping:
    today = timezone.localdate()
    if open_:
        dates = {"opens_on": today - datetime.timedelta(days=3), "closes_on": today + datetime.timedelta(days=10)}
    else:
        dates = {"opens_on": today - datetime.timedelta(days=40), "closes_on": today - datetime.timedelta(days=10)}
    dates.update(kw)
    mapping = Mapping.objects.create(
        municipality=municipality, template=template or skr_template(), title=title, **dates
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


def answer_all(mapping, user, level, value=None, *, values=None, comment="", submitted=True, dont_know=False) -> Response:
    """Write one person's answers directly (tests of the results bypass the open check)."""
    response = Response.objects.create(
        mapping=mapping, user=user, level=level, submitted_at=timezone.now() if submitted else None
    )
    for i, st in enumerate(mapping.template.statements.order_by("position")):
        v = values[i] if values is not None else value
        Answer.objects.create(
            response=response, statement=st, value=None if dont_know else v, dont_know=dont_know, comment=comment
        )
    return response
