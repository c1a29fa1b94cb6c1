"""Tenant resolution: the tenant is in the URL and is resolved once, here.

``/k/<municipality>/...`` views are wrapped with :func:`municipality_view`, ``/n/<network>/...``
views with :func:`network_view`. Each decorator

1. requires a signed-in user (anonymous users go to the login page),
2. looks the tenant up by slug and checks the user's membership; an unknown slug and a tenant
   the user does not belong to both answer 404, so a foreign tenant's existence is not leaked,
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
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from municipalities.models import Membership
from networks.models import Network, NetworkMembership, ProjectLeader

from .cache import TenantScope, cached_resolution
from .context import MunicipalityContext, NetworkContext


def resolve_municipality(*, user, slug: str) -> MunicipalityContext:
    # The membership check itself has to look across tenants: it is the one place that may.
    with scopes_disabled():
        membership = (
            # No ordering: there is one membership per user and municipality, and the model's
            # default ordering would join the user table for nothing on every request.
            Membership.objects.select_related("municipality", "school")
            .filter(user=user, municipality__slug=slug)
            .order_by()
            .first()
        )
        if membership is None:
            raise Http404(_("Kommunen finns inte, eller så är du inte medlem i den."))
        network_ids = tuple(
            NetworkMembership.objects.filter(municipality_id=membership.municipality_id)
            .values_list("network_id", flat=True)
        )
    return MunicipalityContext(
        municipality=membership.municipality, membership=membership, network_ids=network_ids
    )


def resolve_network(*, user, slug: str) -> NetworkContext:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404(_("Nätverket finns inte."))
    with scopes_disabled():
        member_ids = tuple(
            NetworkMembership.objects.filter(network=network).values_list("municipality_id", flat=True)
        )
        is_leader = ProjectLeader.objects.filter(network=network, user=user).exists()
        own = tuple(
            Membership.objects.select_related("municipality")
            .filter(user=user, municipality_id__in=member_ids)
        )
    if not is_leader and not own:
        raise Http404(_("Nätverket finns inte, eller så är du inte med i det."))
    return NetworkContext(
        network=network, is_project_leader=is_leader, member_municipality_ids=member_ids, own_memberships=own
    )


def user_tenants(user) -> TenantScope:
    """All the municipalities and networks the user is in (a network: as leader or via a municipality)."""
    with scopes_disabled():
        municipality_ids = list(Membership.objects.filter(user=user).values_list("municipality_id", flat=True))
        leader_network_ids = list(ProjectLeader.objects.filter(user=user).values_list("network_id", flat=True))
        network_ids = set(leader_network_ids) | set(
            NetworkMembership.objects.filter(municipality_id__in=municipality_ids).values_list("network_id", flat=True)
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
        ctx = cached_resolution(
            user_id=request.user.pk, kind="m", slug=municipality,
            build=lambda: resolve_municipality(user=request.user, slug=municipality),
        )
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
        ctx = cached_resolution(
            user_id=request.user.pk, kind="n", slug=network, build=lambda: resolve_network(user=request.user, slug=network)
        )
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
        tenants = cached_resolution(user_id=request.user.pk, kind="u", slug="", build=lambda: user_tenants(request.user))
        request.tenant_scope = tenants
        with scope(municipality=list(tenants.municipality_ids), network=list(tenants.network_ids)):
            return view(request, **kwargs)

    return wrapper
