"""Which tenant a saved or deleted row belongs to, and bumping its data version (access.cache).

Connected for every model in ``AccessConfig.ready``: a model added later is covered without a
line here. A row's tenant comes from the path its scoped manager declares
(``TenantScopedManager(municipality="commitment__municipality")``), else from its own
``municipality``/``network`` foreign keys; a row of no tenant (a user's name, an indicator, a
mapping template) bumps the global version, which every fragment carries. Only rows no page
fragment can show are left out (sessions, history records, sign-in internals). Rows the tenant
decorators read renew the cached resolutions too (``RENEWS_EVERYTHING``, ``USER_ROWS``).
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import cache

# Rows that never appear in a cached fragment, or that change on every sign-in.
IGNORED = {
    "sessions.session",
    "account.emailaddress",
    "account.emailconfirmation",
    "mfa.authenticator",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
    "django_celery_beat.periodictask",
    "django_celery_beat.periodictasks",
}


def _is_ignored(model) -> bool:
    label = model._meta.label_lower
    # simple_history's records are written with the row they record, which bumps already.
    return label in IGNORED or model.__name__.startswith("Historical") or label.startswith("django_celery_")


def _follow(instance, path: str):
    """``instance``'s tenant id along ``path`` ("response__mapping__municipality").

    A parent already loaded on the row is followed in memory; one that is not is looked up once
    (``_tenant_via``), not loaded: a cascade deletes hundreds of answers of one response.
    """
    first, _, rest = path.partition("__")
    if not rest:
        return getattr(instance, f"{first}_id")
    field = instance._meta.get_field(first)
    if field.is_cached(instance):
        parent = getattr(instance, first)
        return None if parent is None else _follow(parent, rest)
    parent_id = getattr(instance, field.attname)
    if parent_id is None:
        return None
    return _tenant_via(field.related_model._meta.label, parent_id, rest)


@functools.lru_cache(maxsize=8192)
def _tenant_via(model_label: str, pk: int, rest: str) -> int | None:
    """The tenant id of ``model_label`` row ``pk`` along ``rest``, remembered.

    A row never moves to another tenant (a meeting stays in its network, an answer in its
    municipality's mapping) and PostgreSQL never hands out a primary key twice, so the answer
    can be kept for the life of the process. (The tests empty it: SQLite reuses keys.)
    """
    model = apps.get_model(model_label)
    return model._base_manager.filter(pk=pk).values_list(rest, flat=True).first()


def tenants_of(instance) -> tuple[set[int], set[int]] | None:
    """(municipality ids, network ids) of the row, or None when it belongs to no tenant."""
    model = type(instance)
    paths = next((m.tenant_paths for m in model._meta.managers if hasattr(m, "tenant_paths")), None)
    municipalities: set[int] = set()
    networks: set[int] = set()
    if paths is not None:
        for dimension, path in paths.items():
            value = _follow(instance, path)  # None when a parent is gone: then everything renews
            if value is not None:
                (municipalities if dimension == "municipality" else networks).add(value)
    else:
        for field, target in (("municipality_id", municipalities), ("network_id", networks)):
            value = getattr(instance, field, None)
            if isinstance(value, int):
                target.add(value)
    if not municipalities and not networks:
        return None
    return municipalities, networks


# Rows whose change renews everything, though they belong to a tenant or are one: what decides
# a request's tenant scope (a municipality's networks, part of every kept part's key), and the
# tenants themselves, whose names and settings show on other tenants' pages too (feedback from a
# municipality, a network's members). All change rarely. (Who may enter a tenant is never kept:
# access.tenant asks the database on every request.)
RENEWS_EVERYTHING = {
    "networks.networkmembership",
    "municipalities.school",
    "municipalities.municipality",
    "networks.network",
}


def _changed(instance) -> None:
    label = instance._meta.label_lower
    found = None if label in RENEWS_EVERYTHING else tenants_of(instance)
    if found is None:
        cache.bump(everything=True)
    else:
        cache.bump(municipality_ids=found[0], network_ids=found[1])


def on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or _is_ignored(sender):
        return
    # Signing in writes the user's last_login: no page shows it, and it would empty every cache.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    _changed(instance)


def on_delete(sender, instance, **kwargs) -> None:
    if not _is_ignored(sender):
        _changed(instance)


def on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not _is_ignored(type(instance)):
        _changed(instance)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="access.cache.save")
    post_delete.connect(on_delete, dispatch_uid="access.cache.delete")
    m2m_changed.connect(on_m2m, dispatch_uid="access.cache.m2m")
