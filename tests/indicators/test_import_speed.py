"""The import_speed command: national scale, figures per file, nothing kept, the SQL log off."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from indicators.importer import engine
from indicators.models import Measurement
from municipalities.models import Municipality

G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"

pytestmark = pytest.mark.usefixtures("unscoped")


def test_import_speed_measures_as_the_worker_runs_and_keeps_nothing(db, tmp_path, capsys, monkeypatch):
    shutil.copy(Path(settings.BASE_DIR) / "data" / "skolverket" / G6, tmp_path / G6)
    logged = []
    save = engine._save

    def spy(*args, **kwargs):
        logged.append(connection.queries_logged)
        return save(*args, **kwargs)

    monkeypatch.setattr(engine, "_save", spy)
    monkeypatch.setattr(engine, "CREATE_CHUNK", 500)  # several chunks: each written whole
    call_command("import_speed", "--dir", str(tmp_path))
    out = capsys.readouterr().out
    assert logged == [False], "the SQL of every query is not kept while measuring"
    assert "3815 värden" in out and "MB hittills" in out and "Totalt:" in out
    assert not Measurement.objects.exists() and not Municipality.objects.exists(), "rolled back"


def test_rows_written_a_chunk_at_a_time_are_all_there_with_their_history(db, monkeypatch):
    from indicators.importer import run_import

    from ..factories import MunicipalityFactory

    for name, code in (("Ale", "1440"), ("Alingsås", "1489"), ("Alvesta", "0764")):
        MunicipalityFactory(name=name, slug=name.lower(), code=code)
    monkeypatch.setattr(engine, "CREATE_CHUNK", 7)
    result = run_import((Path(settings.BASE_DIR) / "data" / "skolverket" / G6).read_bytes(), filename=G6)
    assert result.created == Measurement.objects.count() == Measurement.history.count() > 7 * 3
    again = run_import((Path(settings.BASE_DIR) / "data" / "skolverket" / G6).read_bytes(), filename=G6)
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)
