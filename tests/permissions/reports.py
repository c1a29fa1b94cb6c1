"""Rows for the reports pages: the request pages and the permission-checked downloads."""

from . import FORBIDDEN, NOT_FOUND, OK, Row, municipality_page, network_page


def _municipality_report(world):
    from ..reports.factories import done_report

    report = world.extra.get("report_a") or done_report(municipality=world.a)
    world.extra["report_a"] = report
    return {"municipality": world.a.slug, "pk": report.pk}


def _other_municipality_report(world):
    from ..reports.factories import done_report

    report = world.extra.get("report_b") or done_report(municipality=world.b)
    world.extra["report_b"] = report
    return {"municipality": world.a.slug, "pk": report.pk}


def _network_report(world):
    from reports.models import ReportKind

    from ..reports.factories import done_report

    report = world.extra.get("report_n") or done_report(network=world.network, kind=ReportKind.NETWORK)
    world.extra["report_n"] = report
    return {"network": world.network.slug, "pk": report.pk}


def _other_network_report(world):
    from reports.models import ReportKind

    from ..reports.factories import done_report

    report = world.extra.get("report_m") or done_report(network=world.other_network, kind=ReportKind.NETWORK)
    world.extra["report_m"] = report
    return {"network": world.network.slug, "pk": report.pk}


ROWS = [
    # Every member reads the list; only politicians and coordinators get the form (same status).
    Row("reports:municipality_list", municipality_page()),
    Row("reports:municipality_download", municipality_page(), kwargs=_municipality_report),
    Row(
        "reports:municipality_download",
        municipality_page(members=NOT_FOUND),
        kwargs=_other_municipality_report,
        note="B's report under A's address is not found",
    ),
    Row("reports:network_list", network_page(members=FORBIDDEN, leader=OK)),
    Row("reports:network_download", network_page(members=FORBIDDEN, leader=OK), kwargs=_network_report),
    Row(
        "reports:network_download",
        network_page(members=FORBIDDEN, leader=NOT_FOUND),
        kwargs=_other_network_report,
        note="M's report under N's address is not found",
    ),
]
