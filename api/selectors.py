"""Reads of the read API's tokens. The figures themselves come from the apps' selectors (api/data.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

# A request names its token before any tenant is known: that read is in api.crosstenant.
from .crosstenant import api_token_for_secret  # noqa: F401 (re-exported)
from .models import ApiToken


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
