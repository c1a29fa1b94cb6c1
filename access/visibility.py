"""Who sees what: the product's visibility rules, in one place.

The rules (also in docs/visibility.md):

1. **A municipality's members see their municipality**: its schools, members, goals, mappings'
   aggregate results, commitments and reports. Nobody, whatever their role, sees another
   person's individual mapping answers.
2. **Project leaders see what member municipalities have shared with the network**, never a
   municipality's drafts or individual answers. Sharing is explicit (a published mapping result,
   a commitment made at a network meeting, a goal marked as shared with the network).
3. **Members of municipalities in the same network see what the others shared with the
   network** (the same shared items as project leaders), and the network's own data (meetings,
   groups, member list with each municipality's coordinators as contacts).
4. **Platform staff** (``User.is_staff``) work in the Django admin, which is outside the scopes.

Rule 1 is enforced by ``access.tenant.municipality_view`` (membership check plus the
municipality scope). Rules 2 and 3 are enforced by ``access.tenant.network_view`` (the network
scope) plus the helpers below, which every network-side selector applies to municipality-owned
rows. A model that can be shared carries a ``shared_with_network_at`` (or a stricter
``published_at``) timestamp; only rows with it set leave their municipality.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .context import MunicipalityContext, NetworkContext


def shared_with_network(qs: QuerySet, ctx: NetworkContext, *, field: str = "shared_with_network_at") -> QuerySet:
    """Municipality-owned rows of the network's members that were shared with the network."""
    return qs.filter(Q(municipality_id__in=ctx.member_municipality_ids) & Q(**{f"{field}__isnull": False}))


def can_see_member_contacts(ctx: NetworkContext) -> bool:
    """Coordinators' names and e-mail addresses are the network's contact list (rule 3)."""
    return ctx.is_project_leader or bool(ctx.own_memberships)


def can_see_member_list(ctx: MunicipalityContext) -> bool:
    """Every member of a municipality sees who else is in it, and at which level (rule 1)."""
    return ctx.membership is not None


# --- Commitments ----------------------------------------------------------------------------------
# A commitment made at a network meeting is shared with the network from the start (its
# ``shared_with_network_at`` is set when it is made). A commitment made at home stays inside the
# municipality until the municipality presents it: at the start of the next network meeting,
# where it is part of the report-back (redovisning). Feedback is never shared with the network:
# only the receiving municipality, the network's project leaders and its author see it.


def commitments_shared_with_network(qs: QuerySet, ctx: NetworkContext, *, presented_at=None) -> QuerySet:
    """Commitments of the network's members that the network may see.

    ``presented_at``: the start of the meeting, already begun, whose report-back presents the
    home-made commitments; those made before it are shared from then on.
    """
    shared = Q(shared_with_network_at__isnull=False)
    if presented_at is not None:
        shared |= Q(created__lt=presented_at)
    return qs.filter(Q(municipality_id__in=ctx.member_municipality_ids) & shared)


def can_see_feedback_of_meeting(ctx: NetworkContext) -> bool:
    """All feedback given at a meeting is for project leaders; others see only their own."""
    return ctx.is_project_leader


# --- Reviews -------------------------------------------------------------------------------------
# A mapping's aggregate result leaves its municipality when the coordinator publishes it
# (``Mapping.published_at``); reviews.selectors.published_mappings applies shared_with_network
# with that field. Individual answers never leave, published or not.


def can_see_published_mappings(ctx: NetworkContext) -> bool:
    """Project leaders and members of the network's municipalities (rules 2 and 3)."""
    return ctx.is_project_leader or bool(ctx.own_memberships)
