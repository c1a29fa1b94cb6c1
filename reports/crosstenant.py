"""The reports app's writes across tenants, in one place (see access/crosstenant.py).

The periodic sweep fails every tenant's report rows whose worker is gone.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .models import Report, ReportStatus


def reports_fail_stale(*, now: datetime.datetime, running_before: datetime.datetime,
                       queued_before: datetime.datetime) -> tuple[int, int]:
    """Fail every tenant's rows running since before ``running_before`` or queued since before
    ``queued_before``; returns (running, queued) counts."""
    with scopes_disabled():
        running = Report.objects.filter(status=ReportStatus.RUNNING, started_at__lt=running_before).update(
            status=ReportStatus.FAILED,
            finished_at=now,
            error=_("Rapporten blev inte klar: arbetet avbröts. Beställ den gärna igen."),
        )
        queued = Report.objects.filter(status=ReportStatus.QUEUED, created__lt=queued_before).update(
            status=ReportStatus.FAILED,
            finished_at=now,
            error=_("Rapporten kom aldrig igång. Beställ den gärna igen."),
        )
    return running, queued
