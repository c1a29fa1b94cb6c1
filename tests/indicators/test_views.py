"""Through the web: upload -> preview -> confirm, manual entry, correction, export."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from indicators.models import ImportStatus, Indicator, Measurement, Source, StatisticsImport

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"


@pytest.fixture
def ale_as_a(world):
    """Municipality A gets Ale's code, B gets Alingsås's: both are in the real file."""
    world.a.code, world.b.code = "1440", "1489"
    world.a.save()
    world.b.save()
    return world


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post a file to an import page; the worker (Celery eager) runs once the row is committed.
    Returns the page the upload redirects to (the import's own page), or the form on an error."""

    def post(client, url, name=G6, data=None):
        content = data if data is not None else (DATA / name).read_bytes()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        if response.status_code != 302:
            return response
        return client.get(response["Location"])

    return post


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    def post(client, url, **data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        return client.get(response["Location"]) if response.status_code == 302 else response

    return post


def test_coordinator_preview_then_confirm_imports_only_own_municipality(ale_as_a, client_for, upload, confirm):
    world = ale_as_a
    client = client_for("coordinator")
    url = reverse("indicators:import", kwargs={"municipality": world.a.slug})
    preview = upload(client, url)
    assert preview.status_code == 200
    assert not Measurement.objects.exists(), "nothing is saved before confirm"
    row = preview.context["row"]
    assert row.status == ImportStatus.PREVIEW and row.requested_by == world.user("coordinator")
    result = preview.context["result"]
    assert result["municipalities"] == [world.a.name]
    assert result["skipped_rows"] == 763 - 3
    assert "Förhandsgranskning" in preview.content.decode()
    detail = preview.request["PATH_INFO"]

    done = confirm(client, detail, action="import")
    assert done.status_code == 200 and done.context["row"].status == ImportStatus.DONE
    assert "Importen är klar" in done.content.decode()
    assert set(Measurement.objects.values_list("municipality_id", flat=True)) == {world.a.pk}
    assert not Measurement.objects.filter(municipality=world.b).exists(), "B is in the file but not ours"
    m = Measurement.objects.get(municipality=world.a, indicator__name__startswith="Andel (%) elever som fått",
                                indicator__organiser_type="Samtliga")
    assert m.value == Decimal("75.9") and m.updated_by == world.user("coordinator")
    assert m.history.get().history_user == world.user("coordinator")
    row.refresh_from_db()
    assert not row.file, "the stored file is deleted once imported"

    again = confirm(client, detail, action="import")
    assert again.context["row"].status == ImportStatus.DONE and Measurement.objects.count() == 15, "a second click saves nothing more"


def test_upload_is_read_by_the_worker_not_in_the_request(ale_as_a, client_for):
    """The web request only stores the file and queues the row: without the worker nothing is read."""
    world = ale_as_a
    url = reverse("indicators:import", kwargs={"municipality": world.a.slug})
    client = client_for("coordinator")
    response = client.post(url, {"file": SimpleUploadedFile(G6, (DATA / G6).read_bytes())})
    row = StatisticsImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/statistik/import/{row.pk}/")
    assert (row.status, row.summary, row.municipality, row.network) == (ImportStatus.QUEUED, {}, world.a, None)
    page = client.get(response["Location"], headers={"HX-Request": "true"})
    html = page.content.decode()
    assert 'hx-trigger="every 2s"' in html and "<progress" in html, "the page polls while the worker reads"
    assert "<html" not in html, "htmx gets the polled part only"


def test_a_tenant_cannot_queue_the_shared_worker_full(ale_as_a, client_for):
    """The worker is every tenant's: a municipality has at most three imports waiting at a time."""
    url = reverse("indicators:import", kwargs={"municipality": ale_as_a.a.slug})
    client = client_for("coordinator")
    for _ in range(3):
        assert client.post(url, {"file": SimpleUploadedFile(G6, b"x;y\n")}).status_code == 302
    refused = client.post(url, {"file": SimpleUploadedFile(G6, b"x;y\n")})
    assert refused.status_code == 200 and "Vänta tills de är klara" in refused.context["upload_form"].errors["file"][0]
    assert StatisticsImport.objects.count() == 3
    # Another tenant's queue is its own.
    leader = client_for("leader")
    net = reverse("indicators:network_import", kwargs={"network": ale_as_a.network.slug})
    assert leader.post(net, {"file": SimpleUploadedFile(G6, b"x;y\n")}).status_code == 302


def test_an_import_of_another_tenant_is_not_found(ale_as_a, client_for, upload):
    world = ale_as_a
    upload(client_for("coordinator"), reverse("indicators:import", kwargs={"municipality": world.a.slug}))
    row = StatisticsImport.objects.get()
    leader = client_for("leader")
    assert leader.get(reverse("indicators:network_import_detail",
                              kwargs={"network": world.network.slug, "pk": row.pk})).status_code == 404
    assert leader.post(reverse("indicators:network_import_detail", kwargs={"network": world.network.slug, "pk": row.pk}),
                       {"action": "import"}).status_code == 404
    assert not Measurement.objects.exists()


def test_project_leader_imports_for_member_municipalities(ale_as_a, client_for, upload, confirm):
    world = ale_as_a
    client = client_for("leader")
    url = reverse("indicators:network_import", kwargs={"network": world.network.slug})
    preview = upload(client, url)
    assert sorted(preview.context["result"]["municipalities"]) == sorted([world.a.name, world.b.name])
    confirm(client, preview.request["PATH_INFO"], action="import")
    assert set(Measurement.objects.values_list("municipality_id", flat=True)) == {world.a.pk, world.b.pk}


def test_bad_upload_shows_the_reason_and_saves_nothing(ale_as_a, client_for, upload):
    url = reverse("indicators:import", kwargs={"municipality": ale_as_a.a.slug})
    response = upload(client_for("coordinator"), url, name="x.csv", data=b"hej;hopp\n")
    assert response.context["row"].status == ImportStatus.FAILED
    assert "inte ut som en export" in response.content.decode()
    assert not response.context["row"].file, "a refused file is not kept"
    big = upload(client_for("coordinator"), url, name="stor.csv", data=b"x" * (50 * 1024 * 1024))
    assert big.context["upload_form"].errors["file"][0].startswith("Filen är för stor (50,0 MB)")
    assert not Measurement.objects.exists()


def test_cancel_deletes_the_upload(ale_as_a, client_for, upload):
    client = client_for("coordinator")
    preview = upload(client, reverse("indicators:import", kwargs={"municipality": ale_as_a.a.slug}))
    row = preview.context["row"]
    assert row.file
    client.post(preview.request["PATH_INFO"], {"action": "cancel"})
    row.refresh_from_db()
    assert row.status == ImportStatus.CANCELLED and not row.file and not Measurement.objects.exists()


def test_grade_asked_for_in_the_preview(ale_as_a, client_for, upload, confirm):
    client = client_for("coordinator")
    url = reverse("indicators:import", kwargs={"municipality": ale_as_a.a.slug})
    text = (DATA / G6).read_text(encoding="utf-8-sig").replace("årskurs 6", "")
    first = upload(client, url, name="tabell.csv", data=text.encode())
    assert first.context["needs_grade"] and first.context["row"].status == ImportStatus.NEEDS_GRADE
    detail = first.request["PATH_INFO"]
    missing = confirm(client, detail, action="preview", grade="")
    assert "Ange vilken årskurs" in missing.content.decode()
    preview = confirm(client, detail, action="preview", grade="6")
    assert preview.context["result"]["created"] == 15
    confirm(client, detail, action="import")
    assert set(Measurement.objects.values_list("grade", flat=True)) == {6}


def test_manual_entry_validation_and_correction_with_history(world, client_for):
    indicator = Indicator.objects.create(key="k", name="Andel (%) godkända", unit="percent")
    client = client_for("forvaltning")
    url = reverse("indicators:measurement_new", kwargs={"municipality": world.a.slug})
    base = {"indicator": indicator.pk, "school": "", "school_year": "2023/24", "grade": "9"}
    both = client.post(url, {**base, "value": "70,5", "marker": ".."})
    assert "inte båda" in both.content.decode()
    assert "mellan 0 och 100" in client.post(url, {**base, "value": "170", "marker": ""}).content.decode()
    assert "Skriv läsåret som 2023/24" in client.post(url, {**base, "school_year": "2024", "value": "1"}).content.decode()
    assert "inte ett tal" in client.post(url, {**base, "value": "12,3,4"}).content.decode()
    foreign = client.post(url, {**base, "school": world.school_b1.pk, "value": "1"})
    assert foreign.status_code == 200 and foreign.context["form"].errors["school"]
    assert not Measurement.objects.exists()

    created = client.post(url, {**base, "value": "70,5", "marker": ""})
    m = Measurement.objects.get()
    assert created.status_code == 302 and (m.value, m.source, m.school_year) == (Decimal("70.5"), Source.MANUAL, 2024)

    detail = reverse("indicators:measurement", kwargs={"municipality": world.a.slug, "pk": m.pk})
    client_for("coordinator").post(detail, {"value": "", "marker": "~100"})
    m.refresh_from_db()
    assert (m.value, m.suppressed_marker) == (None, "~100")
    page = client.get(detail).content.decode()
    assert "70,5 → ~100" in page and "Coordinator Testsson" in page


def test_export_download_and_command(world, client_for, capsysbinary):
    indicator = Indicator.objects.create(key="k", name="Andel (%) godkända", organiser_type="Samtliga", subject="Matematik")
    Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=2024, grade=9, value=Decimal("84.3"))
    Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=2023, grade=9, suppressed_marker="..")
    Measurement.objects.create(indicator=indicator, municipality=world.b, school_year=2024, grade=9, value=Decimal("11"))

    response = client_for("larare").get(reverse("indicators:export_csv", kwargs={"municipality": world.a.slug}))
    assert response["Content-Disposition"].startswith("attachment")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Andel (%) godkända;Samtliga;Matematik;9;;;2022/23;;..;")
    assert lines[2].startswith("Andel (%) godkända;Samtliga;Matematik;9;;;2023/24;84,3;;")
    assert len(lines) == 3, "B's value is not in A's export"

    xlsx = client_for("namnd").get(reverse("indicators:export_xlsx", kwargs={"municipality": world.a.slug}))
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[2][6:9] == ("2023/24", 84.3, None)

    call_command("export_measurements", "--municipality", "0101")
    out = capsysbinary.readouterr().out.decode("utf-8-sig")
    assert "2023/24;84,3" in out and "11" not in out.split("\n", 1)[1]
    call_command("export_measurements", "--municipality", "0101", "--format", "xlsx")
    data = capsysbinary.readouterr().out
    assert data.startswith(b"PK") and len(list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows())) == 3


def test_import_command(world, capsys):
    world.a.code = "1440"
    world.a.save()
    call_command("import_statistics", str(DATA / G6), "--dry-run")
    assert "Rader lästa: 763" in capsys.readouterr().out
    assert not Measurement.objects.exists()
    call_command("import_statistics", str(DATA / G6))
    assert Measurement.objects.filter(municipality=world.a).count() == 15
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inte ut som en export"):
        call_command("import_statistics", __file__)


def test_statistics_page_lists_latest_values(world, client_for):
    indicator = Indicator.objects.create(key="k", name="Andel (%) godkända", organiser_type="Samtliga",
                                         source_table="Testtabell")
    for year, value in ((2023, "60.1"), (2024, "84.3")):
        Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=year, grade=9, value=Decimal(value))
    page = client_for("larare").get(reverse("indicators:statistics", kwargs={"municipality": world.a.slug}))
    html = page.content.decode()
    assert "84,3 %" in html and "60,1" not in html and "Testtabell" in html
    assert "Lägg in värde" not in html  # a teacher reads only


def test_the_preview_shows_each_changed_value_old_and_new(ale_as_a, client_for, upload, confirm):
    """Issue 15: not "1 changed" but which kommun, year and measure, and old -> new."""
    world = ale_as_a
    client = client_for("coordinator")
    url = reverse("indicators:import", kwargs={"municipality": world.a.slug})
    confirm(client, upload(client, url).request["PATH_INFO"], action="import")
    m = Measurement.objects.get(municipality=world.a, indicator__name__startswith="Andel (%) elever som fått",
                                indicator__organiser_type="Samtliga")
    m.value = Decimal("70.1")
    m.save()
    preview = upload(client, url)
    [change] = preview.context["result"]["changes"]
    assert "Ale" in change["municipality_name"]  # the name as the file has it
    assert (change["old"], change["new"]) == ("70,1", "75,9")
    assert "(samtliga)" in change["measure"]
    html = preview.content.decode()
    assert "Värdet som ändras" in html and "<del>70,1</del>" in html and "<ins>75,9</ins>" in html
    assert change["school_year_label"] in html
    # On a phone the municipality and year fold under the measure, so old and new stay in view;
    # the table scrolls in a region one can reach with the keyboard.
    assert f'<span class="narrow-only muted">{change["municipality_name"]} · {change["school_year_label"]}' in html
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="changes-caption">' in html
