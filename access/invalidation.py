"""Which tenants a write changes, and bumping their data version (access.cache).

Who bumps:

- **Tenant-scoped models** (a ``TenantScopedManager`` declaring the path to the tenant): a save,
  an m2m change and a delete of one row bump that row's tenants, through receivers connected for
  these models only (:func:`connect`); a bulk write (``update``, ``bulk_create``, ``bulk_update``,
  a QuerySet's ``delete``) bumps in ``access.scoping.TenantQuerySet``, so no service can forget.
- **Rows of no tenant** bump nothing, unless a kept fragment really shows them: those few are
  listed in :data:`SHOWN_EVERYWHERE`, each with the reason, and renew every tenant. A reminder
  sent, a session, a sign-in, a report row or an API token's last use renew nothing. Rows of
  either a municipality or a network that a kept fragment shows (:data:`OWN_TENANT`) renew
  their own tenant.

Receivers on a model switch off Django's fast delete for it when it is cascaded into (the
Collector must load each row to send the signal). The rows a big cascade carries are therefore
listed in :data:`DELETED_WITH_PARENT`: no delete receiver, because they go with a parent of the
same tenant whose own delete bumps it, or through the tenant QuerySet's ``delete()``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import cache
from .scoping import tenant_paths

# Tenant rows whose change renews every tenant: what decides a request's tenant scope (a
# municipality's networks, part of every kept part's key) and the tenants themselves, whose
# names show on other tenants' pages (a network's members, feedback from a municipality).
RENEWS_EVERYTHING = {"networks.networkmembership"}

# Rows of no tenant that kept fragments show, and why. All are written rarely, by staff or a
# platform import; each change renews every tenant.
SHOWN_EVERYWHERE = {
    "municipalities.municipality": "its name and settings show on its networks' pages",
    "networks.network": "its name shows on its member municipalities' pages",
    "indicators.nationalvalue": "a goal's kept indicator cards show the national value",
    "reviews.template": "kept mapping results are laid out by the template",
    "reviews.area": "kept mapping results are grouped by area",
    "reviews.statement": "kept mapping results show each statement",
    "reviews.scalestep": "kept mapping results show the scale's labels",
    # Only when full_name or email changes (USER_SHOWN_FIELDS): owners in the kept commitment
    # list, the network's leaders, who proposed a goal. A sign-in (last_login), a password or
    # MFA change renew nothing.
    "accounts.user": "names and e-mail addresses show in kept lists",
}
USER_SHOWN_FIELDS = ("full_name", "email")

# Rows of a municipality *or* a network (reports.EitherTenantManager: no tenant path) that kept
# fragments show: a write renews the row's own tenant (model label -> its two tenant fields), or
# every tenant when it has neither (a common indicator). Their siblings (a report, a mailing, an
# API token, a statistics import) show only on pages that read them fresh: they renew nothing.
OWN_TENANT = {
    "reports.cyclefigure": ("municipality_id", "network_id"),  # the home pages' kept cycle panel
    "indicators.indicator": ("owner_municipality_id", "owner_network_id"),  # a goal's indicator cards
}

# Tenant rows deleted only with their parent (CASCADE, same tenant: the parent's delete bumps)
# or through the tenant QuerySet's delete() (which bumps): no delete receiver, so that a
# mapping's hundreds of answers and roster rows go in one fast DELETE each.
DELETED_WITH_PARENT = {
    "reviews.answer": "deleted with its response or mapping, or by response_save's QuerySet.delete()",
    "reviews.rosterentry": "deleted with its mapping; never on its own",
}

# Fields of tenant rows that no kept fragment shows: a write of only these renews nothing
# (the hourly meeting reminder marks each registration it reminded).
UNSHOWN_FIELDS = {
    "networks.registration": {"reminder_sent_at"},
    # A closed mapping's kept figures, written on the first read after closing: the same figures
    # the kept fragments were rendered from (reviews.selectors._closed_statement_results).
    "reviews.mapping": {"figures"},
}


def unshown(model, fields: Iterable[str]) -> bool:
    """Whether writing only ``fields`` of ``model`` changes nothing a kept fragment shows."""
    hidden = UNSHOWN_FIELDS.get(model._meta.label_lower)
    return bool(hidden) and set(fields) <= hidden


def _follow(instance, path: str):
    """``instance``'s tenant id along ``path`` ("response__mapping__municipality").

    A parent already loaded on the row is followed in memory; one that is not is looked up once
    (``_tenant_via``), not loaded.
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


def tenants_of(instances: Iterable) -> tuple[set[int], set[int]]:
    """(municipality ids, network ids) of tenant-scoped rows."""
    municipalities: set[int] = set()
    networks: set[int] = set()
    for instance in instances:
        for dimension, path in tenant_paths(type(instance)).items():
            # None when a parent is already gone: a cascade, whose parent's delete bumps.
            value = _follow(instance, path)
            if value is not None:
                (municipalities if dimension == "municipality" else networks).add(value)
    return municipalities, networks


def rows_changed(model, municipality_ids: Iterable[int], network_ids: Iterable[int]) -> None:
    """Rows of ``model`` in these tenants were written or deleted: bump what shows them."""
    if model._meta.label_lower in RENEWS_EVERYTHING:
        cache.bump(everything=True)
    else:
        cache.bump(municipality_ids=municipality_ids, network_ids=network_ids)


def instances_changed(model, instances: Iterable) -> None:
    municipalities, networks = tenants_of(instances)
    rows_changed(model, municipalities, networks)


def on_tenant_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and unshown(sender, update_fields)):
        return
    instances_changed(sender, [instance])


def on_tenant_delete(sender, instance, **kwargs) -> None:
    instances_changed(sender, [instance])


def on_tenant_m2m(sender, instance, action, model, pk_set=None, reverse=False, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:  # from the tenant row's side: commitment.schools.add(...)
        instances_changed(type(instance), [instance])
    elif pk_set:  # from the other side, school.commitments.add(...): the tenant rows named
        instances_changed(model, model._base_manager.filter(pk__in=pk_set))
    elif tenant_paths(type(instance)) is not None:  # school.commitments.clear(): the school's tenant
        instances_changed(type(instance), [instance])
    else:
        cache.bump(everything=True)


def on_shown_everywhere(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        cache.bump(everything=True)


def on_own_tenant(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    municipality_field, network_field = OWN_TENANT[sender._meta.label_lower]
    municipality_id, network_id = getattr(instance, municipality_field), getattr(instance, network_field)
    if municipality_id is None and network_id is None:
        cache.bump(everything=True)
    else:
        cache.bump(municipality_ids=[municipality_id], network_ids=[network_id])


def before_user_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Note whether a user's shown fields change (a save of last_login alone does not)."""
    if raw or instance.pk is None:
        instance._access_shown_changed = False
        return
    if update_fields is not None and not set(update_fields) & set(USER_SHOWN_FIELDS):
        instance._access_shown_changed = False
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list(*USER_SHOWN_FIELDS).first()
    instance._access_shown_changed = stored != tuple(getattr(instance, f) for f in USER_SHOWN_FIELDS)


def on_user_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    # A new user shows nowhere until a tenant row points to them (which bumps that tenant).
    if not raw and not created and getattr(instance, "_access_shown_changed", False):
        cache.bump(everything=True)


def _uid(what: str, model) -> str:
    return f"access.invalidation.{what}.{model._meta.label_lower}"


def connect() -> None:
    """Connect the receivers: per model, for the tenant-scoped models and SHOWN_EVERYWHERE only."""
    user_model = get_user_model()
    for model in apps.get_models():
        label = model._meta.label_lower
        if tenant_paths(model) is not None:
            post_save.connect(on_tenant_save, sender=model, dispatch_uid=_uid("save", model))
            if label not in DELETED_WITH_PARENT:
                post_delete.connect(on_tenant_delete, sender=model, dispatch_uid=_uid("delete", model))
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(on_tenant_m2m, sender=through, dispatch_uid=_uid("m2m", through))
        elif model is user_model:
            pre_save.connect(before_user_save, sender=model, dispatch_uid=_uid("presave", model))
            post_save.connect(on_user_save, sender=model, dispatch_uid=_uid("save", model))
            post_delete.connect(on_shown_everywhere, sender=model, dispatch_uid=_uid("delete", model))
        elif label in OWN_TENANT:
            post_save.connect(on_own_tenant, sender=model, dispatch_uid=_uid("save", model))
            post_delete.connect(on_own_tenant, sender=model, dispatch_uid=_uid("delete", model))
        elif label in SHOWN_EVERYWHERE:
            post_save.connect(on_shown_everywhere, sender=model, dispatch_uid=_uid("save", model))
            post_delete.connect(on_shown_everywhere, sender=model, dispatch_uid=_uid("delete", model))
