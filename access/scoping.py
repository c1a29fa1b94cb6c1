"""The scoped manager every tenant-owned model uses: django-scopes' own, with its paths kept,
over a QuerySet whose bulk writes renew the tenant cache themselves.

django-scopes keeps the path from a model to its tenant ("commitment__municipality") inside the
manager's closure. ``access.invalidation`` needs the same path to know which tenant a written or
deleted row belongs to, so the model states it once, here, and both read it.

``QuerySet.update()``, ``bulk_create()``, ``bulk_update()`` and ``delete()`` send no per-row
save signals (a fast delete sends none at all), so :class:`TenantQuerySet` bumps the tenants of
the rows it writes itself: a service that writes in bulk cannot forget to.
"""

from django.db import models
from django_scopes import ScopedManager


class TenantQuerySet(models.QuerySet):
    """Bulk writes bump the data version of the tenants whose rows they write (access.cache)."""

    def _tenant_ids(self) -> dict[str, set[int]]:
        """The tenant ids of the rows this QuerySet matches, by dimension: one query."""
        paths = tenant_paths(self.model)
        dimensions = list(paths)
        rows = self.order_by().values_list(*(paths[d] for d in dimensions)).distinct()
        found: dict[str, set[int]] = {d: set() for d in dimensions}
        for row in rows:
            for dimension, value in zip(dimensions, row, strict=True):
                if value is not None:
                    found[dimension].add(value)
        return found

    def update(self, **kwargs) -> int:
        from . import invalidation

        if invalidation.unshown(self.model, kwargs):
            return super().update(**kwargs)
        found = self._tenant_ids()
        count = super().update(**kwargs)
        if count:
            invalidation.rows_changed(self.model, found.get("municipality", ()), found.get("network", ()))
        return count

    update.alters_data = True

    def delete(self):
        from . import invalidation

        found = self._tenant_ids()
        result = super().delete()
        if result[0]:
            invalidation.rows_changed(self.model, found.get("municipality", ()), found.get("network", ()))
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        from . import invalidation

        objs = super().bulk_create(objs, *args, **kwargs)
        invalidation.instances_changed(self.model, objs)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        from . import invalidation

        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count and not invalidation.unshown(self.model, fields):
            invalidation.instances_changed(self.model, objs)
        return count

    bulk_update.alters_data = True


class _TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    # Creating rows needs no scope, and django-scopes hands out a plain QuerySet when a scope is
    # missing: bulk writes of new rows always go through TenantQuerySet, so they always bump.
    def bulk_create(self, objs, *args, **kwargs):
        return TenantQuerySet(self.model, using=self._db).bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        return TenantQuerySet(self.model, using=self._db).bulk_update(objs, fields, *args, **kwargs)


def TenantScopedManager(**paths: str):  # noqa: N802 (a factory standing in for a class, as ScopedManager)
    """``ScopedManager(**paths)`` over :class:`TenantQuerySet`, whose class carries ``tenant_paths``."""
    manager = ScopedManager(_manager_class=_TenantManager, **paths)
    type(manager).tenant_paths = dict(paths)
    return manager


def tenant_paths(model) -> dict[str, str] | None:
    """The model's tenant paths (dimension -> lookup), or None for a model of no tenant."""
    return getattr(model._default_manager, "tenant_paths", None)
