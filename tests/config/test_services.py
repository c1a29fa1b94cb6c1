"""The configured services work: PostgreSQL through psycopg 3 and the Redis cache."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from ..services import redis_url, require


@pytest.mark.django_db
def test_database_is_postgresql_when_configured():
    require(os.environ.get("DATABASE_URL", "").startswith("postgres"), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select 1")
        assert cursor.fetchone() == (1,)


def test_redis_cache_round_trip():
    url = redis_url("CACHE_URL")
    cache = RedisCache(url, {"KEY_PREFIX": f"test-{os.getpid()}"})
    cache.set("hej", "på dig", 30)
    assert cache.get("hej") == "på dig"
    cache.set_many({"a": 1, "b": [2]}, 30)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
    assert cache.add("a", 5) is False and cache.incr("a") == 2
    cache.delete_many(["hej", "a", "b"])
    assert cache.get("hej") is None and cache.get_many(["a", "b"]) == {}
