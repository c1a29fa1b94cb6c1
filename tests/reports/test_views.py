"""The request pages, the htmx polling partial and the permission-checked download."""

import datetime

import pytest

from reports.models import Report, ReportKind, ReportStatus

from .factories import ReportFactory, done_report

pytestmark = pytest.mark.django_db

POST = {"period_start": "2025-07-01", "period_end": "2026-06-30"}


def test_politician_requests_a_report_and_downloads_the_pdf(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("namnd")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/k/alby/rapporter/", POST)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DONE and report.requested_by == world.user("namnd")
    page = client.get("/k/alby/rapporter/")
    download = f"/k/alby/rapporter/{report.pk}/ladda-ner/"
    assert download in page.content.decode()
    response = client_for("larare").get(download)  # every member reads it
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_teacher_sees_the_list_without_the_form_and_cannot_post(world, client_for):
    client = client_for("larare")
    page = client.get("/k/alby/rapporter/").content.decode()
    assert "Skapa rapport" not in page
    assert client.post("/k/alby/rapporter/", POST).status_code == 403
    assert Report.objects.count() == 0


def test_bad_period_shows_the_error_next_to_the_field(world, client_for):
    response = client_for("coordinator").post("/k/alby/rapporter/", {"period_start": "2026-02-01",
                                                                      "period_end": "2026-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_period_end_error"' in html and "Slutdatumet kan inte vara före startdatumet." in html
    assert Report.objects.count() == 0


def test_second_request_reuses_the_running_one(world, client_for):
    running = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING,
                            dedupe_key=f"municipality:{world.a.pk}:-:-:20250701:20260630")
    response = client_for("namnd").post("/k/alby/rapporter/", POST, follow=True)
    assert "Samma rapport skapas redan" in response.content.decode()
    assert list(Report.objects.values_list("pk", flat=True)) == [running.pk]


def test_polling_partial_polls_while_running_and_stops_when_done(world, client_for):
    report = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING,
                           started_at=datetime.datetime.now(datetime.UTC))
    client = client_for("forvaltning")
    page = client.get("/k/alby/rapporter/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "<h1>" in page
    partial = client.get("/k/alby/rapporter/", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<h1>" not in body and 'hx-trigger="every 2s"' in body
    assert "HX-Request" in partial["Vary"]
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.DONE)
    from django.core.files.base import ContentFile

    report.refresh_from_db()
    report.file.save("r.pdf", ContentFile(b"%PDF-"), save=True)
    body = client.get("/k/alby/rapporter/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in body.split('id="report-live"')[0]
    assert 'hx-swap-oob="true"' in body and "Rapporten är klar" in body


def test_report_list_polled_every_two_seconds_writes_nothing_the_sweep_is_beats(world, client_for, settings):
    # The list is polled by htmx every 2 s: it only reads. A row whose worker died is failed by
    # the beat task (reports.tasks.sweep_stale_reports), not by whoever happens to look.
    report = ReportFactory(municipality=world.a, status=ReportStatus.RUNNING,
                           started_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    client = client_for("namnd")
    client.get("/k/alby/rapporter/")
    client.get("/k/alby/rapporter/", headers={"HX-Request": "true"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING
    assert settings.CELERY_BEAT_SCHEDULE["reports-sweep-stale"]["task"] == "reports.tasks.sweep_stale_reports"


def test_unfinished_report_is_not_downloadable(world, client_for):
    report = ReportFactory(municipality=world.a, status=ReportStatus.QUEUED)
    assert client_for("namnd").get(f"/k/alby/rapporter/{report.pk}/ladda-ner/").status_code == 404


def test_another_municipality_report_is_404_even_for_its_network_leader(world, client_for):
    report = done_report(municipality=world.b)
    assert client_for("namnd").get(f"/k/alby/rapporter/{report.pk}/ladda-ner/").status_code == 404
    assert client_for("leader").get(f"/n/natverk-norr/rapporter/{report.pk}/ladda-ner/").status_code == 404


def test_requesting_for_another_municipality_is_404(world, client_for):
    assert client_for("namnd").post("/k/cby/rapporter/", POST).status_code == 404
    assert Report.objects.count() == 0


def test_leader_requests_network_report_and_meeting_summary(world, client_for, django_capture_on_commit_callbacks):
    from networks.models import Round

    round_ = Round.objects.create(network=world.network, number=1, home_phase_starts=datetime.date(2025, 9, 1))
    client = client_for("leader")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/n/natverk-norr/rapporter/", {**POST, "kind": "network"}).status_code == 302
        assert client.post("/n/natverk-norr/rapporter/", {**POST, "kind": "meeting", "round": round_.pk}).status_code == 302
    kinds = dict(Report.objects.values_list("kind", "status"))
    assert kinds == {ReportKind.NETWORK: ReportStatus.DONE, ReportKind.MEETING: ReportStatus.DONE}


def test_meeting_summary_without_a_round_is_refused_next_to_the_field(world, client_for):
    response = client_for("leader").post("/n/natverk-norr/rapporter/", {**POST, "kind": "meeting"})
    assert response.status_code == 200
    assert 'id="id_round_error"' in response.content.decode()


def test_round_of_another_network_is_not_a_valid_choice(world, client_for):
    from networks.models import Round

    foreign = Round.objects.create(network=world.other_network, number=1, home_phase_starts=datetime.date(2025, 9, 1))
    response = client_for("leader").post("/n/natverk-norr/rapporter/", {**POST, "kind": "meeting", "round": foreign.pk})
    assert response.status_code == 200 and Report.objects.count() == 0
