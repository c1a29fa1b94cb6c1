"""How a call of the read API gets its tenant: the same access layer and scopes as the pages.

1. ``TokenAuth`` finds the token by the digest of the bearer secret (401 when unknown, expired
   or revoked) and counts the call against the token's rate limit with allauth's rate limiter,
   the one that limits logins (429 past ``ACCOUNT_RATE_LIMITS["api"]``).
2. ``municipality_scope`` / ``network_scope`` compare the URL's tenant with the token's (another
   tenant answers 404, as a page does), resolve the tenant for the token's maker through
   ``access.tenant`` (asked of the database on every call: a maker who left makes the token
   useless at once), check the maker's right (403) and activate the django-scopes scope of a
   page of that tenant while the operation reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from allauth.core.internal import ratelimit
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja.errors import HttpError
from ninja.security import HttpBearer

from access.context import MunicipalityContext, NetworkContext
from access.rights import can_manage_api_tokens, can_manage_network_api_tokens
from access.tenant import resolve_municipality, resolve_network

from . import selectors, services
from .models import ApiToken


class RateLimited(HttpError):
    def __init__(self) -> None:
        super().__init__(429, _("För många anrop med den här API-nyckeln. Vänta en minut och försök igen."))


class TokenAuth(HttpBearer):
    """``Authorization: Bearer skn_…``: a token of one municipality or one network."""

    openapi_description = "API-nyckel (skn_…) som en kommunsamordnare eller processledare har skapat."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.api_token_for_secret(secret=token.strip())
        if found is None or not found.is_active():
            return None
        # allauth's public ``consume`` lets every GET through (its limits guard forms that POST);
        # the function under it takes ``limit_get``. Same rates setting, same cache, same counting.
        if not ratelimit.consume(request, app="allauth.account", action="api", key=str(found.pk), limit_get=True):
            raise RateLimited()
        return found


def _not_found() -> Http404:
    return Http404(_("Finns inte, eller så gäller API-nyckeln inte här."))


@contextmanager
def municipality_scope(request: HttpRequest, municipality: str) -> Iterator[MunicipalityContext]:
    token: ApiToken = request.auth
    if token.municipality_id is None or token.municipality.slug != municipality:
        raise _not_found()
    ctx = resolve_municipality(user=token.created_by, slug=municipality)
    if not can_manage_api_tokens(ctx):
        raise HttpError(403, _("Den som skapade API-nyckeln är inte längre kommunsamordnare. Skapa en ny nyckel."))
    with scope(municipality=ctx.municipality.pk, network=list(ctx.network_ids)):
        services.api_token_touch(token=token)
        yield ctx


@contextmanager
def network_scope(request: HttpRequest, network: str) -> Iterator[NetworkContext]:
    token: ApiToken = request.auth
    if token.network_id is None or token.network.slug != network:
        raise _not_found()
    ctx = resolve_network(user=token.created_by, slug=network)
    if not can_manage_network_api_tokens(ctx):
        raise HttpError(403, _("Den som skapade API-nyckeln är inte längre processledare. Skapa en ny nyckel."))
    with scope(network=ctx.network.pk, municipality=list(ctx.member_municipality_ids)):
        services.api_token_touch(token=token)
        yield ctx
