"""Tenant resolution: the tenant is in the URL and is resolved once, here.

``/k/<municipality>/...`` views are wrapped with :func:`municipality_view`, ``/n/<network>/...``
views with :func:`network_view`. Each decorator

1. requires a signed-in user (anonymous users go to the login page),
2. looks the tenant up by slug and checks the user's membership, in the database on every
   request (authorization is never taken from a cache); an unknown slug and a tenant the user
   does not belong to both answer 404, so a foreign tenant's existence is not leaked,
3. enforces the tenant's MFA requirement for coordinators and project leaders (and, after a
   sign-in through a municipality's provider, its single sign-on policy's MFA in the product),
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
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_scopes import scope

from .cache import TenantScope

# The membership checks look across tenants: they live with the other cross-tenant reads.
from .crosstenant import resolve_municipality, resolve_network, user_tenants

__all__ = ["municipality_view", "network_view", "resolve_municipality", "resolve_network", "user_view"]


# Municipalities whose sign-in policy requires MFA in the product, for a session that signed in
# through their provider (sso.adapter puts them here): read from the session, no query per page.
SSO_MFA_SESSION_KEY = "sso_mfa_required_municipalities"


def _mfa_missing(request: HttpRequest, required: bool) -> bool:
    return required and not is_mfa_enabled(request.user)


def _sso_mfa_missing(request: HttpRequest, municipality_id: int) -> bool:
    required = request.session.get(SSO_MFA_SESSION_KEY) or []
    if municipality_id not in required:
        return False
    if is_mfa_enabled(request.user):
        request.session[SSO_MFA_SESSION_KEY] = [pk for pk in required if pk != municipality_id]
        return False
    return True


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
        if _sso_mfa_missing(request, ctx.municipality.pk):
            return _ask_for_mfa(
                request,
                _("%(name)s kräver tvåstegsverifiering i Skolnätverk. Slå på det för att fortsätta.")
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
