"""Reads of the read API's tokens. The figures themselves come from the apps' selectors (api/data.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_scopes import scopes_disabled

from .models import ApiToken
from .services import TOKEN_PREFIX, token_digest


def api_token_for_secret(*, secret: str) -> ApiToken | None:
    """The token a request presents, whoever's it is, or None.

    The one read across tenants here: a request names its token before any tenant is known (as a
    calendar feed's address does). Which tenant it may then read is decided in ``api.access``.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    with scopes_disabled():
        return (
            ApiToken.objects.select_related("municipality", "network", "created_by")
            .filter(digest=token_digest(secret))
            .first()
        )


def api_tokens(*, municipality=None, network=None) -> list[ApiToken]:
    """The tenant's tokens, newest first, revoked and expired ones too (the list says which)."""
    qs = ApiToken.objects.select_related("created_by", "revoked_by")
    qs = qs.filter(municipality=municipality) if municipality is not None else qs.filter(network=network)
    return list(qs.order_by("-created"))


def api_token_get(*, pk: int, municipality=None, network=None) -> ApiToken:
    """A token of this tenant, or 404 (another tenant's token is not found)."""
    if municipality is not None:
        return get_object_or_404(ApiToken, pk=pk, municipality=municipality)
    return get_object_or_404(ApiToken, pk=pk, network=network)
