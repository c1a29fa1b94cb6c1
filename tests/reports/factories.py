import datetime

import factory

from reports.models import Report, ReportKind, ReportStatus


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = ReportKind.MUNICIPALITY
    period_start = datetime.date(2025, 7, 1)
    period_end = datetime.date(2026, 6, 30)
    status = ReportStatus.QUEUED
    title = "Lägesrapport"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")


def done_report(**kwargs) -> Report:
    """A finished report with a (tiny) PDF file in private storage."""
    from django.core.files.base import ContentFile

    report = ReportFactory(status=ReportStatus.DONE, **kwargs)
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return report
