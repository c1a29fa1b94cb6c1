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
