"""Reads for single sign-on.

The sign-in reads (which provider serves an address, which policy applies to a person) happen
before there is a tenant: the address or the provider's id is all there is. They are the only
cross-tenant reads of this app and live in ``sso.crosstenant``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from municipalities.models import Membership, Municipality

# The reads before sign-in look across tenants: they are in sso.crosstenant.
from .crosstenant import (  # noqa: F401 (re-exported: the selectors are the app's reads)
    active_provider_of,
    identity_provider_get_by_slug,
    identity_providers_active,
    sign_in_policy_for,
)
from .models import IdentityProvider, PendingMember


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def domain_is_held(*, municipality: Municipality, email: str) -> bool:
    """Does the address belong to one of the municipality's own domains (subdomains included)?

    Unlike ``Municipality.email_is_outside`` an empty domain list holds nothing: a provider can
    only ever vouch for the domains its municipality has been given by platform staff.
    """
    host = email_domain(email)
    return bool(host) and any(host == d or host.endswith("." + d) for d in municipality.domain_list)


def municipality_for_email(*, email: str) -> Municipality | None:
    """The municipality whose domains hold the address (the most specific domain wins)."""
    host = email_domain(email)
    if not host:
        return None
    best, best_len = None, -1
    # Domains are free text on the municipality; a short list per municipality, read in Python.
    for municipality in Municipality.objects.exclude(email_domains="").only("pk", "name", "slug", "email_domains"):
        for domain in municipality.domain_list:
            if (host == domain or host.endswith("." + domain)) and len(domain) > best_len:
                best, best_len = municipality, len(domain)
    return best


def identity_provider_for_email(*, email: str) -> IdentityProvider | None:
    """Home-realm discovery: the active provider of the municipality that holds the address."""
    municipality = municipality_for_email(email=email)
    if municipality is None:
        return None
    return active_provider_of(municipality=municipality)








def password_login_refused_for(*, email: str) -> Municipality | None:
    """The municipality that requires its members to sign in through its provider, if the address
    is one of its own and it has an active provider; else None (password sign-in is allowed)."""
    provider = identity_provider_for_email(email=email)
    if provider is None:
        return None
    policy = sign_in_policy_for(municipality=provider.municipality)
    return provider.municipality if policy.require_sso else None


# --- The coordinator's page (inside the tenant scope) ------------------------------------------

@dataclass(frozen=True)
class InactiveMember:
    membership: Membership
    last_login: object  # datetime | None


def identity_providers_of(*, municipality: Municipality) -> list[IdentityProvider]:
    return list(IdentityProvider.objects.filter(municipality=municipality).order_by("name"))


def identity_provider_get(*, municipality: Municipality, pk: int) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(municipality=municipality, pk=pk).first()


def pending_members_of(*, municipality: Municipality) -> list[PendingMember]:
    return list(PendingMember.objects.filter(municipality=municipality).select_related("user"))


def inactive_members(*, municipality: Municipality, days: int, now=None) -> list[InactiveMember]:
    """Members who have not signed in for ``days`` days (or never), oldest sign-in first."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    rows = (
        Membership.objects.filter(municipality=municipality, user__is_active=True)
        .filter(Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True, created__lt=cutoff))
        .select_related("user")
        .order_by("user__last_login", "user__full_name")
    )
    return [InactiveMember(membership=m, last_login=m.user.last_login) for m in rows]
