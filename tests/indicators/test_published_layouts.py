"""Skolverket's school-unit exports (grundskola and gymnasium), read as Skolverket publishes them.

CONSTRUCTED FILES, NOT REAL DATA. data/skolverket/ has no real school-unit export, so the two
files in tests/indicators/constructed/ are built to the published layout: the preamble of every
real export here (source line, title, "Valt läsår", the closing empty line) and the header rows
Skolverket's school-unit exports have, as other public code that reads the real files checks them
column by column:

- Grundskola, Slutbetyg årskurs 9 per skolenhet:
  ``Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;Antal elever;
  Andel (%) elever som uppfyllt betygskriterierna i alla ämnen;Andel (%) elever behöriga till
  yrkesprog.;Genomsnittligt meritvärde (17 ämnen)`` (before 2022 the share was named "Andel som
  uppnått kunskapskraven i alla ämnen" and the merit value "(17)").
- Gymnasieskola, Avgångselever, nationella program (per skolenhet and program):
  ``Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;Program;
  Totalt antal;Andel (%) med examen;Andel (%) med studiebevis;Andel (%) med grundl. behörighet;
  Andel (%) med utökat prog.;GBP för elever med examen eller studiebevis;GBP för elever med examen``,
  with the report's definitions as loose text lines after the table.

School names, codes and numbers are illustrative. data/skolverket/README.md lists them as
constructed.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from indicators.importer import ImportRejected, run_import
from indicators.models import Indicator, Measurement, Unit
from municipalities.models import School

from ..factories import MunicipalityFactory

CONSTRUCTED = Path(__file__).parent / "constructed"
SCHOOL_G9 = "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet.csv"
SCHOOL_GY = "Gymnasieskola - Avgångselever, nationella program 2025 Skolenhet.csv"
ALL_PASS = "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen"

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture
def ale(db):
    ale = MunicipalityFactory(name="Ale", slug="ale", code="1440")
    School.objects.create(municipality=ale, name="Himlaskolan", unit_code="87654321")
    School.objects.create(municipality=ale, name="Nolskolan")  # no code yet
    return ale


def _data(name: str) -> bytes:
    return (CONSTRUCTED / name).read_bytes()


def test_grade9_school_unit_export_matches_schools_by_skol_enhetskod(ale):
    result = run_import(_data(SCHOOL_G9), filename="export.csv", municipality_ids=[ale.pk], owner=ale)
    assert result.problems == []
    assert result.skipped_rows == 1, "the school in Alingsås is not Ale's"
    assert result.schools_created == 2, "Surteskolan and Älvängens friskola, with the file's names"
    schools = {s.unit_code: s for s in School.objects.filter(municipality=ale)}
    assert set(schools) == {"87654321", "11111111", "22222222", "44444444"}
    assert schools["11111111"].name == "Nolskolan", "a school of that name without a code gets the code"
    assert schools["44444444"].name == "Älvängens friskola"

    himla = Measurement.objects.select_related("indicator").get(school=schools["87654321"], indicator__name=ALL_PASS)
    assert (himla.value, himla.grade, himla.school_year) == (Decimal("82.0"), 9, 2025)
    assert himla.indicator.organiser_type == "Kommunal", "from Typ av huvudman, not Huvudman (the name)"
    assert Measurement.objects.get(school=schools["44444444"], indicator__name=ALL_PASS).indicator.organiser_type \
        == "Enskild"
    assert Measurement.objects.get(school=schools["11111111"], indicator__name=ALL_PASS).suppressed_marker == ".."
    assert Measurement.objects.get(school=schools["22222222"],
                                   indicator__name="Andel (%) elever behöriga till yrkesprog.").suppressed_marker == "~100"
    # The organiser's name and organisation number are facts about the row, never measures.
    assert not Indicator.objects.filter(name__icontains="huvudman").exists()
    assert not Measurement.objects.filter(value=Decimal("2120001439")).exists()
    assert Indicator.objects.get(name="Genomsnittligt meritvärde (17 ämnen)", organiser_type="Kommunal").unit \
        == Unit.POINTS
    assert not Measurement.objects.filter(school=None).exists(), "school rows are never the municipality's"
    assert set(Measurement.objects.values_list("municipality", flat=True)) == {ale.pk}


def test_the_older_school_unit_header_names_read_alike(ale):
    old = _data(SCHOOL_G9).decode("utf-8-sig").replace(
        "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen", "Andel som uppnått kunskapskraven i alla ämnen"
    ).replace("Genomsnittligt meritvärde (17 ämnen)", "Genomsnittligt meritvärde (17)").replace(
        "Valt läsår: 2024/25", "Valt läsår: 2018/19")
    run_import(old.encode("utf-8-sig"), filename="139.csv")
    share = Indicator.objects.get(name="Andel som uppnått kunskapskraven i alla ämnen", organiser_type="Kommunal")
    assert share.unit == Unit.PERCENT
    assert Measurement.objects.get(indicator=share, school__unit_code="87654321").school_year == 2019
    assert Indicator.objects.get(name="Genomsnittligt meritvärde (17)", organiser_type="Kommunal").unit == Unit.POINTS


def test_gymnasium_school_unit_export_programs_as_category_and_no_grade(ale):
    result = run_import(_data(SCHOOL_GY), filename=SCHOOL_GY)
    assert result.problems == [] and result.schools_created == 1
    assert set(Measurement.objects.values_list("grade", flat=True)) == {None}, "a gymnasium table stores no grade"
    gymnasium = School.objects.get(unit_code="55555555")
    assert (gymnasium.name, gymnasium.municipality) == ("Ale gymnasium", ale)
    programs = set(Indicator.objects.values_list("subject", flat=True))
    assert programs == {"Ekonomiprogrammet", "Naturvetenskapsprogrammet", "Industritekniska programmet"}
    exam = Measurement.objects.get(school=gymnasium, indicator__name="Andel (%) med examen",
                                   indicator__subject="Naturvetenskapsprogrammet")
    assert (exam.value, exam.suppressed_marker, exam.school_year) == (None, "~100", 2025)
    economy = Measurement.objects.get(school=gymnasium, indicator__name="Andel (%) med examen",
                                      indicator__subject="Ekonomiprogrammet")
    assert economy.value == Decimal("83.6")
    assert Indicator.objects.get(name="GBP för elever med examen", subject="Ekonomiprogrammet").unit == Unit.POINTS
    assert Indicator.objects.get(name="Totalt antal", subject="Ekonomiprogrammet").unit == Unit.COUNT
    # Every value of the industrial program is suppressed: markers, never numbers.
    assert set(Measurement.objects.filter(indicator__subject="Industritekniska programmet")
               .values_list("suppressed_marker", "value")) == {("..", None)}
    # The definitions after the table are not rows.
    assert result.rows_read == 4


@pytest.mark.parametrize("name", [SCHOOL_G9, SCHOOL_GY])
def test_a_cut_school_unit_export_is_refused_whole(ale, name):
    data = _data(name)
    last_row = data.rindex("Alingsås".encode())
    for cut in (last_row + 30, data.index(b";2120001439;") + 5):  # inside the last row; inside the first
        with pytest.raises(ImportRejected) as exc:
            run_import(data[:cut], filename=name)
        assert "avklippt" in exc.value.message, exc.value.message
        assert not Measurement.objects.exists()
        assert School.objects.filter(municipality=ale).count() == 2, "no school is created from a cut file"
