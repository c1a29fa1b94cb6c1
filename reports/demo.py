"""Demo step: one finished progress report per demo municipality and one network report.

Rendered in-process (the demo must not depend on a running worker); a later run skips the
tenants that already have a finished report.
"""

from __future__ import annotations

import time

from django.utils import timezone

from municipalities.demo import MUNICIPALITIES, NETWORK_SLUG
from municipalities.models import Level, Membership, Municipality
from networks.models import Network, ProjectLeader

from . import selectors, services
from .models import Report, ReportKind, ReportStatus


def _render(report: Report, stdout) -> None:
    started = time.monotonic()
    services.report_render(report_id=report.pk)
    report.refresh_from_db()
    stdout.write(f"  {report.title}: {report.get_status_display()} ({time.monotonic() - started:.1f} s)")


def build(*, stdout) -> None:
    start, end = selectors.default_period(today=timezone.localdate())
    for _name, _code, slug, _schools in MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        if Report.objects.filter(municipality=municipality, status=ReportStatus.DONE).exists():
            continue
        politician = Membership.objects.filter(municipality=municipality, level=Level.NAMND).select_related("user").first()
        report, _created = services.report_request(
            kind=ReportKind.MUNICIPALITY, municipality=municipality, period_start=start, period_end=end,
            requested_by=politician.user if politician else None,
        )
        _render(report, stdout)
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is not None and not Report.objects.filter(network=network, status=ReportStatus.DONE).exists():
        leader = ProjectLeader.objects.filter(network=network).select_related("user").first()
        report, _created = services.report_request(
            kind=ReportKind.NETWORK, network=network, period_start=start, period_end=end,
            requested_by=leader.user if leader else None,
        )
        _render(report, stdout)
