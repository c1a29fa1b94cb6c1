"""A real Celery worker against the real Redis renders a report requested through the web.

The worker is a separate process, so it must see the test database: PostgreSQL only (pytest's
SQLite test database lives in memory). On a bare machine the test is skipped; in CI
(REQUIRE_SERVICES=1, PostgreSQL and Redis) a missing service fails it.
"""

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports.models import Report, ReportStatus

from ..services import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120


@pytest.fixture
def worker(tmp_path):
    with celery_worker(tmp_path, name="reports"):
        yield tmp_path


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
