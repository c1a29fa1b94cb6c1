"""The read API's one read across tenants (see access/crosstenant.py)."""

from __future__ import annotations

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
