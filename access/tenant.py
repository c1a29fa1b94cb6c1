"""Tenant resolution: the tenant is in the URL and is resolved once, here.

``/k/<municipality>/...`` views are wrapped with :func:`municipality_view`, ``/n/<network>/...``
views with :func:`network_view`. Each decorator

1. requires a signed-in user (anonymous users go to the login page),
2. looks the tenant up by slug and checks the user's membership, in the database on every
   request (authorization is never taken from a cache); an unknown slug and a tenant the user
   does not belong to both answer 404, so a foreign tenant's existence is not leaked,
3. enforces the tenant's MFA requirement for coordinators and project leaders,
4. activates the django-scopes scope for the tenant while the view runs (scoped managers refuse
   queries outside it), and
5. calls the view as ``view(request, ctx, **kwargs)`` with a typed context object.

Views must render inside the scope: use ``render()``, not a lazy ``TemplateResponse``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from municipalities.models import Membership
from networks.models import Network, ProjectLeader

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


def user_tenants(user) -> TenantScope:
    """All the municipalities and networks the user is in (a network: as leader or via a municipality).

    Two queries, asked afresh on every request.
    """
    with scopes_disabled():
        municipality_ids = set(Membership.objects.filter(user=user).values_list("municipality_id", flat=True))
        network_ids = set(
            Network.objects.filter(
                Q(project_leaders__user=user) | Q(memberships__municipality__memberships__user=user)
            ).values_list("pk", flat=True)
        )
    return TenantScope(municipality_ids=tuple(sorted(municipality_ids)), network_ids=tuple(sorted(network_ids)))


def _mfa_missing(request: HttpRequest, required: bool) -> bool:
    return required and not is_mfa_enabled(request.user)


def _ask_for_mfa(request: HttpRequest, message: str) -> HttpResponse:
    messages.warning(request, message)
    return redirect("mfa_activate_totp")


def municipality_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, municipality: str, **kwargs) -> HttpResponse:
        ctx = resolve_municipality(user=request.user, slug=municipality)
        if _mfa_missing(request, ctx.is_coordinator and ctx.municipality.require_mfa_for_coordinators):
            return _ask_for_mfa(
                request,
                _("%(name)s kräver tvåstegsverifiering för kommunsamordnare. Slå på det för att fortsätta.")
                % {"name": ctx.municipality.name},
            )
        request.tenant = ctx
        request.tenant_scope = TenantScope(municipality_ids=(ctx.municipality.pk,), network_ids=ctx.network_ids)
        with scope(municipality=ctx.municipality.pk, network=list(ctx.network_ids)):
            return view(request, ctx, **kwargs)

    return wrapper


def network_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, network: str, **kwargs) -> HttpResponse:
        ctx = resolve_network(user=request.user, slug=network)
        if _mfa_missing(request, ctx.is_project_leader and ctx.network.require_mfa_for_leaders):
            return _ask_for_mfa(
                request,
                _("%(name)s kräver tvåstegsverifiering för processledare. Slå på det för att fortsätta.")
                % {"name": ctx.network.name},
            )
        request.tenant = ctx
        request.tenant_scope = TenantScope(municipality_ids=ctx.member_municipality_ids, network_ids=(ctx.network.pk,))
        # Inside a network, municipality-owned rows of its member municipalities are in scope;
        # the selectors then keep only what those municipalities shared (access.visibility).
        with scope(network=ctx.network.pk, municipality=list(ctx.member_municipality_ids)):
            return view(request, ctx, **kwargs)

    return wrapper


def user_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in page outside any one tenant (the start page): scope = all the user's tenants."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
        tenants = user_tenants(request.user)
        request.tenant_scope = tenants
        with scope(municipality=list(tenants.municipality_ids), network=list(tenants.network_ids)):
            return view(request, **kwargs)

    return wrapper
