"""Every read and write of the access layer that looks across tenants, in one place.

django-scopes refuses a query on a tenant model outside a scope. The few places that must look
across tenants switch the scopes off, and they are here (and in each app's ``crosstenant.py``),
so that a reader sees all of them in one sitting; ruff's banned-api rule (TID251) keeps
``scopes_disabled`` out of every other module except commands, migrations, the admin and tests.

- the membership checks of the tenant decorators (``resolve_municipality``, ``resolve_network``,
  ``user_tenants``): who the user is, before any tenant is chosen;
- ``tenant_scope``: the scope a task runs in, the same one a view of that tenant gets (pretix's
  ``EventTask``): the task loads its row, then works inside the row's tenant;
- ``AdminScopesMiddleware``: platform staff work across tenants in the Django admin.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from municipalities.models import Membership
from networks.models import Network, NetworkMembership, ProjectLeader

from .cache import TenantScope
from .context import MunicipalityContext, NetworkContext


def resolve_municipality(*, user, slug: str) -> MunicipalityContext:
    """The user's membership in the municipality with the municipality's networks: one query.

    Asked of the database on every request, never of a cache: a member removed (or a
    coordinator role ended) loses access with the very next request, whatever the cache holds.
    """
    # The membership check itself has to look across tenants: it is the one place that may.
    with scopes_disabled():
        rows = list(
            # One row per network of the municipality (or one with None): the membership, its
            # municipality and school, and the network ids, in a single joined query. No
            # ordering: the model's default ordering would join the user table for nothing.
            Membership.objects.select_related("municipality", "school")
            .filter(user=user, municipality__slug=slug)
            .annotate(network_id=F("municipality__network_memberships__network_id"))
            .order_by()
        )
    if not rows:
        raise Http404(_("Kommunen finns inte, eller så är du inte medlem i den."))
    network_ids = tuple(sorted({row.network_id for row in rows if row.network_id is not None}))
    return MunicipalityContext(municipality=rows[0].municipality, membership=rows[0], network_ids=network_ids)


def resolve_network(*, user, slug: str) -> NetworkContext:
    """The network, whether the user leads it, its members and the user's own memberships there.

    Two queries, both to the database on every request (never a cache): the network joined to
    its member municipalities with the leadership as an EXISTS, then the user's memberships in
    those municipalities (skipped when there are none).
    """
    with scopes_disabled():
        rows = list(
            Network.objects.filter(slug=slug)
            .annotate(
                is_leader=Exists(ProjectLeader.objects.filter(network=OuterRef("pk"), user=user)),
                member_id=F("memberships__municipality_id"),
            )
            .order_by()
        )
        if not rows:
            raise Http404(_("Nätverket finns inte."))
        member_ids = tuple(sorted({row.member_id for row in rows if row.member_id is not None}))
        own = (
            tuple(
                Membership.objects.select_related("municipality")
                .filter(user=user, municipality_id__in=member_ids)
                .order_by("municipality__name")
            )
            if member_ids
            else ()
        )
    network, is_leader = rows[0], rows[0].is_leader
    if not is_leader and not own:
        raise Http404(_("Nätverket finns inte, eller så är du inte med i det."))
    return NetworkContext(
        network=network, is_project_leader=is_leader, member_municipality_ids=member_ids, own_memberships=own
    )


def user_networks_q(user) -> Q:
    """The networks the user leads or is in through a municipality, as two ``IN`` subqueries.

    Not as one filter across both relations: an ``OR`` over two multi-valued joins makes
    PostgreSQL join every membership of every member municipality first (about 24 ms at national
    scale, against 0.2 ms for the subqueries).
    """
    return Q(pk__in=ProjectLeader.objects.filter(user=user).values("network_id")) | Q(
        pk__in=NetworkMembership.objects.filter(municipality__memberships__user=user).values("network_id")
    )


def user_tenants(user) -> TenantScope:
    """All the municipalities and networks the user is in (a network: as leader or via a municipality).

    Two queries, asked afresh on every request.
    """
    with scopes_disabled():
        municipality_ids = set(Membership.objects.filter(user=user).values_list("municipality_id", flat=True))
        network_ids = set(Network.objects.filter(user_networks_q(user)).values_list("pk", flat=True))
    return TenantScope(municipality_ids=tuple(sorted(municipality_ids)), network_ids=tuple(sorted(network_ids)))


@contextmanager
def tenant_scope(*, municipality_id: int | None = None, network_id: int | None = None) -> Iterator[None]:
    """The scope a view of this tenant runs in, for a task or a service outside a request.

    A municipality's scope includes its networks (as ``municipality_view``'s); a network's
    includes its member municipalities (as ``network_view``'s). Exactly one tenant is given.
    """
    if (municipality_id is None) == (network_id is None):
        raise ValueError("A scope is of a municipality or of a network.")
    with scopes_disabled():
        if municipality_id is not None:
            networks = list(
                NetworkMembership.objects.filter(municipality_id=municipality_id).values_list("network_id", flat=True)
            )
            dimensions = {"municipality": municipality_id, "network": sorted(networks)}
        else:
            members = list(
                NetworkMembership.objects.filter(network_id=network_id).values_list("municipality_id", flat=True)
            )
            dimensions = {"network": network_id, "municipality": sorted(members)}
    with scope(**dimensions):
        yield


@contextmanager
def row_scope(model, pk: int) -> Iterator[None]:
    """A task's scope: load the row's tenant by id, then run inside it (pretix's ``EventTask``).

    The tenant is read through the paths the model's scoped manager states (``tenant_paths``),
    or its ``municipality``/``network`` fields (a row of either tenant). A row that is gone gets
    an empty scope: the task's service finds nothing and says so.
    """
    paths = getattr(type(model.objects), "tenant_paths", None) or {"municipality": "municipality", "network": "network"}
    with scopes_disabled():
        row = model.objects.filter(pk=pk).values(*paths.values()).first()
    tenant = {dimension: row[path] for dimension, path in paths.items()} if row else {}
    if tenant.get("municipality") is not None:
        with tenant_scope(municipality_id=tenant["municipality"]):
            yield
    elif tenant.get("network") is not None:
        with tenant_scope(network_id=tenant["network"]):
            yield
    else:
        with scope(municipality=[], network=[]):
            yield


class AdminScopesMiddleware:
    """Platform staff use the Django admin across all tenants: scopes are off there only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = getattr(settings, "ADMIN_URL_PREFIX", "/admin/")

    def __call__(self, request):
        if request.path.startswith(self.prefix):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)
