"""Real services for the tests that need them.

On a bare machine (the README's test command with nothing configured) a test that needs Redis
or PostgreSQL is skipped. In CI, REQUIRE_SERVICES=1 turns that skip into a failure, so a
service that is missing or misconfigured there can never pass silently.
"""

import contextlib
import os
import subprocess
import sys
import uuid

import pytest


def require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not configured")
    pytest.skip(f"{what} is not configured on this machine")


def redis_url(kind: str = "CELERY_BROKER_URL") -> str:
    url = os.environ.get(kind, "")
    require(url.startswith("redis://"), f"Redis ({kind})")
    return url


def database_url() -> str:
    """The test database as a URL, for a process of its own (a worker) to reach it."""
    from urllib.parse import quote

    from django.db import connection

    d = connection.settings_dict
    auth = quote(d["USER"] or "")
    if d.get("PASSWORD"):
        auth += ":" + quote(d["PASSWORD"])
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@contextlib.contextmanager
def celery_worker(tmp_path, *, name: str, env: dict[str, str] | None = None):
    """A real Celery worker on a queue of this test's own, so no other worker takes its tasks.

    The worker is another process, so it must see the test database: PostgreSQL only (pytest's
    SQLite test database lives in memory). Tasks sent while it runs go to its queue, not eagerly.
    """
    from django.conf import settings
    from django.db import connection

    from config.celery import app

    broker = redis_url()
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for the worker test")
    queue = f"test-{name}-{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "DATA_DIR": str(tmp_path),
        "DATABASE_CONN_MAX_AGE": "0",
        **(env or {}),
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed below, after the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
        cwd=settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=broker, task_default_queue=queue)
    try:
        yield
    finally:
        app.conf.update(saved)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
