"""Rows for the Django admin: platform staff only. No persona of the matrix is staff, so every
admin URL sends every persona to the product login (core.admin_site)."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver

from . import FOUND, Row, expect

# Arguments that make every admin URL resolvable; non-staff are redirected before any lookup.
_ADMIN_KWARGS = {
    "app_label": "municipalities",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "history_id": "1",  # django-simple-history's admin view of one historical version
}


def _admin_names():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix)
            elif isinstance(p, URLPattern) and p.name:
                yield p.name, list(p.pattern.regex.groupindex)

    return sorted({(n, tuple(k)) for n, k in walk(admin.site.get_urls())})


def _kwargs_for(params):
    return lambda world: {k: _ADMIN_KWARGS[k] for k in params}


# The admin has no login page of its own: /admin/login/ sends everyone to the product login.
ROWS = [
    Row(f"admin:{name}", expect(FOUND), kwargs=_kwargs_for(params))
    for name, params in _admin_names()
]
