"""Panels the municipality and network home pages include (one line each in their _home_panels)."""

from django import template

from commitments import selectors, success
from commitments.models import OPEN_STATUSES, Commitment, Feedback

register = template.Library()


@register.inclusion_tag("commitments/_municipality_panels.html", takes_context=True)
def municipality_commitment_panels(context):
    municipality = context["municipality"]
    # Only the open commitments, only the fields the panel shows, and a count of the feedback:
    # the panel's cost does not grow with years of closed commitments (issue 8).
    open_ = list(
        Commitment.objects.filter(municipality=municipality, status__in=OPEN_STATUSES)
        .only("pk", "title", "due_on", "status", "municipality_id")
        .order_by("due_on", "title")
    )
    return {
        "municipality": municipality,
        "open_count": len(open_),
        "overdue": [c for c in open_ if c.is_overdue],
        "feedback_count": Feedback.objects.filter(municipality=municipality).count(),
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
