"""A real Celery worker sends the e-mail of a mapping opened through the web, one row each.

As tests/reports/test_worker.py: the worker is another process, so it needs PostgreSQL and
Redis; skipped on a bare machine, a failure in CI (REQUIRE_SERVICES=1). The worker's mail goes
to files (Django's file backend), which the test reads.
"""

import datetime
import time

import pytest
from django.utils import timezone

from mailings.models import Delivery, DeliveryStatus, Mailing, MailingKind
from reviews.models import Mapping

from ..reviews.factories import skr_template
from ..services import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120


@pytest.fixture
def worker(tmp_path):
    """The worker's e-mail goes to files (Django's file backend), which the test reads."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    with celery_worker(tmp_path, name="mailings", env={"EMAIL_URL": f"filemail:///{outbox}"}):
        yield outbox


def test_real_worker_sends_a_mapping_opened_through_the_web(world, client_for, worker, settings, mailoutbox):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    today = timezone.localdate()
    response = client_for("coordinator").post("/k/alby/kartlaggning/ny/", {
        "template": skr_template().pk, "title": "Hösten", "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert mailoutbox == []  # nothing was sent inside the web request
    mapping = Mapping.objects.get()
    mailing = Mailing.objects.get(kind=MailingKind.MAPPING_OPENED, object_id=mapping.pk)
    deadline = time.monotonic() + TIMEOUT
    while mailing.finished_at is None and time.monotonic() < deadline:
        time.sleep(0.5)
        mailing.refresh_from_db()
    log = (worker.parent / "worker.log").read_text()
    assert mailing.finished_at is not None, log[-3000:]
    assert set(Delivery.objects.filter(mailing=mailing).values_list("status", flat=True)) == {DeliveryStatus.SENT}
    written = "".join(path.read_text() for path in worker.iterdir())
    for persona in ("namnd", "forvaltning", "rektor", "larare", "coordinator"):
        assert f"To: {persona}@example.se" in written
    html = client_for("coordinator").get(response["Location"]).content.decode()
    assert "Skickat till 5 av 5" in html
