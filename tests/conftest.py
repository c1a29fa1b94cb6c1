import os

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from .world import build_world

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check would
# otherwise refuse the ORM calls that the live server and fixtures make in that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # Each test process counts rate limits in its own memory: parallel workers sharing Redis
    # would clear each other's counters. tests/config/test_services.py checks the Redis cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    # allauth's rate limits count in the cache; one test's failed logins must not limit the next.
    # (Cleared here, after the override, so it is this cache that is emptied.)
    from django.core.cache import cache

    from access.invalidation import _tenant_via

    cache.clear()
    # Which tenant a parent row belongs to is remembered per process (access.invalidation);
    # SQLite hands a rolled-back test's primary keys out again, so each test starts afresh.
    _tenant_via.cache_clear()
    yield
    cache.clear()


# --- benchmarks (issue 8): django-zeal, the N+1 detector --------------------------------------------
# Every request a test makes runs inside zeal's context (its middleware, added for the tests only):
# a relation loaded one row at a time in a loop raises NPlusOneError and fails the test. A pattern
# that is meant (bounded and small) goes in ZEAL_ALLOWLIST below with the reason.
ZEAL_ALLOWLIST: list[dict] = [
    # Django's lazy request.user loads the user again after allauth's own lookup in the
    # password-reset-by-key and signup flows (third-party code, two queries, not a loop).
    {"model": "accounts.User", "field": "get()"},
    # allauth's signup-and-login flow reads the session again after cycling its key (two queries).
    {"model": "sessions.Session", "field": "get()"},
    # reviews.services.response_save: one update_or_create per statement of the template (a
    # handful, bounded by the template), kept for its last-write-wins answer to two open tabs
    # racing on the one-answer-per-statement constraint.
    {"model": "reviews.Answer", "field": "get()"},
]
_zeal_patched = False


@pytest.fixture(autouse=True)
def _zeal_n_plus_one(settings):
    global _zeal_patched
    if not _zeal_patched:
        # What zeal's AppConfig.ready() does; zeal is a test dependency, not an installed app.
        from zeal.constants import initialize_app_registry
        from zeal.patch import patch

        initialize_app_registry()
        patch()
        _zeal_patched = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "zeal.middleware.zeal_middleware"]
    settings.ZEAL_RAISE = True
    settings.ZEAL_ALLOWLIST = ZEAL_ALLOWLIST
    yield


@pytest.fixture
def unscoped():
    """Test setup and assertions read across tenants; views still run inside their own scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def world(db, unscoped, request):
    return build_world(staff_personas=request.node.get_closest_marker("staff_personas") is not None)


@pytest.fixture
def client_for(world):
    def make(persona: str) -> Client:
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def get_cold(django_assert_max_num_queries):
    """A page's whole work within ``max_queries``: asked once (a stale figure drawn, its parts
    kept), then asked again right after every tenant's cache version was renewed, as after a
    write (issue 18's cold requests)."""
    from access import cache as tenant_cache

    def get(client, url: str, *, max_queries: int):
        client.get(url)
        tenant_cache.bump(everything=True)
        with django_assert_max_num_queries(max_queries):
            return client.get(url)

    return get


# --- commitments: private files ------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _private_storage_in_tmp(settings, tmp_path):
    """Uploaded attachments and generated files go to a per-test directory, never to var/."""
    private = {"BACKEND": "django.core.files.storage.FileSystemStorage",
               "OPTIONS": {"location": tmp_path / "private", "base_url": None}}
    settings.STORAGES = {**settings.STORAGES, "private": private}


@pytest.fixture(autouse=True)
def _no_kolada_network(monkeypatch):
    """No test asks the real Kolada: the Kolada page's group list fails (its Swedish message shows)
    unless a test passes recorded answers (tests/indicators/kolada/)."""
    from indicators import kolada, selectors

    def offline(url: str) -> dict:
        raise OSError(f"no network in tests: {url}")

    monkeypatch.setattr(selectors, "kolada_fetch", offline)
    monkeypatch.setattr(kolada, "http_get_json", offline)
