"""The sso app's reads across tenants, in one place (see access/crosstenant.py).

The sign-in reads (which provider serves an address, which policy applies to a person) happen
before there is a tenant: the address or the provider's id is all there is. They return one
municipality's rows, never a list across tenants, except the list of active providers that
allauth needs to resolve a provider by id.
"""

from __future__ import annotations

from django_scopes import scopes_disabled

from municipalities.models import Municipality

from .models import IdentityProvider, SignInPolicy


def identity_provider_get_by_slug(*, slug: str) -> IdentityProvider | None:
    with scopes_disabled():
        return IdentityProvider.objects.select_related("municipality").filter(slug=slug, is_active=True).first()


def identity_providers_active() -> list[IdentityProvider]:
    """Every active provider, for allauth's list of apps (its URLs resolve a provider by id)."""
    with scopes_disabled():
        return list(IdentityProvider.objects.select_related("municipality").filter(is_active=True))


def sign_in_policy_for(*, municipality: Municipality) -> SignInPolicy:
    """The municipality's policy; an unsaved default when none has been set."""
    with scopes_disabled():
        policy = SignInPolicy.objects.filter(municipality=municipality).first()
    return policy or SignInPolicy(municipality=municipality)


def active_provider_of(*, municipality: Municipality) -> IdentityProvider | None:
    """Home-realm discovery: the municipality's first active provider."""
    with scopes_disabled():
        return (
            IdentityProvider.objects.select_related("municipality")
            .filter(municipality=municipality, is_active=True)
            .order_by("pk")
            .first()
        )
