"""The coordinator's data export works on real data: every demo municipality, every kind of row."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from accounts.models import User
from municipalities.models import Membership, Municipality


@pytest.mark.django_db
def test_every_demo_municipality_exports_its_data_as_a_zip_with_json_and_a_spreadsheet():
    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        municipalities = list(Municipality.objects.all())
        coordinators = {
            m.municipality_id: m.user
            for m in Membership.objects.filter(is_coordinator=True).select_related("user")
        }
        # The demo has the rows that once broke the export (a stored report PDF): the test covers them.
        from reports.models import Report

        assert Report.objects.exclude(file="").exists()
    assert len(municipalities) == 6
    for municipality in municipalities:
        client = Client()
        client.force_login(coordinators[municipality.pk])
        response = client.get(f"/k/{municipality.slug}/export.zip")
        assert response.status_code == 200, municipality.slug
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        summary = json.loads(archive.read("innehall.json"))
        assert summary["municipality"] == municipality.name
        workbook = load_workbook(io.BytesIO(archive.read("kalkylblad.xlsx")), read_only=True)
        reports = [f for f in summary["files"] if f["name"] == "reports_report"]
        if reports and reports[0]["rows"]:
            rows = json.loads(archive.read("json/reports_report.json"))
            # The file is named by its place in storage; the bytes stay behind the download view.
            assert all(isinstance(r["file"], str) for r in rows)
            assert "reports_report" in workbook.sheetnames
    assert User.objects.filter(email__endswith="@demo.skolnatverk.se").exists()
