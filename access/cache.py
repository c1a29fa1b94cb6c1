"""The tenant cache: page fragments (HTML strings) kept per tenant data version, in pretix's shape.

What is kept: only HTML fragments of pages that many people of a tenant see alike (the goal
tree, a meeting's report-back), marked with ``{% tenant_cache %}`` in the template. No model
rows are kept: a page loads its rows from the database (a primary-key lookup is cheap), and
nothing pickled can outlive a deploy or a change of a model.

The key: the release (``settings.RELEASE``: a deploy never serves an old release's fragment),
the **data version** of every tenant whose rows the fragment can show (the global version, each
municipality and network of the request's scope: a municipality page, the municipality and its
networks; a network page, the network and its member municipalities; the start page, all of the
user's), the fragment's name and what else it varies on (the viewer's rights that change it, the
user where it is personal, a clock fact such as "the meeting has started"), the language and
the date.

A version is a random token in the shared cache. Who renews it (``access.invalidation``): a
save or delete of a tenant-scoped row renews its tenant's version; ``update()``,
``bulk_create()``, ``bulk_update()`` and ``delete()`` on a tenant QuerySet renew the tenants of
the rows they write (``access.scoping.TenantQuerySet``); the few rows of no tenant that kept
fragments show (a tenant's name, an indicator, a user's name) renew the global version. A
version is renewed at once and again when the transaction commits, so nobody can keep what an
uncommitted write is about to change under the new version.

Authorization is never kept here: the tenant decorators (``access.tenant``) ask the database
who the user is in the tenant on every request, so a member removed while the cache is
unreachable, or before a version is renewed, loses access with the next request.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

GLOBAL = "tv:g"
FRAGMENT_PREFIX = "tf"

logger = logging.getLogger(__name__)

# What a cache outage raises: django-redis wraps redis-py's errors in ConnectionInterrupted; the
# locmem cache of a bare machine raises none of them.
CACHE_ERRORS = (ConnectionInterrupted, RedisError, OSError)


class CacheUnavailable(Exception):
    """The cache did not answer: pages are built afresh, as with the tenant cache off."""


class _Store:
    """The cache, for this module: an outage is an exception of ours, which every caller handles.

    Without it a Redis outage would take every page and every write down with it; with it pages
    are built afresh (slower, correct) and writes go through. A version that could not be renewed
    during an outage lets a part kept before it live out its time (TENANT_CACHE_SECONDS) at most.
    """

    def __getattr__(self, name):
        method = getattr(cache, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except CACHE_ERRORS as exc:
                logger.warning("Tenant cache unavailable (%s): %s", name, exc)
                raise CacheUnavailable from exc

        return call


_store = _Store()


@dataclass(frozen=True)
class TenantScope:
    """The tenants a request may show rows of: set on the request by the tenant decorators."""

    municipality_ids: tuple[int, ...] = ()
    network_ids: tuple[int, ...] = ()


def _version_keys(scope: TenantScope) -> list[str]:
    return [
        GLOBAL,
        *(f"tv:m:{pk}" for pk in sorted(set(scope.municipality_ids))),
        *(f"tv:n:{pk}" for pk in sorted(set(scope.network_ids))),
    ]


def data_version(scope: TenantScope) -> str:
    """The versions of the scope's tenants as one string: one round trip to the cache."""
    return data_version_keys(_version_keys(scope))


def data_version_keys(keys: list[str]) -> str:
    _unread().difference_update(keys)
    found = _store.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            _store.add(key, uuid.uuid4().hex[:12], timeout=None)
        found.update(_store.get_many(missing))
    return _joined(keys, found)


def _joined(keys: list[str], found: dict) -> str:
    return ".".join(f"{k}={found.get(k, '')}" for k in keys)


def _keep(key: str, value, seconds: int) -> None:
    with contextlib.suppress(CacheUnavailable):  # not kept this time; the next request builds it again
        _store.set(key, value, seconds)


def _bump_now(keys: Iterable[str]) -> None:
    try:
        _store.set_many({key: uuid.uuid4().hex[:12] for key in keys}, timeout=None)
    except CacheUnavailable:
        # The write stands; what was kept before the outage lives out its time at most.
        logger.error("Could not renew the tenant cache versions %s after a write.", keys)


def bump(
    *,
    municipality_ids: Iterable[int] = (),
    network_ids: Iterable[int] = (),
    everything: bool = False,
) -> None:
    """Mark what these tenants show as changed.

    ``everything``: every tenant's, through the global version.
    """
    keys = [GLOBAL] if everything else []
    keys += [f"tv:m:{pk}" for pk in set(municipality_ids) if pk is not None]
    keys += [f"tv:n:{pk}" for pk in set(network_ids) if pk is not None]
    if not keys:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_now(keys)
        return
    # In a transaction: at once (what the transaction reads next must not be an old kept part),
    # and again after the commit (a reader who took the new version before the commit read the
    # old rows and may have kept them under it). At once only when needed: the first time in the
    # transaction, or when this thread has read the version since; a cascade deletes hundreds of
    # rows of one tenant, and each would otherwise renew it again.
    pending = _pending_for(connection)
    unread = _unread()
    now = [key for key in keys if key not in pending or key not in unread]
    pending.update(keys)
    if now:
        unread.update(now)
        _bump_now(now)


_local = threading.local()


def _unread() -> set[str]:
    """Versions this thread renewed and has not read since."""
    if not hasattr(_local, "unread"):
        _local.unread = set()
    return _local.unread


class _PendingBumps(set):
    """The keys a transaction has bumped; bumped again, all at once, when it commits."""

    def __call__(self) -> None:
        _bump_now(sorted(self))


def _pending_for(connection) -> _PendingBumps:
    # The transaction's own on-commit list says whether our callback is still waiting: Django
    # drops it when the transaction (or the savepoint it was added in) rolls back.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _PendingBumps):
            return callback
    pending = _PendingBumps()
    transaction.on_commit(pending)
    return pending


def request_version(request) -> str:
    """The data version of the request's tenant scope, read once per request.

    Raises CacheUnavailable (once per request: the rest of the page does not ask again).
    """
    version = getattr(request, "_tenant_data_version", None)
    if version is None:
        scope = getattr(request, "tenant_scope", None)
        if scope is None:
            raise LookupError("A tenant-cached fragment needs a page behind access.tenant's decorators.")
        if getattr(request, "_tenant_cache_down", False):
            raise CacheUnavailable
        try:
            version = request._tenant_data_version = data_version(scope)
        except CacheUnavailable:
            request._tenant_cache_down = True
            raise
    return version


def request_version_or_none(request) -> str | None:
    """:func:`request_version`, or None while the cache is out (for callers with a slower way)."""
    try:
        return request_version(request)
    except CacheUnavailable:
        return None


def _vary_part(value: object) -> str:
    meta = getattr(value, "_meta", None)
    if meta is not None and hasattr(value, "pk"):  # a row: its identity, not its str()
        return f"{meta.label_lower}:{value.pk}"
    return repr(value)


def fragment_key(request, name: str, vary: Iterable[object] = ()) -> str:
    parts = [request_version(request), translation.get_language() or "", timezone.localdate().isoformat(), name]
    parts += [_vary_part(v) for v in vary]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"{FRAGMENT_PREFIX}:{settings.RELEASE}:{name}:{digest}"


# Markers of what must never be in a shared fragment: a form's CSRF token, a CSP nonce.
_PERSONAL_MARKERS = ("csrfmiddlewaretoken", " nonce=")


def cached_fragment(request, name: str, vary: Iterable[object], render) -> str:
    """``render()``'s HTML, kept under :func:`fragment_key`; rendered afresh when caching is off."""

    def checked() -> str:
        html = render()
        if any(marker in html for marker in _PERSONAL_MARKERS):
            raise ValueError(f"The cached fragment {name!r} holds a form token or a nonce: keep forms outside it.")
        return html

    seconds = settings.TENANT_CACHE_SECONDS
    if not seconds:
        return checked()
    try:
        key = fragment_key(request, name, vary)
        html = _store.get(key)
    except CacheUnavailable:
        return checked()
    if html is None:
        html = checked()
        _keep(key, html, seconds)
    return html
