"""Panels for the network and municipality home pages (included there with one line each)."""

from django import template
from django.utils import timezone

from networks import selectors

register = template.Library()


@register.inclusion_tag("networks/_rounds_panel.html", takes_context=True)
def network_rounds_panel(context, network):
    today = timezone.localdate()
    rows = selectors.network_rounds(network=network, today=today)
    return {
        "network": network,
        "rounds": rows,
        "completed": sum(1 for r in rows if r.phase == selectors.Phase.DONE),
        "next_meeting": selectors.next_meeting(network=network),
        "ctx": context.get("ctx"),
    }


@register.inclusion_tag("networks/_municipality_round_panel.html", takes_context=True)
def municipality_round_panel(context, municipality):
    today = timezone.localdate()
    phases = []
    # The municipality home already read its networks ("networks": NetworkMemberships).
    memberships = context.get("networks")
    if not memberships or not all(getattr(nm, "municipality_id", None) == municipality.pk for nm in memberships):
        memberships = selectors.networks_of_municipality(municipality=municipality)
    for nm in memberships:
        phases.append(
            (
                nm.network,
                selectors.municipality_phase(
                    municipality=municipality, network=nm.network, today=today, joined_on=nm.joined_on
                ),
                selectors.next_meeting(network=nm.network),
            )
        )
    return {"phases": phases}
