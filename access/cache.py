"""Caching of tenant pages that is correct under tenancy: versions per tenant, bumped on write.

A page fragment that many people of a tenant see alike (the goal tree, a network's success
factors, a meeting's report-back) is expensive to compute and cheap to keep. It is kept under a
key made of

- the **data version** of every tenant whose rows it can show: the global version, the version
  of each municipality and of each network in the request's scope (a municipality page: the
  municipality and its networks; a network page: the network and its member municipalities;
  the start page: all of the user's);
- the fragment's name and what else it varies on (the viewer's rights that change it, the
  user where it is personal, a clock fact such as "the meeting has started");
- the language and the date.

A version is a random token in the shared cache. Saving or deleting a row bumps the version of
the tenant it belongs to (found through the path its scoped manager declares, see
``access.scoping``; a row of no tenant bumps the global version), at once and again when the
transaction commits, so nobody can cache what an uncommitted write is about to change under
the new version. Writes that send no signals (``QuerySet.update``, ``bulk_create``, the
statistics import) call :func:`bump` themselves.

So a fragment never outlives a change of what it shows, whoever made it, and one tenant's
fragment is never served in another's page: the tenant ids are part of the key, and the
request's scope comes from the tenant decorators that checked the user's right to it.

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

GLOBAL = "tv:g"
FRAGMENT_PREFIX = "tf"

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis comes with celery[redis]
    RedisError = OSError


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
            except (RedisError, OSError) as exc:
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


def _vary_part(value: object) -> str:
    meta = getattr(value, "_meta", None)
    if meta is not None and hasattr(value, "pk"):  # a row: its identity, not its str()
        return f"{meta.label_lower}:{value.pk}"
    return repr(value)


def fragment_key(request, name: str, vary: Iterable[object] = ()) -> str:
    parts = [request_version(request), translation.get_language() or "", timezone.localdate().isoformat(), name]
    parts += [_vary_part(v) for v in vary]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"{FRAGMENT_PREFIX}:{name}:{digest}"


def cached_row(request, name: str, pk: int, load):
    """The tenant's row ``load()`` finds (a goal, a meeting), kept like a fragment.

    For the pages that only read it: ``load`` looks the row up through the tenant (a row of
    another tenant is not found, and nothing is kept), and the key holds the data versions of
    the request's tenants, so any change of the row renews it. Writes load their rows afresh.
    """
    return _kept_or_built(request, f"row:{name}", [pk], load)


# Markers of what must never be in a shared fragment: a form's CSRF token, a CSP nonce.
_PERSONAL_MARKERS = ("csrfmiddlewaretoken", " nonce=")


def cached_fragment(request, name: str, vary: Iterable[object], render) -> str:
    """``render()``'s HTML, kept under :func:`fragment_key`; rendered afresh when caching is off."""

    def checked() -> str:
        html = render()
        if any(marker in html for marker in _PERSONAL_MARKERS):
            raise ValueError(f"The cached fragment {name!r} holds a form token or a nonce: keep forms outside it.")
        return html

    return _kept_or_built(request, name, vary, checked)


def _kept_or_built(request, name: str, vary: Iterable[object], build):
    """What is kept under :func:`fragment_key`, else ``build()`` (kept for next time)."""
    seconds = settings.TENANT_CACHE_SECONDS
    if not seconds:
        return build()
    try:
        key = fragment_key(request, name, vary)
        value = _store.get(key)
    except CacheUnavailable:
        return build()
    if value is None:
        value = build()
        _keep(key, value, seconds)
    return value
