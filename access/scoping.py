"""The scoped manager every tenant-owned model uses: django-scopes' own, with its paths kept.

django-scopes keeps the path from a model to its tenant ("commitment__municipality") inside the
manager's closure. ``access.cache`` needs the same path to know which tenant a saved or deleted
row belongs to, so the model states it once, here, and both read it.
"""

from django_scopes import ScopedManager


def TenantScopedManager(**paths: str):  # noqa: N802 (a factory standing in for a class, as ScopedManager)
    """``ScopedManager(**paths)`` whose class carries ``tenant_paths`` (dimension -> lookup path)."""
    manager = ScopedManager(**paths)
    type(manager).tenant_paths = dict(paths)
    return manager
