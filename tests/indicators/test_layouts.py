"""Skolverket's other layouts at kommun level, read from the header and the title (never the
file name): gender as the gender dimension, a category per row whatever its column is called,
tables with no grade, gymnasium programs, and units kept apart.

The excerpts below keep the real files' shape (source line, title, "Valt läsår", header rows,
";" at the end of each row, the closing empty line) with rows of the real municipalities; the
numbers of the gender and over-time excerpts are Ale's and Alingsås's from the files in
data/skolverket/, the others are illustrative. data/skolverket/README.md shows each layout.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.importer import run_import
from indicators.models import Direction, GenderGroup, Indicator, Measurement, Unit

from ..factories import MunicipalityFactory

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
SOURCE = "\ufeffStatistik från Skolverket, https://www.skolverket.se\n\n"
ALL_PASS = "Andel (%) elever som fått godkänt betyg i alla ämnen"

pytestmark = pytest.mark.usefixtures("unscoped")


@pytest.fixture
def ale(db):
    return MunicipalityFactory(name="Ale", slug="ale", code="1440")


def csv(title: str, *header_and_rows: str, year: str | None = "2022/23") -> bytes:
    preamble = SOURCE + title + "\n" + (f"Valt läsår: {year}\n" if year else "") + "\n"
    return (preamble + "\n".join(header_and_rows) + "\n\n").encode()


def measurement(ale, **indicator):
    return Measurement.objects.select_related("indicator").get(municipality=ale, **{
        f"indicator__{k}": v for k, v in indicator.items()})


def test_gender_groups_above_the_columns_are_the_gender_dimension(ale):
    data = csv(
        "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), per kön",
        ";;;;;Samtliga elever;Samtliga elever;Flickor;Flickor;Pojkar;Pojkar;",
        f"Kommun;Kommun-kod;Län;Läns-kod;Typ av huvudman;Antal elever;{ALL_PASS};Antal elever;{ALL_PASS};"
        f"Antal elever;{ALL_PASS};",
        "Ale;1440;Västra Götalands län;14;Samtliga;481;75,9;233;80,3;248;71,8;",
        "Ale;1440;Västra Götalands län;14;Kommunal;457;74,6;222;79,3;235;70,2;",
    )
    run_import(data, filename="kön.csv")
    by_gender = {i.gender_group: i for i in Indicator.objects.filter(name=ALL_PASS, organiser_type="Samtliga")}
    assert set(by_gender) == {GenderGroup.ALL, GenderGroup.GIRLS, GenderGroup.BOYS}
    assert not Indicator.objects.filter(name__icontains="flickor").exists(), "the gender is not in the name"
    assert measurement(ale, name=ALL_PASS, organiser_type="Samtliga", gender_group="Flickor").value == Decimal("80.3")
    # Every row of the measure has the direction the measure has for all pupils.
    assert {i.direction for i in Indicator.objects.filter(name=ALL_PASS)} == {Direction.UP}
    assert {i.direction for i in Indicator.objects.filter(name="Antal elever")} == {Direction.NONE}


def test_gender_in_the_title_or_the_column_name_is_the_gender_dimension(ale):
    real = (DATA / G6).read_text(encoding="utf-8-sig")
    girls = real.replace(", samtliga elever\n", ", flickor\n", 1).encode("utf-8-sig")
    run_import(girls, filename="flickor.csv")
    assert measurement(ale, name=ALL_PASS, organiser_type="Samtliga", gender_group="Flickor").value == Decimal("75.9")
    assert Indicator.objects.get(name=ALL_PASS, organiser_type="Samtliga").direction == Direction.UP
    assert Indicator.objects.get(name="Andel (%) elever som ej fått godkänt betyg i ett ämne",
                                 organiser_type="Samtliga").direction == Direction.DOWN

    boys = csv("Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E)",
               "Kommun;Kommun-kod;Typ av huvudman;Andel (%) pojkar som fått godkänt betyg i alla ämnen;",
               "Ale;1440;Samtliga;71,8;")
    run_import(boys, filename="pojkar.csv")
    boy = Indicator.objects.get(gender_group="Pojkar")
    assert (boy.name, boy.direction) == ("Andel (%) som fått godkänt betyg i alla ämnen", Direction.UP)


def test_share_of_girls_is_a_measure_not_a_gender(ale):
    run_import((DATA / "Grundskola - Antal elever per årskurs 2022 Kommun.csv").read_bytes(), filename="elever.csv")
    share = Indicator.objects.get(name="Andel (%) flickor, årskurs 1-9", organiser_type="Samtliga")
    assert share.gender_group == "" and share.direction == Direction.NONE


def test_subjects_over_time_under_a_column_named_after_the_measure(ale):
    """'Jämförelse av ämnesbetyg över tid', åk 9: one row per subject, years as columns."""
    data = csv(
        "Grundskola - Jämförelse av ämnesbetyg över tid, årskurs 9",
        "Kommun;Kommun-kod;Typ av huvudman;Andel (%) elever med lägst betyget E;2024/25;2023/24;2022/23;",
        "Ale;1440;Samtliga;Engelska;94,2;93,0;..;",
        "Ale;1440;Samtliga;Matematik;88,1;86,4;85,0;",
        "Ale;1440;Kommunal;Matematik;87,5;~100;.;",
        year=None,
    )
    result = run_import(data, filename="ämnesbetyg.csv")
    assert not result.problems
    maths = Indicator.objects.get(subject="Matematik", organiser_type="Samtliga")
    assert maths.name == "Andel (%) elever med lägst betyget E" and maths.direction == Direction.UP
    assert sorted(Measurement.objects.filter(indicator=maths).values_list("school_year", "grade", "value")) == [
        (2023, 9, Decimal("85.0")), (2024, 9, Decimal("86.4")), (2025, 9, Decimal("88.1"))]
    assert Measurement.objects.get(indicator__subject="Engelska", school_year=2023).suppressed_marker == ".."
    assert Measurement.objects.get(indicator__subject="Matematik", indicator__organiser_type="Kommunal",
                                   school_year=2024).suppressed_marker == "~100"


def test_personnel_table_has_no_grade_and_keeps_units_apart(ale):
    data = csv(
        "Personalstatistik - Lärare i grundskolan",
        "Kommun;Kommun-kod;Typ av huvudman;Antal lärare (heltidstjänster);"
        "Andel (%) lärare med lärarlegitimation och behörighet i minst ett ämne;"
        "Antal elever per lärare (heltidstjänster);Antal lärare;",
        "Ale;1440;Samtliga;312,4;71,2;12,9;349;",
        "Ale;1440;Enskild;18,0;..;11,2;21;",
    )
    result = run_import(data, filename="personal.csv")  # no grade asked for, none invented
    assert result.created == 8
    assert set(Measurement.objects.values_list("grade", flat=True)) == {None}
    units = dict(Indicator.objects.filter(organiser_type="Samtliga").values_list("name", "unit"))
    assert units == {
        "Antal lärare (heltidstjänster)": Unit.FTE,
        "Andel (%) lärare med lärarlegitimation och behörighet i minst ett ämne": Unit.PERCENT,
        "Antal elever per lärare (heltidstjänster)": Unit.AVERAGE,
        "Antal lärare": Unit.COUNT,
    }
    assert measurement(ale, name="Antal lärare (heltidstjänster)", organiser_type="Samtliga").value == Decimal("312.4")


def test_gymnasium_programs_instead_of_grades(ale):
    data = csv(
        "Gymnasieskola - Examen och genomsnittlig betygspoäng per program",
        "Kommun;Kommun-kod;Typ av huvudman;Program;Antal elever;Andel (%) med examen inom 3 år;"
        "Genomsnittlig betygspoäng;",
        "Ale;1440;Samtliga;Ekonomiprogrammet;61;83,6;14,8;",
        "Ale;1440;Samtliga;Naturvetenskapsprogrammet;48;~100;15,9;",
        "Ale;1440;Samtliga;Industritekniska programmet;17;..;..;",
    )
    run_import(data, filename="gymnasiet.csv")
    assert set(Measurement.objects.values_list("grade", flat=True)) == {None}
    exam = measurement(ale, name="Andel (%) med examen inom 3 år", subject="Naturvetenskapsprogrammet")
    assert exam.suppressed_marker == "~100"
    assert Indicator.objects.filter(subject="Industritekniska programmet").count() == 3
    assert Indicator.objects.get(name="Genomsnittlig betygspoäng", subject="Ekonomiprogrammet").unit == Unit.POINTS


def test_an_average_is_not_a_count(ale):
    run_import((DATA / G6).read_bytes(), filename=G6)
    assert Indicator.objects.get(name="Antal ämnesbetyg (genomsnitt)", organiser_type="Samtliga").unit == Unit.AVERAGE
    assert Indicator.objects.get(name="Antal elever", organiser_type="Samtliga").unit == Unit.COUNT


SCHOOL_TABLE = (
    "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever",
    "Skola;Skolenhetskod;Kommun;Kommun-kod;Typ av huvudman;Antal elever;" + ALL_PASS + ";",
    "Himlaskolan;87654321;Ale;1440;Kommunal;61;82,0;",
    "Nolskolan;11111111;Ale;1440;Kommunal;44;..;",
    "Surteskolan;22222222;Ale;1440;Kommunal;52;71,2;",
    "Bryngeskolan;33333333;Alingsås;1489;Kommunal;40;90,0;",
)


@pytest.fixture
def ale_schools(ale):
    from municipalities.models import School

    return {
        "himla": School.objects.create(municipality=ale, name="Himlaskolan", unit_code="87654321"),
        "nol": School.objects.create(municipality=ale, name="Nolskolan"),  # no code yet
    }


def test_school_unit_table_matches_schools_by_skolenhetskod(ale, ale_schools):
    from municipalities.models import School

    result = run_import(csv(*SCHOOL_TABLE), filename="skolor.csv", municipality_ids=[ale.pk], owner=ale)
    assert result.schools_created == 1 and result.skipped_rows == 1, "Alingsås's school is not Ale's"
    himla = Measurement.objects.get(school=ale_schools["himla"], indicator__name=ALL_PASS)
    assert (himla.value, himla.grade, himla.school_year, himla.municipality) == (Decimal("82.0"), 6, 2023, ale)
    ale_schools["nol"].refresh_from_db()
    assert ale_schools["nol"].unit_code == "11111111", "a school of that name without a code gets it"
    assert Measurement.objects.get(school=ale_schools["nol"], indicator__name=ALL_PASS).suppressed_marker == ".."
    created = School.objects.get(unit_code="22222222")
    assert (created.name, created.municipality) == ("Surteskolan", ale)
    assert not Measurement.objects.filter(school=None).exists(), "school rows are never the municipality's"

    again = run_import(csv(*SCHOOL_TABLE), filename="skolor.csv", municipality_ids=[ale.pk], owner=ale)
    assert (again.schools_created, again.created, again.updated) == (0, 0, 0)
    assert School.objects.filter(municipality=ale).count() == 3


def test_a_school_goal_follows_the_schools_figures_with_the_municipalitys_as_context(ale, ale_schools):
    from goals.selectors import goal_indicator_views
    from tests.goals.factories import GoalFactory, GoalIndicatorFactory

    run_import(csv(*SCHOOL_TABLE), filename="skolor.csv")
    run_import((DATA / G6).read_bytes(), filename=G6)  # Ale's own figure for 2022/23: 75,9 (Samtliga)
    indicator = Indicator.objects.get(name=ALL_PASS, organiser_type="Kommunal")
    goal = GoalFactory(municipality=ale, school=ale_schools["himla"], level="rektor")
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=6, baseline_year=2022, target_year=2026)
    view = goal_indicator_views(goal=goal)[0]
    assert view.is_school_level
    assert [p.value for p in view.points] == [Decimal("82.0")]
    assert view.municipality_latest.value == Decimal("74.6"), "Ale, Kommunal, 2022/23"
