"""The configured services work: PostgreSQL through psycopg 3 and the Redis cache."""

import os

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from config.env import redis_cache

from ..services import redis_url, require


@pytest.mark.django_db
def test_database_is_postgresql_when_configured():
    require(os.environ.get("DATABASE_URL", "").startswith("postgres"), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


def test_redis_cache_round_trip_on_one_client(monkeypatch):
    """The cache production configures (config.env.redis_cache) works, and keeps one Redis client:
    Django's own backend built one per operation, as costly as the round trip (issue 18)."""
    url = redis_url("CACHE_URL")
    clients = []
    init = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        clients.append(self)
        init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    with override_settings(CACHES={"other": {**redis_cache(url), "KEY_PREFIX": f"test-{os.getpid()}"}}):
        cache = caches["other"]
        cache.set("hej", "på dig", 30)
        assert cache.get("hej") == "på dig"
        cache.set_many({"a": 1, "b": [2]}, 30)
        assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
        assert cache.add("a", 5) is False and cache.incr("a") == 2
        cache.delete_many(["hej", "a", "b"])
        assert cache.get("hej") is None and cache.get_many(["a", "b"]) == {}
    assert len(clients) == 1
