"""The statistics page: the latest values under the table each came from, for the whole
municipality or one school, with an organiser choice that always has the chosen scope's options.

Imports Skolverket's real grade 6 file and the real grade 9 over-time workbook (the same measure,
"godkänt betyg i alla ämnen", in both), and the excerpt of a real school-unit export (final grades
in grade 9 per skolenhet, tests/indicators/real/): municipality A is Stockholm (0180) in the files.
"""

from pathlib import Path

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled

from indicators.importer import run_import
from indicators.models import Measurement
from municipalities.models import School

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
G9_WIDE = "Grundskola - Jämförelse av betygsresultat över tid 2025 Kommun_Åk9.xlsx"
SCHOOL_G9 = Path(__file__).parent / "real" / "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet (utdrag).csv"
# The excerpt's 20 schools in Stockholm, as the school select lists them (by name).
STOCKHOLM_SCHOOLS = sorted([
    "Futuraskolan International School of Stockholm", "International School of Kungsholmen",
    "International School of the Stockholm Region", "Lycée Francais Saint Louis, gr", "Stift. Sthlm Intern. School gr",
    "Tyska skolan", "Fredrikshovs slotts skola", "Carlssons skola", "Campus Manilla", "Enskilda gymnasiet, gr",
    "Europaskolan", "Adolf Fredriks musikklasser", "Vasa International School of Stockholm",
    "Musikskolan Lilla Akademien", "Franska Skolan/Ecole francaise", "Gärdesskolan", "Montessori Mondial Kungsholmen",
    "Äppelviksskolan", "Kungliga Svenska Balettskolan", "Viktor Rydbergs skola Jarlaplan",
])
G6_TITLE = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever"
G9_SCHOOL_TITLE = "Grundskola - Slutbetyg årskurs 9, samtliga elever"


@pytest.fixture
def ale_world(world):
    world.a.code = "0180"  # municipality A is Stockholm in the files
    world.a.save()
    with scopes_disabled():
        for path in (DATA / G6, SCHOOL_G9):
            run_import(path.read_bytes(), filename=path.name, municipality_ids=[world.a.pk])
    return world


def _page(client, world, **params):
    response = client.get(reverse("indicators:statistics", kwargs={"municipality": world.a.slug}), params)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _sections(doc) -> dict[str, list[tuple[str, str, str]]]:
    """Heading -> rows of (measure, grade, value)."""
    out = {}
    for section in doc.xpath('//section[contains(@class, "statistics-group")]'):
        heading = section.xpath(".//h2")[0].text_content().strip()
        out[heading] = []
        for row in section.xpath(".//tbody/tr"):
            measure = " ".join(row.xpath("./th")[0].text_content().split())
            cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            out[heading].append((measure, cells[0], cells[2]))
    return out


def _options(doc, name: str) -> tuple[list[str], str]:
    select = doc.xpath(f'//select[@name="{name}"]')[0]
    options = [o.text_content().strip() for o in select.xpath("./option")]
    chosen = [o.text_content().strip() for o in select.xpath("./option[@selected]")]
    return options, chosen[0] if chosen else ""


def test_each_value_is_listed_under_its_own_table_not_the_indicators_first(ale_world, client_for):
    with scopes_disabled():  # the same measure in grade 9, after grade 6 created the indicator
        run_import((DATA / G9_WIDE).read_bytes(), filename=G9_WIDE, municipality_ids=[ale_world.a.pk])
    doc = _page(client_for("larare"), ale_world)
    sections = _sections(doc)
    grade6 = sections[G6_TITLE]
    assert grade6 and {grade for _m, grade, _v in grade6} == {"6"}, "no grade 9 value under the grade 6 heading"
    wide = next(title for title in sections if "Jämförelse av betygsresultat över tid" in title)
    # One indicator (named as the grade 6 table first named it), its grade 9 values under the
    # grade 9 table.
    all_pass = [row for row in sections[wide] if row[0] == "Andel (%) elever som fått godkänt betyg i alla ämnen"]
    assert len(all_pass) == 1 and all_pass[0][1] == "9"
    assert [row for row in grade6 if row[0] == "Andel (%) elever som fått godkänt betyg i alla ämnen"][0][1] == "6"
    assert G9_SCHOOL_TITLE not in sections, "school rows are not the municipality's"
    # The whole municipality: "Samtliga" first, the schools to choose from, none chosen.
    organisers, chosen = _options(doc, "organiser_type")
    assert organisers[0] == "Samtliga huvudmän" and chosen == "Samtliga huvudmän" and len(organisers) >= 2
    schools, school = _options(doc, "skola")
    assert schools[0] == "Hela kommunen" and sorted(schools[1:]) == STOCKHOLM_SCHOOLS
    assert school == "Hela kommunen"


def test_a_chosen_school_shows_its_own_figures_with_its_organiser_type(ale_world, client_for):
    with scopes_disabled():
        # "Gärdesskolan;41176931;Stockholm;0180;Kommunal;Stockholms kommun;2120000142;89;91;93,3;291,9"
        gardes = School.objects.get(unit_code="41176931")
    client = client_for("larare")
    doc = _page(client, ale_world, skola=gardes.pk)
    organisers, chosen = _options(doc, "organiser_type")
    assert organisers == ["Kommunal"] and chosen == "Kommunal", "the select has the school's organiser type"
    assert _options(doc, "skola")[1] == "Gärdesskolan"
    sections = _sections(doc)
    assert list(sections) == [G9_SCHOOL_TITLE], "grouped under the school table's own heading"
    rows = {measure: (grade, value) for measure, grade, value in sections[G9_SCHOOL_TITLE]}
    assert rows["Andel (%) elever som uppfyllt betygskriterierna i alla ämnen"] == ("9", "91 %")
    assert rows["Andel (%) elever behöriga till yrkesprog."] == ("9", "93,3 %")
    assert rows["Genomsnittligt meritvärde (17 ämnen)"] == ("9", "291,9")
    assert "Gärdesskolan" in doc.xpath("//caption")[0].text_content()

    # A choice carried over from the whole municipality ("Samtliga") falls back to the school's own.
    doc = _page(client, ale_world, skola=gardes.pk, organiser_type="Samtliga")
    assert _options(doc, "organiser_type") == (["Kommunal"], "Kommunal")
    assert list(_sections(doc)) == [G9_SCHOOL_TITLE]

    with scopes_disabled():
        # "Tyska skolan;53175499;Stockholm;0180;Enskild;Tyska Skolföreningen;8020056530;49;.;.;."
        free = School.objects.get(unit_code="53175499")
    doc = _page(client, ale_world, skola=free.pk)
    assert _options(doc, "organiser_type") == (["Enskild"], "Enskild")
    assert {value for _m, _g, value in _sections(doc)[G9_SCHOOL_TITLE]} == {"49", "."}  # pupils; the rest "."


def test_another_municipalitys_school_is_not_offered_or_shown(ale_world, client_for):
    with scopes_disabled():
        other = ale_world.school_b1
        Measurement.objects.create(indicator=Measurement.objects.filter(school__isnull=False).first().indicator,
                                   municipality=ale_world.b, school=other, school_year=2025, grade=9, value=50)
    doc = _page(client_for("larare"), ale_world, skola=other.pk)
    assert other.name not in _options(doc, "skola")[0]
    assert _options(doc, "skola")[1] == "Hela kommunen", "an unknown school shows the whole municipality"
    assert "50 %" not in doc.text_content()
