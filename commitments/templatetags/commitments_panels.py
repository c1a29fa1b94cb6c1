"""Panels the municipality and network home pages include (one line each in their _home_panels)."""

from django import template

from commitments import selectors, success
from commitments.models import OPEN_STATUSES

register = template.Library()


@register.inclusion_tag("commitments/_municipality_panels.html", takes_context=True)
def municipality_commitment_panels(context):
    municipality = context["municipality"]
    commitments = selectors.commitment_list(municipality=municipality)
    open_ = [c for c in commitments if c.status in OPEN_STATUSES]
    return {
        "municipality": municipality,
        "open_count": len(open_),
        "overdue": [c for c in open_ if c.is_overdue],
        "feedback_count": len(selectors.feedback_received(municipality=municipality)),
        "factors": success.municipality_success_factors(municipality=municipality),
    }


@register.inclusion_tag("commitments/_network_panels.html", takes_context=True)
def network_commitment_panels(context):
    network = context["network"]
    ctx = context["ctx"]
    from networks.models import Meeting

    latest = Meeting.objects.filter(round__network=network).order_by("-starts").select_related("round")
    return {
        "network": network,
        "ctx": ctx,
        "meetings": list(latest[:3]),
        "factors": success.network_success_factors(network=network),
    }


@register.inclusion_tag("commitments/_goal_commitments.html")
def goal_commitments(goal):
    return {"goal": goal, "commitments": selectors.commitments_for_goal(goal=goal)}
