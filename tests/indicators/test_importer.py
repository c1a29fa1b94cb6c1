"""The import engine against every shared Skolverket file, and against bad input.

Expected numbers are read by eye from the files in data/skolverket/ (the comment names the row).
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.importer import ImportRejected, run_import
from indicators.models import Indicator, Measurement, NationalValue
from indicators.selectors import measurement_series, national_series

from ..factories import MunicipalityFactory

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever {} Kommun.{}"
NP = ("Grundskola - Resultat nationella prov årskurs 9, provbetyg per kön - Engelska, Matematik och "
      "Svenska_svenska som andraspråk {} Kommun.csv")
WIDE = "Grundskola - Jämförelse av betygsresultat över tid 2025 Kommun_Åk9.xlsx"
PUPILS = "Grundskola - Antal elever per årskurs 2022 Kommun.csv"

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture
def ale(db):
    return MunicipalityFactory(name="Ale", slug="ale", code="1440")


@pytest.fixture
def fagersta(db):
    return MunicipalityFactory(name="Fagersta", slug="fagersta", code="1982")


def imp(name: str, **kw):
    return run_import((DATA / name).read_bytes(), filename=name, **kw)


def value(municipality, *, name, year, grade, organiser="Samtliga", subject="", gender=""):
    indicator = Indicator.objects.get(name=name, organiser_type=organiser, subject=subject, gender_group=gender)
    m = Measurement.objects.get(indicator=indicator, municipality=municipality, school_year=year, grade=grade)
    return m.suppressed_marker or m.value


ALL_PASS_G6 = "Andel (%) elever som fått godkänt betyg i alla ämnen"


@pytest.mark.parametrize(
    ("year", "ext", "samtliga", "enskild"),
    [
        # "Ale;1440;...;Samtliga;399;16,8;74,4;..." and "Enskild;24;12,9;~100;..;.." (Valt läsår 2019/20)
        (2020, "csv", Decimal("74.4"), "~100"),
        # "Ale;1440;...;Samtliga;409;16,6;77,3;..." and "Enskild;44;13,4;84,1" (2020/21)
        (2021, "csv", Decimal("77.3"), Decimal("84.1")),
        # "Samtliga;447;17,0;77,6" and "Enskild;22;16,6;59,1" (2021/22)
        (2022, "csv", Decimal("77.6"), Decimal("59.1")),
        # "Samtliga;481;17,0;75,9" and "Enskild;24;16,9;100,0" (2022/23)
        (2023, "csv", Decimal("75.9"), Decimal("100.0")),
        # xlsx sheet Statistik, row "Ale 1440 ... Samtliga 445 17.1 75.7", "Enskild 25 17 ~100" (2024/25)
        (2025, "xlsx", Decimal("75.7"), "~100"),
    ],
)
def test_grade6_files(ale, year, ext, samtliga, enskild):
    result = imp(G6.format(year, ext))
    assert result.problems == []
    assert result.municipalities == ["Ale"]
    assert value(ale, name=ALL_PASS_G6, year=year, grade=6) == samtliga
    assert value(ale, name=ALL_PASS_G6, year=year, grade=6, organiser="Enskild") == enskild


def test_grade6_counts_and_markers(ale):
    imp(G6.format(2023, "csv"))
    assert value(ale, name="Antal elever", year=2023, grade=6) == 481
    # "Ale;...;Enskild;24;16,9;100,0;.;.;": the "." markers are stored as markers, not as 0
    ej_ett = "Andel (%) elever som ej fått godkänt betyg i ett ämne"
    assert value(ale, name=ej_ett, year=2023, grade=6, organiser="Enskild") == "."
    suppressed = Measurement.objects.filter(municipality=ale).exclude(suppressed_marker="")
    assert suppressed.exists() and not suppressed.filter(value__isnull=False).exists()


def test_national_tests_two_header_rows(ale, fagersta):
    imp(NP.format(2019))
    mattegrupp = "Andel (%) med provbetyg A-E"
    # "Ale;1440;...;Samtliga;Matematik;87,9;89,0;86,8;305;154;151;80,7;83,1;78,1;10,0;10,6;9,4;"
    assert value(ale, name=mattegrupp, year=2019, grade=9, subject="Matematik", gender="Totalt") == Decimal("80.7")
    assert value(ale, name=mattegrupp, year=2019, grade=9, subject="Matematik", gender="Flickor") == Decimal("83.1")
    assert value(ale, name="Genomsnittlig betygspoäng", year=2019, grade=9, subject="Matematik",
                 gender="Pojkar") == Decimal("9.4")
    # "Ale;...;Samtliga;Svenska;90,6;94,2;86,9;280;147;133;95,7;~100;..;"
    assert value(ale, name=mattegrupp, year=2019, grade=9, subject="Svenska", gender="Flickor") == "~100"
    assert value(ale, name=mattegrupp, year=2019, grade=9, subject="Svenska", gender="Pojkar") == ".."


def test_national_tests_2018_with_notes_in_preamble(fagersta):
    result = imp(NP.format(2018))
    assert result.problems == []
    # "Fagersta;1982;...;Samtliga;Engelska;91,6;90,4;92,9;149;73;76;92,6;91,8;93,4;13,3;13,0;13,6;"
    assert value(fagersta, name="Antal elever med provbetyg A-F", year=2018, grade=9, subject="Engelska",
                 gender="Totalt") == 149
    assert value(fagersta, name="Andel (%) med provbetyg A-E", year=2018, grade=9, subject="Engelska",
                 gender="Totalt") == Decimal("92.6")


def test_national_tests_2022(ale):
    imp(NP.format(2022))
    # "Ale;1440;...;Samtliga;Matematik;85,2;82,9;87,6;364;180;184;79,4;81,7;77,2;9,7;10,1;9,4;"
    assert value(ale, name="Andel (%) med provbetyg A-E", year=2022, grade=9, subject="Matematik",
                 gender="Totalt") == Decimal("79.4")
    # "Ale;...;Samtliga;Engelska;...;~100;~100;~100;15,5;..."
    assert value(ale, name="Andel (%) med provbetyg A-E", year=2022, grade=9, subject="Engelska",
                 gender="Pojkar") == "~100"


def test_wide_table_over_time_one_sheet_per_organiser(ale):
    result = imp(WIDE)
    assert result.tables == 3  # Samtliga, Kommunal, Enskild; the definitions sheet is not a table
    merit = "Genomsnittligt meritvärde (17 ämnen)"
    # Sheet Samtliga: "Ale 1440 ... Genomsnittligt meritvärde (17 ämnen) 224.5 (2024/25) ... 204.3 (2015/16)"
    assert value(ale, name=merit, year=2025, grade=9) == Decimal("224.5")
    assert value(ale, name=merit, year=2016, grade=9) == Decimal("204.3")
    # Sheet Kommunal: "Totalt antal elever årskurs 9" 409 in 2024/25; the grade is taken out of the name
    assert value(ale, name="Totalt antal elever", year=2025, grade=9, organiser="Kommunal") == 409
    # Sheet Enskild: "- andel (%) flickor" is ".." in 2022/23
    assert value(ale, name="Andel (%) flickor", year=2023, grade=9, organiser="Enskild") == ".."


def test_same_measure_in_grade_6_and_9_is_one_indicator_for_the_cohort(ale):
    """Grade 6 in 2020/21 is grade 9 in 2023/24: both values land on one indicator."""
    imp(G6.format(2021, "csv"))
    imp(WIDE)
    indicator = Indicator.objects.get(key__startswith="andel-procent-som-fatt-godkant-betyg-i-alla-amnen|samtliga")
    points = {(p.school_year, p.grade): p.value for p in measurement_series(indicator=indicator, municipality=ale)}
    assert points[(2021, 6)] == Decimal("77.3")
    # Sheet Samtliga, Ale, "Andel (%) som fått godkänt betyg i alla ämnen", column 2023/24
    assert points[(2024, 9)] is not None


def test_pupils_per_grade_with_thousands_separator(ale):
    imp(PUPILS)
    # "Ale;1440;...;Samtliga;48,4;24,1;63,9;462;453;471;436;457;478;437;413;395;4 002;"
    assert value(ale, name="Elever", year=2023, grade=1) == 462
    assert value(ale, name="Elever", year=2023, grade=9) == 395
    assert value(ale, name="Elever, årskurs 1-9", year=2023, grade=None) == 4002
    assert value(ale, name="Andel (%) flickor, årskurs 1-9", year=2023, grade=None) == Decimal("48.4")


def test_rows_of_other_municipalities_are_counted_and_skipped(ale):
    result = imp(G6.format(2023, "csv"))
    assert result.rows_read == 763
    assert result.skipped_rows == 763 - 3  # Ale has three rows: Samtliga, Kommunal, Enskild
    assert set(Measurement.objects.values_list("municipality_id", flat=True)) == {ale.pk}


def test_municipality_ids_restrict_a_tenant_upload(ale, fagersta):
    result = imp(G6.format(2023, "csv"), municipality_ids=[fagersta.pk])
    assert result.municipalities == ["Fagersta"]
    assert not Measurement.objects.filter(municipality=ale).exists()
    assert "1440" in result.skipped_codes


def test_reimport_changes_nothing(ale):
    imp(G6.format(2023, "csv"))
    count, history = Measurement.objects.count(), Measurement.history.count()
    again = imp(G6.format(2023, "csv"))
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == count
    assert (Measurement.objects.count(), Measurement.history.count()) == (count, history)


def test_newer_file_updates_and_keeps_history(ale, tmp_path):
    name = G6.format(2023, "csv")
    imp(name)
    newer = (DATA / name).read_bytes().replace(b"Ale;1440;V\xc3\xa4stra G\xc3\xb6talands l\xc3\xa4n;14;Samtliga;481;17,0;75,9;",
                                               b"Ale;1440;V\xc3\xa4stra G\xc3\xb6talands l\xc3\xa4n;14;Samtliga;481;17,0;76,4;")
    assert newer != (DATA / name).read_bytes()
    result = run_import(newer, filename="rättad.csv")
    assert result.updated == 1
    assert value(ale, name=ALL_PASS_G6, year=2023, grade=6) == Decimal("76.4")
    m = Measurement.objects.get(municipality=ale, indicator__name=ALL_PASS_G6, indicator__organiser_type="Samtliga")
    assert [h.value for h in m.history.order_by("history_date")] == [Decimal("75.9"), Decimal("76.4")]


def test_dry_run_saves_nothing(ale):
    result = imp(G6.format(2023, "csv"), dry_run=True)
    assert result.created == 15  # 3 rows x 5 columns
    assert not Measurement.objects.exists() and not Indicator.objects.exists()


HEADER = "Kommun;Kommun-kod;Län;Läns-kod;Typ av huvudman;Andel (%) elever med godkänt;\n"


def csv_file(rows: str, *, header: str = HEADER, year: str = "2023/24") -> bytes:
    # Closed by an empty line, as every Skolverket export is (a file without it looks cut off).
    text = f"\ufeffStatistik från Skolverket, https://www.skolverket.se\n\nGrundskola - Testtabell årskurs 6\nValt läsår: {year}\n\n{header}{rows}\n"
    return text.encode()


def test_national_rows_are_the_comparison_series(ale):
    data = csv_file("Ale;1440;Västra Götalands län;14;Samtliga;70,1;\nRiket;;;;Samtliga;75,2;\n")
    result = run_import(data, filename="t.csv")
    assert result.national_values == 1
    indicator = Indicator.objects.get()
    assert [p.value for p in national_series(indicator=indicator)] == [Decimal("75.2")]
    assert NationalValue.objects.get().grade == 6
    # a tenant's upload may not change what every tenant compares with
    other = run_import(csv_file("Riket;;;;Samtliga;99,9;\nAle;1440;V;14;Samtliga;70,1;\n"), filename="t.csv",
                       municipality_ids=[ale.pk], save_national=False)
    assert other.national_skipped == 1
    assert NationalValue.objects.get().value == Decimal("75.2")


def test_unreadable_rows_are_listed_with_line_and_reason(ale):
    data = csv_file("Ale;1440;V;14;Samtliga;70,1;\nBroken;14x0;V;14;Samtliga;1,0;\nAle;1440;V;14;Kommunal;60;\nX;1;2;3;4;5;6;7;8;\n")
    result = run_import(data, filename="t.csv")
    assert [(p.where, "fyra siffror" in p.reason) for p in result.problems][0] == ("rad 8", True)
    assert result.problems[1].where == "rad 10"
    assert result.values_imported == 2


def test_grade_from_option_when_nothing_states_it(ale):
    data = csv_file("Ale;1440;V;14;Samtliga;70,1;\n").replace("årskurs 6".encode(), b"")
    with pytest.raises(ImportRejected) as exc:
        run_import(data, filename="tabell.csv")
    assert exc.value.needs_grade and "årskurs" in exc.value.message
    run_import(data, filename="tabell.csv", grade=9)
    assert Measurement.objects.get().grade == 9
    run_import(data, filename="tabell_Åk8.csv")
    assert Measurement.objects.filter(grade=8).exists()


BAD = [
    (b"", "tom"),
    (b"\xef\xbb\xbf\n\n", "tom"),
    (b"hej;hopp\n1;2\n", "inte ut som en export"),
    ("Kommun;Kommun-kod;Län;Andel\nÖsthammar;0382;Uppsala län;70,0\n".encode("cp1252"), "teckenkodning"),
    ("Kommun;Kommun-kod;Typ av huvudman;Andel\n".encode("utf-16"), "UTF-16"),
    (csv_file("Ale;1440;V;14;Samtliga;12,3,4;\n"), "12,3,4"),
    (csv_file("Ale;1440;V;14;Samtliga;70;\n", header="Kommun;Kommun-kod;Län;Läns-kod;Typ av huvudman;;\n"),
     "inga kolumner med värden"),
    (csv_file("Ale;1440;V;14;Samtliga;70;1;\n", header="Kommun;Kommun-kod;Län;Läns-kod;Typ av huvudman;;Andel;\n"),
     "utan namn"),
    (csv_file("Ale;1440;V;14;Samtliga;70;1;\n", header="Kommun;Kommun-kod;Län;Läns-kod;Typ av huvudman;Andel;Andel;\n"),
     "två gånger"),
    (csv_file("Ale;1440;V;14;Samtliga;70;\n", header="Kommun;Kommunnummer;Län;Läns-kod;Typ av huvudman;Andel;\n"),
     "inte ut som en export"),
    (csv_file("Ale;1440;V;14;Samtliga;70;\n", year="2023/25"), "Läsåret"),
    (csv_file("Ale;1440;V;14;Samtliga;70;\n").replace(b"Valt l\xc3\xa4s\xc3\xa5r: 2023/24", b""), "Valt läsår"),
    (csv_file(""), "inga rader"),
    (b"PK\x03\x04 not really a zip", "skadad"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_files_are_rejected_whole(ale, data, message):
    with pytest.raises(ImportRejected) as exc:
        run_import(data, filename="fil.csv")
    assert message in exc.value.message
    assert not Measurement.objects.exists() and not Indicator.objects.exists()


def test_bad_value_late_in_the_file_saves_nothing(ale):
    rows = "".join(f"Ale;1440;V;14;{o};70,1;\n" for o in ("Samtliga", "Kommunal")) + "Ale;1440;V;14;Enskild;7,,1;\n"
    with pytest.raises(ImportRejected) as exc:
        run_import(csv_file(rows), filename="t.csv")
    assert "rad 9" in exc.value.message
    assert not Measurement.objects.exists()


def test_workbook_without_a_statistics_sheet(ale, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Rapportbeskrivning och def."
    wb.active.append(["Rapportbeskrivning och definitioner etc."])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(ImportRejected) as exc:
        run_import(path.read_bytes(), filename="x.xlsx")
    assert "inget blad med statistik" in exc.value.message
    assert "Rapportbeskrivning och def." in exc.value.message


def test_over_the_size_limit(ale):
    with pytest.raises(ImportRejected) as exc:
        run_import(b"x" * (10 * 1024 * 1024 + 1), filename="stor.csv")
    assert "för stor" in exc.value.message


def test_percent_out_of_range_is_an_unreadable_row(ale):
    result = run_import(csv_file("Ale;1440;V;14;Samtliga;170,1;\nAle;1440;V;14;Kommunal;60;\n"), filename="t.csv")
    assert "utanför 0–100" in result.problems[0].reason
    assert Measurement.objects.count() == 1
