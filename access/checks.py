"""A system check for the tenant cache (access.cache): it needs one cache shared by all processes."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def tenant_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"].lower()
    if settings.TENANT_CACHE_SECONDS and not settings.DEBUG and "locmem" in backend:
        return [
            Warning(
                "TENANT_CACHE_SECONDS is on with an in-process cache.",
                hint="A write in one web or worker process would not renew the pages the others keep: "
                "set CACHE_URL (Redis), or TENANT_CACHE_SECONDS=0.",
                id="access.W001",
            )
        ]
    return []
