"""``manage.py loadtest`` drives real gunicorn workers with locust, writes included, and finds a capacity.

gunicorn is another process, so it must reach the test database: PostgreSQL (pytest's SQLite
test database lives in memory), with Redis as the shared cache of its workers.
"""

import dataclasses
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scopes_disabled

from benchmarks.crosstenant import build
from commitments.models import ProgressUpdate
from config.env import redis_cache
from tests.services import database_url, redis_url, require

from .test_query_budget import SMALL

pytestmark = pytest.mark.django_db(transaction=True)  # gunicorn reads what the test wrote


@pytest.fixture
def served_test_database(monkeypatch, settings):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for the load test")
    # gunicorn's workers and this process share one Redis cache, as in production; a database of
    # its own, since the tests' fixture empties the cache it is given.
    cache_url = redis_url("CACHE_URL").rsplit("/", 1)[0] + "/14"
    settings.CACHES = {"default": redis_cache(cache_url)}
    monkeypatch.setenv("DATABASE_URL", database_url())
    monkeypatch.setenv("CACHE_URL", cache_url)
    monkeypatch.setenv("DATABASE_CONN_MAX_AGE", "0")  # the test database is dropped at the end
    build(dataclasses.replace(SMALL, tag=""))


def test_a_load_run_reads_and_writes_through_gunicorn_without_an_error(served_test_database, tmp_path):
    with scopes_disabled():
        updates_before = ProgressUpdate.objects.count()
    out = tmp_path / "load.json"
    call_command("loadtest", "--seconds", "8", "--users", "6", "--spawn-rate", "6", "--workers", "2",
                 "--municipalities", "3", "--max-p95", "10000", "--json", str(out))
    result = json.loads(out.read_text())
    assert result["requests"] > 10 and result["failures_count"] == 0 and result["failures"] == []
    assert result["gunicorn_workers"] == 2 and result["users"] == 6
    roles = {name.split(":")[0] for name in result["per_request"]}
    assert roles <= {"politiker", "larare", "processledare"} and "politiker" in roles
    # Every progress update the teachers posted is stored (a refused form answers 400, a failure).
    # At least: a POST still on its way when locust stops is stored but not counted.
    posted = result["per_request"].get("larare: update (POST)", {}).get("count", 0)
    with scopes_disabled():
        assert ProgressUpdate.objects.count() - updates_before >= posted


def test_the_capacity_search_stops_at_the_first_step_over_the_limit(served_test_database, tmp_path, capsys):
    out = tmp_path / "capacity.json"
    # A limit no request can meet: the first step passes it, and nothing was served within it.
    call_command("loadtest", "--capacity", "--seconds", "4", "--capacity-p95", "0.001", "--capacity-start", "3",
                 "--workers", "1", "--municipalities", "3", "--json", str(out))
    result = json.loads(out.read_text())
    assert result["mode"] == "capacity" and result["limit_found"] is True
    assert len(result["steps"]) == 1 and result["capacity_rps"] == 0.0
    step = result["steps"][0]
    assert step["offered_tasks_per_s"] == 3.0 and step["users"] == 10 and step["rps"] > 0
    assert step["p95_ms"] > 0.001
    assert "Capacity: 0.0 requests/s" in capsys.readouterr().out
