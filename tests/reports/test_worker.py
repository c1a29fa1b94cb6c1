"""A real Celery worker against the real Redis renders a report requested through the web.

The worker is a separate process, so it must see the test database: PostgreSQL only (pytest's
SQLite test database lives in memory). On a bare machine the test is skipped; in CI
(REQUIRE_SERVICES=1, PostgreSQL and Redis) a missing service fails it.
"""

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from reports.models import Report, ReportStatus

from ..services import redis_url, require

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120


def _database_url() -> str:
    d = connection.settings_dict
    auth = quote(d["USER"] or "")
    if d.get("PASSWORD"):
        auth += ":" + quote(d["PASSWORD"])
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A worker on a queue of this test's own, so no other worker can take the task."""
    from config.celery import app

    broker = redis_url()
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL) for the worker test")
    queue = f"test-reports-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "DATA_DIR": str(tmp_path),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 (closed below, after the process)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=broker, task_default_queue=queue)
    try:
        yield tmp_path
    finally:
        app.conf.update(saved)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def test_real_worker_renders_a_report_requested_through_the_web(world, client_for, worker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client_for("namnd").post("/k/alby/rapporter/", {"period_start": "2025-07-01",
                                                               "period_end": "2026-06-30"})
    assert response.status_code == 302
    report = Report.objects.get()
    deadline = time.monotonic() + TIMEOUT
    while report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.5)
        report.refresh_from_db()
    log = (Path(worker) / "worker.log").read_text()
    assert report.status == ReportStatus.DONE, f"{report.status} {report.error}\n{log[-3000:]}"
    assert report.attempts == 1
    assert "PDF engine warm in" in log  # warmed at start, not on this first report (reports/warmup.py)
    response = client_for("larare").get(f"/k/alby/rapporter/{report.pk}/ladda-ner/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "Alby kommun" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"]
