"""A file imports whole or not at all: every real export, cut in transfer, is refused with a
message that says it looks cut off, and nothing of it is saved."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from indicators.importer import ImportRejected, run_import
from indicators.models import Indicator, Measurement

from ..factories import MunicipalityFactory

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
CSV_FILES = sorted(p.name for p in DATA.glob("*.csv"))
XLSX_FILES = sorted(p.name for p in DATA.glob("*.xlsx"))

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture(autouse=True)
def municipalities(db):
    # Every municipality of the files' first rows, so that a cut file would have something to save.
    for name, code in (("Ale", "1440"), ("Alingsås", "1489"), ("Alvesta", "0764"), ("Fagersta", "1982")):
        MunicipalityFactory(name=name, slug=name.lower(), code=code)


def _refused_as_cut_off(data: bytes, name: str) -> None:
    with pytest.raises(ImportRejected) as exc:
        run_import(data, filename=name)
    assert "avklippt" in exc.value.message, exc.value.message
    assert not Measurement.objects.exists() and not Indicator.objects.exists()


def _table_lines(data: bytes) -> list[int]:
    """Byte offsets of the starts of the data rows of a real CSV (rows with a four-digit code)."""
    offsets, pos = [], 0
    for line in data.split(b"\n"):
        if re.match(rb"^[^;]+;\d{4};", line):
            offsets.append(pos)
        pos += len(line) + 1
    return offsets


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_real_csv_imports_whole(name):
    result = run_import((DATA / name).read_bytes(), filename=name, dry_run=True)
    assert result.rows_read > 100 and not result.problems


@pytest.mark.parametrize("name", CSV_FILES)
def test_a_csv_cut_halfway_is_refused(name):
    data = (DATA / name).read_bytes()
    _refused_as_cut_off(data[: len(data) // 2], name)


@pytest.mark.parametrize("name", CSV_FILES)
def test_a_csv_cut_at_the_end_of_a_row_is_refused(name):
    data = (DATA / name).read_bytes()
    rows = _table_lines(data)
    _refused_as_cut_off(data[: rows[len(rows) // 2]], name)


@pytest.mark.parametrize("name", CSV_FILES)
def test_a_csv_cut_inside_a_number_is_refused(name):
    """The row "…;16,8;74,4;" cut to "…;1": the 1 must never be stored."""
    data = (DATA / name).read_bytes()
    rows = _table_lines(data)
    row_start, row_end = rows[len(rows) // 3], rows[len(rows) // 3 + 1] - 1
    line = data[row_start:row_end]
    number = re.search(rb";(\d)\d", line)
    assert number, line
    _refused_as_cut_off(data[: row_start + number.start(1) + 1], name)


@pytest.mark.parametrize("name", XLSX_FILES)
def test_a_workbook_cut_in_transfer_is_refused(name):
    data = (DATA / name).read_bytes()
    for cut in (len(data) // 2, len(data) - 100):
        _refused_as_cut_off(data[:cut], name)


def test_a_short_row_inside_the_table_is_refused_whole():
    data = (DATA / CSV_FILES[0]).read_bytes()
    rows = _table_lines(data)
    start, end = rows[5], rows[6] - 1
    damaged = data[:start] + b"Ale;1440;" + data[end:]
    with pytest.raises(ImportRejected, match="färre fält än rubrikraden"):
        run_import(damaged, filename=CSV_FILES[0])
    assert not Measurement.objects.exists()
