"""The report row's lifecycle: request, dedupe, render, failure, the stale sweeper."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from reports import services, tasks
from reports.models import Report, ReportKind, ReportStatus

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": datetime.date(2025, 7, 1), "period_end": datetime.date(2026, 6, 30)}


def _request(world, **kwargs):
    return services.report_request(kind=ReportKind.MUNICIPALITY, municipality=world.a,
                                   requested_by=world.user("namnd"), **{**PERIOD, **kwargs})


def test_request_creates_a_queued_row_and_sends_the_task_after_commit(world, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.render_report, "delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            report, created = _request(world)
            assert not delay.called  # not before the commit
        assert created and report.status == ReportStatus.QUEUED
        assert not delay.called and callbacks
        for callback in callbacks:  # the commit: the task is sent once
            callback()
        delay.assert_called_once_with(report.pk)


def test_second_request_reuses_the_queued_one(world, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.render_report, "delay"), django_capture_on_commit_callbacks(execute=True):
        first, created_first = _request(world)
        second, created_second = _request(world)
    assert created_first and not created_second
    assert first.pk == second.pk
    assert Report.objects.count() == 1


def test_a_finished_report_is_kept_and_a_new_one_is_made(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _request(world)
    first.refresh_from_db()
    assert first.status == ReportStatus.DONE
    with django_capture_on_commit_callbacks(execute=True):
        second, created = _request(world)
    assert created and second.pk != first.pk
    assert Report.objects.filter(status=ReportStatus.DONE).count() == 2


def test_task_renders_the_pdf_into_private_storage(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.started_at and report.finished_at and report.finished_at >= report.started_at
    assert report.file.name.startswith("reports/") and "alby" not in report.file.name
    with report.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert len(report.inputs_hash) == 64


def test_bad_period_is_refused_with_a_swedish_message(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        _request(world, period_start=datetime.date(2026, 1, 2), period_end=datetime.date(2026, 1, 1))
    assert "Slutdatumet kan inte vara före startdatumet." in exc.value.message_dict["period_end"]
    assert Report.objects.count() == 0


def test_meeting_summary_needs_a_round_of_the_same_network(world):
    from django.core.exceptions import ValidationError

    from networks.models import Round

    other_round = Round.objects.create(network=world.other_network, number=1,
                                       home_phase_starts=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError) as exc:
        services.report_request(kind=ReportKind.MEETING, network=world.network, round=other_round,
                                requested_by=world.user("leader"), **PERIOD)
    assert "round" in exc.value.message_dict


def test_a_crash_while_rendering_leaves_failed_with_a_readable_message(world, django_capture_on_commit_callbacks):
    with mock.patch("reports.services.html_to_pdf", side_effect=RuntimeError("boom")), \
            django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "tekniskt fel" in report.error and "boom" not in report.error
    assert report.finished_at is not None


def test_passing_database_errors_are_retried_then_fail(world, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.render_report, "delay"), django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)
    with mock.patch("reports.services.report_render", side_effect=OperationalError("gone")) as render:
        tasks.render_report.apply(args=[report.pk])
    assert render.call_count == services.MAX_RETRIES + 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.error


def test_a_retry_after_a_passing_error_can_succeed(world, django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.render_report, "delay"), django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)
    real = services.report_render
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("connection reset")
        return real(**kwargs)

    with mock.patch("reports.services.report_render", side_effect=flaky):
        tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and len(calls) == 2


def test_soft_time_limit_fails_with_a_message(world, django_capture_on_commit_callbacks):
    from celery.exceptions import SoftTimeLimitExceeded

    with mock.patch.object(tasks.render_report, "delay"), django_capture_on_commit_callbacks(execute=True):
        report, _ = _request(world)
    with mock.patch("reports.services.report_render", side_effect=SoftTimeLimitExceeded()):
        tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "för lång tid" in report.error


def test_redelivered_task_for_a_running_row_renders_again(world):
    """acks_late + reject_on_worker_lost: a worker died mid-render and the broker hands it out again."""
    report = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING, started_at=timezone.now())
    tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 1


def test_finished_row_is_not_rendered_again(world):
    report = ReportFactory(municipality=world.a, status=ReportStatus.FAILED, error="x")
    assert services.report_start(report_id=report.pk) is None


def test_sweeper_fails_rows_stuck_in_running_or_queued(world):
    now = timezone.now()
    stuck = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING,
                          started_at=now - services.STALE_RUNNING_AFTER - datetime.timedelta(minutes=1))
    busy = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING, started_at=now)
    lost = ReportFactory(municipality=world.a, status=ReportStatus.QUEUED)
    Report.objects.filter(pk=lost.pk).update(created=now - services.STALE_QUEUED_AFTER - datetime.timedelta(minutes=1))
    assert services.reports_sweep_stale(now=now) == 2
    for r in (stuck, busy, lost):
        r.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and "avbröts" in stuck.error
    assert lost.status == ReportStatus.FAILED and "aldrig igång" in lost.error
    assert busy.status == ReportStatus.RUNNING


def test_sweeper_is_scheduled(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.tasks.sweep_stale_reports" in schedule


def test_report_rows_refuse_to_be_read_outside_a_scope(world):
    from django_scopes import scope
    from django_scopes.exceptions import ScopeError

    ReportFactory(municipality=world.a)
    ReportFactory(network=world.network, kind=ReportKind.NETWORK)
    ReportFactory(municipality=world.c)

    with scope(municipality=world.a.pk, network=[world.network.pk]):
        assert {r.municipality_id or -r.network_id for r in Report.objects.all()} == {world.a.pk, -world.network.pk}
    with scope(municipality=world.c.pk, network=[world.other_network.pk]):
        assert [r.municipality_id for r in Report.objects.all()] == [world.c.pk]
    with scope(other="x"), pytest.raises(ScopeError):
        list(Report.objects.all())
