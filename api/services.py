"""Writes of the read API: making and revoking tokens (issue 19)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

# A token says what it is (and secret scanners can find one pasted where it must not be).
TOKEN_PREFIX = "skn_"  # noqa: S105 (a marker, not a secret)
# The longest a token may be valid: a forgotten token in a spreadsheet must run out.
MAX_VALID_DAYS = 366
# How often the "last used" time is written: once a minute is enough to tell a live token.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def api_token_create(
    *, name: str, expires_on: datetime.date, created_by, municipality=None, network=None
) -> NewToken:
    """A token of one municipality or one network; the secret is returned once and only its digest kept."""
    if (municipality is None) == (network is None):
        raise ValueError("a token belongs to exactly one municipality or one network")
    today = timezone.localdate()
    if expires_on < today:
        raise ValidationError(_("Slutdatumet har redan passerat."))
    if expires_on > today + datetime.timedelta(days=MAX_VALID_DAYS):
        raise ValidationError(_("En API-nyckel kan gälla i högst ett år."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        municipality=municipality,
        network=network,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(secret),
        created_by=created_by,
        expires_on=expires_on,
    )
    return NewToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke at once: the next call with it answers 401. Revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Note that the token was used, at most once a minute.

    Written with ``update()`` and without a tenant-cache bump on purpose: no kept page part shows
    it (the token list reads it fresh), and a call of the API must not renew the tenant's pages.
    """
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
