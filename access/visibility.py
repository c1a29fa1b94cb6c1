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
rows.

Sharing is recorded **per network**: a model that can be shared (goals, mappings, commitments)
has a ``shares`` relation to rows of ``<Model>Share(<model>, network, shared_at)``, one per
network it was shared with. A municipality in two networks that shares a goal with one of them
shows it to that network only: its project leaders, its other members, its reports. Only the
helpers below read ``shares``; selectors and reports go through them.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .context import MunicipalityContext, NetworkContext


def _shares_of(qs: QuerySet, network_id: int) -> QuerySet:
    """The share rows of ``qs``'s model for one network, correlated with the outer row."""
    relation = qs.model._meta.get_field("shares")
    # The base manager: the share rows are read only through the outer, already scoped query.
    return relation.related_model._base_manager.filter(
        **{relation.field.name: OuterRef("pk"), "network_id": network_id}
    )


def shared_with(qs: QuerySet, *, network_id: int) -> QuerySet:
    """Rows of ``qs`` shared with the network ``network_id``, each with its ``shared_at``.

    For a caller that has no NetworkContext (a report, a task); it does not restrict the rows to
    the network's members: a network page uses :func:`shared_with_network`.
    """
    shares = _shares_of(qs, network_id)
    return qs.filter(Exists(shares)).annotate(shared_at=Subquery(shares.values("shared_at")[:1]))


def shared_with_network(qs: QuerySet, ctx: NetworkContext) -> QuerySet:
    """Municipality-owned rows of the network's members that were shared with this network."""
    return shared_with(qs.filter(municipality_id__in=ctx.member_municipality_ids), network_id=ctx.network.pk)


def shared_q(model, *, network_id: int, prefix: str = "") -> Q:
    """A Q for rows (reached from ``model`` through ``prefix``, e.g. "mapping__") that were
    shared with the network, for queries over rows that belong to a shared one (responses)."""
    relation = model._meta.get_field("shares")
    ids = relation.related_model._base_manager.filter(network_id=network_id).values(relation.field.name)
    return Q(**{f"{prefix}pk__in" if prefix else "pk__in": ids})


def can_see_member_contacts(ctx: NetworkContext) -> bool:
    """Coordinators' names and e-mail addresses are the network's contact list (rule 3)."""
    return ctx.is_project_leader or bool(ctx.own_memberships)


def can_see_member_list(ctx: MunicipalityContext) -> bool:
    """Every member of a municipality sees who else is in it, and at which level (rule 1)."""
    return ctx.membership is not None


# --- Commitments ----------------------------------------------------------------------------------
# A commitment made at a network meeting is shared with that meeting's network from the start (a
# CommitmentShare is made with it), and with no other network. A commitment made at home stays
# inside the municipality until the municipality presents it: at the start of a network's next
# meeting, where it is part of that network's report-back (redovisning). Feedback is never shared
# with the network: only the receiving municipality, the network's project leaders and its
# author see it.


def commitments_shared_with(
    qs: QuerySet, *, network_id: int, presented_at: datetime.datetime | None = None
) -> QuerySet:
    """Commitments the network ``network_id`` may see (members not restricted: a report's use).

    ``presented_at``: the start of the network's meeting, already begun, whose report-back
    presents the home-made commitments; those made at home before it are shared from then on.
    """
    shared = Q(Exists(_shares_of(qs, network_id)))
    if presented_at is not None:
        shared |= Q(meeting__isnull=True, created__lt=presented_at)
    return qs.filter(shared)


def commitments_shared_with_network(
    qs: QuerySet, ctx: NetworkContext, *, presented_at: datetime.datetime | None = None
) -> QuerySet:
    """Commitments of the network's members that the network may see."""
    return commitments_shared_with(
        qs.filter(municipality_id__in=ctx.member_municipality_ids), network_id=ctx.network.pk, presented_at=presented_at
    )


def can_see_feedback_of_meeting(ctx: NetworkContext) -> bool:
    """All feedback given at a meeting is for project leaders; others see only their own."""
    return ctx.is_project_leader


# --- Reviews -------------------------------------------------------------------------------------
# A mapping's aggregate result leaves its municipality when the coordinator publishes it to a
# network (a ``MappingShare``); reviews.selectors.published_mappings applies shared_with_network.
# Individual answers never leave, published or not.


def can_see_published_mappings(ctx: NetworkContext) -> bool:
    """Project leaders and members of the network's municipalities (rules 2 and 3)."""
    return ctx.is_project_leader or bool(ctx.own_memberships)
