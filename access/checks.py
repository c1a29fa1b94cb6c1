"""System checks for the caches: the tenant cache and the rate limits need one cache shared by
all processes."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Backends whose entries live in one process only.
_IN_PROCESS = ("locmem", "dummy")


def _in_process_cache() -> bool:
    backend = settings.CACHES["default"]["BACKEND"].lower()
    return any(name in backend for name in _IN_PROCESS)


@register(Tags.security, deploy=True)
def several_web_processes_share_a_cache(app_configs, **kwargs):
    """Production refuses to start (docker-compose runs `check --deploy` before anything else)."""
    if settings.WEB_CONCURRENCY > 1 and _in_process_cache():
        return [
            Error(
                f"{settings.WEB_CONCURRENCY} web processes (WEB_CONCURRENCY / gunicorn --workers) with an "
                "in-process cache.",
                hint="Login rate limits would count per process (each one allowing the full number of "
                "attempts) and a write in one process would not reach the others: set CACHE_URL "
                "(Redis), or run one web process.",
                id="access.E001",
            )
        ]
    return []


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
