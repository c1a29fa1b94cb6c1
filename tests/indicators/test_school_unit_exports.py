"""Skolverket's school-unit exports (grundskola and gymnasium), on faithful excerpts of real files.

The three files in tests/indicators/real/ are excerpts of real exports found in public
repositories (data/skolverket/README.md names each source, path and commit): the preamble and
header lines exactly, one contiguous run of real rows, the closing empty line and the file's own
definitions after it, every byte unchanged.

- ``Grundskolan - Antal elever per årskurs 2023 Skolenhet (utdrag).csv``: pupils per grade per
  skolenhet, Skolverket's usual CSV (BOM, a trailing ';' on every row), rows of Ale and Alingsås.
- ``Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet (utdrag).csv``: final grades
  in grade 9 per skolenhet, as the file was published in its repository: every line padded to the
  header's eleven fields, no trailing ';', whole numbers without decimals ("100", "304"), rows
  sorted by merit value. That is what a file saved again from a spreadsheet looks like, so it is a
  layout of its own.
- ``slutbetyg-gymnasiet-2024-25 (utdrag).csv``: Gymnasieskola - Avgångselever, nationella program,
  per skolenhet and program (Kungsbacka), with a group row above the course columns; saved
  without the BOM by the script that fetched it.

Each is read cell by cell against the file itself, and cut anywhere inside its table it is refused.
"""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.importer import ImportRejected, run_import
from indicators.models import Indicator, Measurement, Unit
from municipalities.models import School

from ..factories import MunicipalityFactory

REAL = Path(__file__).parent / "real"
PUPILS = "Grundskolan - Antal elever per årskurs 2023 Skolenhet (utdrag).csv"
GRADE9 = "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet (utdrag).csv"
GYMNASIUM = "slutbetyg-gymnasiet-2024-25 (utdrag).csv"
ALL_PASS = "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen"
COURSES = "Andel elever med minst betyget E i gymnasiegemensamma kurser samt Gymnasiearbete"

pytestmark = pytest.mark.usefixtures("unscoped")


def _data(name: str) -> bytes:
    return (REAL / name).read_bytes()


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows, read with nothing but the csv module: the rows from the one
    after the header to the first empty one, without the trailing empty field."""
    lines = list(csv.reader(io.StringIO(_data(name).decode("utf-8-sig")), delimiter=";"))
    start = next(i for i, line in enumerate(lines) if line[:2] == ["Skola", "Skol-enhetskod"])
    header = [c for c in lines[start] if c]
    rows = []
    for line in lines[start + 1:]:
        if not any(line):
            break
        rows.append(line[: len(header)])
    return header, rows


def _expected(text: str) -> tuple[Decimal | None, str]:
    if text in (".", "..", "~100"):
        return None, text
    return Decimal(text.replace(" ", "").replace(",", ".")), ""


def _stored(m: Measurement) -> tuple[Decimal | None, str]:
    return m.value, m.suppressed_marker


def _by_school_and_indicator() -> dict[tuple, Measurement]:
    return {
        (m.school.unit_code, m.indicator.name, m.indicator.subject, m.grade): m
        for m in Measurement.objects.select_related("school", "indicator")
    }


@pytest.fixture
def ale(db):
    ale = MunicipalityFactory(name="Ale", slug="ale", code="1440")
    School.objects.create(municipality=ale, name="Himlaskolan", unit_code="54807007")
    School.objects.create(municipality=ale, name="Nolskolan")  # no code yet
    return ale


@pytest.fixture
def alingsas(db):
    return MunicipalityFactory(name="Alingsås", slug="alingsas", code="1489")


def test_pupils_per_grade_per_school_unit_every_value_exact(ale, alingsas):
    result = run_import(_data(PUPILS), filename="export.csv")
    header, rows = _rows(PUPILS)
    assert (result.rows_read, len(rows), result.problems) == (36, 36, [])
    # Columns 7-12 name no single grade (förskoleklass, årskurs 1-9): stored without one, their
    # name kept; "Elever, årskurs N" is the count "Elever" for grade N.
    columns = {i: (header[i], None) for i in range(7, 13)}
    columns.update({i: ("Elever", int(header[i][-1])) for i in range(13, 22)})
    stored = _by_school_and_indicator()
    for row in rows:
        for i, (name, grade) in columns.items():
            assert _stored(stored[(row[1], name, "", grade)]) == _expected(row[i]), (row[0], header[i])
    assert len(stored) == 36 * 15 == result.values_imported + result.suppressed
    assert Measurement.objects.filter(school=None).count() == 0
    assert set(Measurement.objects.values_list("school_year", flat=True)) == {2024}  # Valt läsår: 2023/24
    # "Ahlafors Fria skola;71387206;Ale;1440;Enskild;…;22;..;261;47,5;…": a count, a marker, a share.
    ahlafors = School.objects.get(unit_code="71387206")
    assert (ahlafors.municipality, ahlafors.name) == (ale, "Ahlafors Fria skola")
    assert _stored(stored[("71387206", "Elever, förskoleklass", "", None)]) == (Decimal("22"), "")
    assert _stored(stored[("71387206", "Andel (%) flickor, förskoleklass", "", None)]) == (None, "..")
    assert stored[("71387206", "Elever", "", 9)].value == Decimal("48")
    assert Indicator.objects.get(name="Andel (%) flickor, årskurs 1-9", organiser_type="Enskild").unit == Unit.PERCENT
    assert Indicator.objects.get(name="Elever, förskoleklass", organiser_type="Kommunal").unit == Unit.COUNT


def test_school_units_are_matched_by_skolenhetskod(ale, alingsas):
    result = run_import(_data(PUPILS), filename="export.csv", municipality_ids=[ale.pk], owner=ale)
    assert result.skipped_rows == 21, "Alingsås's schools are not Ale's"
    assert result.schools_created == 13, "15 schools in Ale: Himlaskolan had the code, Nolskolan gets it"
    schools = {s.unit_code: s for s in School.objects.filter(municipality=ale)}
    assert len(schools) == School.objects.filter(municipality=ale).count() == 15
    assert schools["12789480"].name == "Nolskolan", "a school of that name without a code gets the code"
    assert schools["54807007"].measurements.get(indicator__name="Elever", grade=1).value == Decimal("26")
    assert not School.objects.filter(municipality=alingsas).exists()
    # The organiser's name and organisation number are facts about the row, never measures.
    assert not Indicator.objects.filter(name__icontains="huvudman").exists()
    assert not Measurement.objects.filter(value=Decimal("2120001439")).exists()
    # Ahlafors Fria skola: "Enskild" from Typ av huvudman, not its Huvudman (the association's name).
    ahlafors = Measurement.objects.get(school__unit_code="71387206", indicator__name="Elever", grade=1)
    assert ahlafors.indicator.organiser_type == "Enskild"


def test_grade9_final_grades_per_school_unit_every_value_exact(db):
    stockholm = MunicipalityFactory(name="Stockholm", slug="stockholm", code="0180")
    result = run_import(_data(GRADE9), filename="export.csv")
    header, rows = _rows(GRADE9)
    assert (result.rows_read, result.problems) == (44, [])
    assert result.skipped_rows == 44 - 20, "20 of the rows are Stockholm's"
    stored = _by_school_and_indicator()
    mine = [row for row in rows if row[3] == "0180"]
    for row in mine:
        for i in range(7, 11):
            assert _stored(stored[(row[1], header[i], "", 9)]) == _expected(row[i]), (row[0], header[i])
    assert len(stored) == 4 * len(mine) == 80
    # "Carlssons skola;35547286;…;65;98,5;~100;302": ~100 is a marker, 302 a whole number of points.
    assert _stored(stored[("35547286", "Andel (%) elever behöriga till yrkesprog.", "", 9)]) == (None, "~100")
    assert _stored(stored[("35547286", "Genomsnittligt meritvärde (17 ämnen)", "", 9)]) == (Decimal("302"), "")
    # "Tyska skolan;53175499;…;49;.;.;.": no pupils with grades from the Swedish system.
    assert _stored(stored[("53175499", ALL_PASS, "", 9)]) == (None, ".")
    assert School.objects.get(unit_code="99648792").municipality == stockholm
    meritvarde = Indicator.objects.get(name="Genomsnittligt meritvärde (17 ämnen)", organiser_type="Kommunal")
    assert meritvarde.unit == Unit.POINTS
    assert Measurement.objects.get(indicator=meritvarde, school__unit_code="99648792").school_year == 2025


def test_the_older_grade9_header_names_read_alike(db):
    """Before 2022 the share was "Andel som uppnått kunskapskraven i alla ämnen" and the merit value
    "(17)" (Skolverket's archived exports, dataset 139). The real excerpt with those names: a test of
    the names only, the rest of the file unchanged."""
    MunicipalityFactory(name="Stockholm", slug="stockholm", code="0180")
    old = _data(GRADE9).decode("utf-8-sig").replace(ALL_PASS, "Andel som uppnått kunskapskraven i alla ämnen").replace(
        "Genomsnittligt meritvärde (17 ämnen)", "Genomsnittligt meritvärde (17)").replace(
        "Valt läsår: 2024/25", "Valt läsår: 2018/19")
    run_import(old.encode("utf-8-sig"), filename="139.csv")
    share = Indicator.objects.get(name="Andel som uppnått kunskapskraven i alla ämnen", organiser_type="Kommunal")
    assert share.unit == Unit.PERCENT
    assert Measurement.objects.get(indicator=share, school__unit_code="41176931").value == Decimal("91")
    assert Measurement.objects.get(indicator=share, school__unit_code="41176931").school_year == 2019
    assert Indicator.objects.get(name="Genomsnittligt meritvärde (17)", organiser_type="Kommunal").unit == Unit.POINTS


def test_gymnasium_programs_per_school_unit_every_value_exact(db):
    kungsbacka = MunicipalityFactory(name="Kungsbacka", slug="kungsbacka", code="1384")
    result = run_import(_data(GYMNASIUM), filename="export.csv")
    header, rows = _rows(GYMNASIUM)
    assert (result.rows_read, result.problems, result.schools_created) == (21, [], 5)
    assert set(Measurement.objects.values_list("grade", flat=True)) == {None}, "a gymnasium table stores no grade"
    names = header[:15] + [f"{COURSES}, {course}" for course in header[15:]]  # the group row above the courses
    stored = _by_school_and_indicator()
    for row in rows:
        for i in range(8, 25):
            assert _stored(stored[(row[1], names[i], row[7], None)]) == _expected(row[i]), (row[0], row[7], header[i])
    assert len(stored) == 21 * 17
    # "Aranäsgymnasiet Enhet 4;…;Vård- och omsorgsprogrammet;..;..;.;..;…": markers, never numbers.
    vard = Measurement.objects.filter(indicator__subject="Vård- och omsorgsprogrammet")
    assert set(vard.values_list("value", flat=True)) == {None} and vard.count() == 17
    assert School.objects.get(unit_code="64569393").name == "Drottning Blankas Gymnasieskola Kungsbacka"
    assert School.objects.get(unit_code="64569393").municipality == kungsbacka
    assert Indicator.objects.get(name="GBP för elever med examen", subject="Ekonomiprogrammet").unit == Unit.POINTS
    assert Indicator.objects.get(name="Totalt antal", subject="Ekonomiprogrammet").unit == Unit.COUNT
    assert Indicator.objects.get(name=f"{COURSES}, Ma 1", subject="Ekonomiprogrammet").unit == Unit.PERCENT
    assert Indicator.objects.get(name="Andel (%) med examen", subject="Ekonomiprogrammet").organiser_type == "Enskild"
    # The definitions after the table ("Totalt antal;Antalet avgångselever …;") are not rows.
    assert not Indicator.objects.filter(name__startswith="Antalet").exists()


def _table_span(data: bytes) -> tuple[int, int]:
    """Byte offsets of the first data row and of the empty line that closes the table."""
    start = data.index(b"\n", data.index(b"Skola;Skol-enhetskod;")) + 1
    end = min(i for i in (data.find(b"\n\n", start), data.find(b"\n;;;;;;;;;;\n", start)) if i > 0) + 1
    return start, end


@pytest.mark.parametrize("name", [PUPILS, GRADE9, GYMNASIUM])
def test_cut_anywhere_inside_the_table_is_refused(db, name):
    """Every cut from the first data row to the closing empty line: inside a name, a number, a
    character (å is two bytes), at the end of a row. None may import, and each says it is cut off."""
    for code in ("1440", "1489", "0180", "1384"):
        MunicipalityFactory(code=code, slug=f"k{code}")
    data = _data(name)
    start, end = _table_span(data)
    assert end - start > 2000
    for cut in range(start, end + 1):
        with pytest.raises(ImportRejected) as exc:
            run_import(data[:cut], filename=name)
        assert "avklippt" in exc.value.message, (cut, exc.value.message)
    assert not Measurement.objects.exists() and not School.objects.exists()


@pytest.mark.parametrize("name", [PUPILS, GRADE9, GYMNASIUM])
def test_cut_in_the_definitions_after_the_table_imports_the_whole_table(db, name):
    data = _data(name)
    _start, end = _table_span(data)
    whole = run_import(data, filename=name, dry_run=True)
    cut = run_import(data[: end + 60], filename=name, dry_run=True)
    assert cut.rows_read == whole.rows_read and not cut.problems
