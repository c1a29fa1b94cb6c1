"""Följ progressionen end to end through the views: the grid, classes, import, pages, the
anonymity threshold, the quality start page and the dialogue summary."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Level
from progression.models import Result, ResultImport, SchoolClass
from progression.selectors import school_progression_summary

from .. import factories as f
from ..national_scale import SCHOOLS, SMALL_SCHOOLS
from .factories import followed_class, measure

pytestmark = pytest.mark.django_db


def _url(name, **kw):
    return reverse(f"progression:{name}", kwargs={"municipality": "alby", **kw})


def test_teacher_enters_results_for_her_school_in_the_grid(world, client_for):
    m = measure(municipality=world.a)
    c = SchoolClass.objects.create(municipality=world.a, school=world.school_a1, section="A", cohort=2023)
    client = client_for("larare")
    url = _url("school", pk=world.school_a1.pk)
    response = client.post(url, {"matt": m.pk, "lasar": 2025, "termin": "vt", f"value_{c.pk}": "72,5",
                                 f"pupils_{c.pk}": "23"})
    assert response.status_code == 302
    r = Result.objects.get(school_class=c)
    assert (r.value, r.pupils, r.school_year, r.term) == (Decimal("72.5"), 23, 2025, "vt")
    page = client.get(url + f"?matt={m.pk}&lasar=2025&termin=vt").content.decode()
    assert "2A" in page and 'value="72,5"' in page
    client.post(url, {"matt": m.pk, "lasar": 2025, "termin": "vt", f"value_{c.pk}": "70", f"pupils_{c.pk}": "23"})
    page = client.get(url + f"?matt={m.pk}&lasar=2025&termin=vt").content.decode()
    assert 'value="70"' in page and "E+" not in page


def test_grid_refuses_a_value_without_pupils_and_saves_nothing(world, client_for):
    m = measure(municipality=world.a)
    c = SchoolClass.objects.create(municipality=world.a, school=world.school_a1, section="A", cohort=2023)
    response = client_for("rektor").post(_url("school", pk=world.school_a1.pk),
                                         {"matt": m.pk, "lasar": 2025, "termin": "vt", f"value_{c.pk}": "70"})
    assert response.status_code == 200
    assert "Ange hur många elever värdet gäller." in response.content.decode()
    assert not Result.objects.exists()


def test_principal_of_another_school_may_not_write_results(world, client_for):
    other = f.UserFactory()
    f.MembershipFactory(user=other, municipality=world.a, level=Level.REKTOR, school=world.school_a2)
    from django.test import Client

    client = Client()
    client.force_login(other)
    assert client.post(_url("school", pk=world.school_a1.pk), {"form": "class", "section": "B",
                                                               "cohort": 2022}).status_code == 403
    assert client.get(_url("import", pk=world.school_a1.pk)).status_code == 403
    assert client.get(_url("school", pk=world.school_a1.pk)).status_code == 200  # reads aggregates


def test_a_mistyped_class_is_corrected_and_its_results_follow_it(world, client_for):
    m = measure(municipality=world.a)
    c = followed_class(school=world.school_a1, measure=m, cohort=2012, section="a")  # typed 2012 for 2021
    client = client_for("larare")
    school_page = client.get(_url("school", pk=world.school_a1.pk)).content.decode()
    assert _url("class_edit", pk=c.pk) in school_page
    assert _url("class_edit", pk=c.pk) in client.get(_url("cohort", pk=c.pk)).content.decode()
    page = client.get(_url("class_edit", pk=c.pk)).content.decode()
    assert "Klassen har 3 resultat" in page
    response = client.post(_url("class_edit", pk=c.pk), {"form": "edit", "section": "b", "cohort": 2021})
    assert response.status_code == 302 and response.url == _url("cohort", pk=c.pk)
    c.refresh_from_db()
    assert (c.section, c.cohort, c.results.count()) == ("B", 2021, 3)


def test_a_class_cannot_be_corrected_into_another_existing_class(world, client_for):
    a = SchoolClass.objects.create(municipality=world.a, school=world.school_a1, section="A", cohort=2021)
    b = SchoolClass.objects.create(municipality=world.a, school=world.school_a1, section="B", cohort=2021)
    response = client_for("rektor").post(_url("class_edit", pk=b.pk), {"form": "edit", "section": "a",
                                                                       "cohort": 2021})
    assert response.status_code == 200
    assert "Skolan har redan klass A i årskull 2021." in response.content.decode()
    b.refresh_from_db()
    assert b.section == "B" and a.section == "A"


def test_a_class_is_removed_with_its_results_only_when_the_box_is_ticked(world, client_for):
    m = measure(municipality=world.a)
    c = followed_class(school=world.school_a1, measure=m)
    kept = followed_class(school=world.school_a1, measure=m, section="B")
    client = client_for("rektor")
    response = client.post(_url("class_edit", pk=c.pk), {"form": "delete"})
    assert response.status_code == 200 and "Kryssa i rutan för att ta bort." in response.content.decode()
    assert SchoolClass.objects.filter(pk=c.pk).exists()
    response = client.post(_url("class_edit", pk=c.pk), {"form": "delete", "delete-confirm": "on"})
    assert response.status_code == 302 and response.url == _url("school", pk=world.school_a1.pk)
    assert not SchoolClass.objects.filter(pk=c.pk).exists()
    assert set(Result.objects.values_list("school_class_id", flat=True)) == {kept.pk}


@pytest.mark.staff_personas
def test_only_the_school_s_own_staff_correct_or_remove_its_classes(world, client_for):
    c = followed_class(school=world.school_a1, measure=measure(municipality=world.a))
    for persona in ("other_rektor", "forvaltning", "namnd"):
        client = client_for(persona)
        assert client.post(_url("class_edit", pk=c.pk), {"form": "delete", "delete-confirm": "on"}).status_code == 403
        assert client.post(_url("class_edit", pk=c.pk), {"form": "edit", "section": "Q",
                                                         "cohort": 2020}).status_code == 403
        assert _url("class_edit", pk=c.pk) not in client.get(_url("school", pk=world.school_a1.pk)).content.decode()
    c.refresh_from_db()
    assert (c.section, c.results.count()) == ("A", 3)


def test_forvaltning_corrects_and_removes_a_measure(world, client_for):
    m = measure(municipality=world.a, name="Läsförståelse, andl godkända")
    other = measure(municipality=world.a, name="Matematik, andel A–E")
    followed_class(school=world.school_a1, measure=m)
    followed_class(school=world.school_a2, measure=m)
    followed_class(school=world.school_a1, measure=other, section="B")
    client = client_for("forvaltning")
    assert _url("measure_edit", pk=m.pk) in client.get(_url("measures")).content.decode()
    assert _url("measure_edit", pk=m.pk) not in client_for("rektor").get(_url("measures")).content.decode()
    response = client.post(_url("measure_edit", pk=m.pk), {"form": "edit", "name": "matematik, andel a–e",
                                                           "kind": "test", "unit": "percent"})
    assert "Det finns redan ett mått med det namnet." in response.content.decode()
    response = client.post(_url("measure_edit", pk=m.pk), {"form": "edit", "name": "Läsförståelse, andel godkända",
                                                           "kind": "screening", "unit": "percent"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.name, m.kind) == ("Läsförståelse, andel godkända", "screening")
    assert "6 resultat i kommunens skolor" in client.get(_url("measure_edit", pk=m.pk)).content.decode()
    assert client.post(_url("measure_edit", pk=m.pk), {"form": "delete"}).status_code == 200
    response = client.post(_url("measure_edit", pk=m.pk), {"form": "delete", "delete-confirm": "on"})
    assert response.status_code == 302
    assert set(Result.objects.values_list("measure_id", flat=True)) == {other.pk}
    assert SchoolClass.objects.count() == 3  # the classes stay


def test_a_principal_may_not_change_a_measure(world, client_for):
    m = measure(municipality=world.a)
    client = client_for("rektor")
    assert client.get(_url("measure_edit", pk=m.pk)).status_code == 403
    assert client.post(_url("measure_edit", pk=m.pk), {"form": "delete", "delete-confirm": "on"}).status_code == 403
    assert client_for("forvaltning").get(_url("measure_edit", pk=measure(municipality=world.b).pk)).status_code == 404


def test_class_followed_from_1a_to_3a_shows_its_line_and_value_added(world, client_for):
    m = measure(municipality=world.a)
    c = followed_class(school=world.school_a1, measure=m, cohort=2022, values=(60, 66, 72))
    followed_class(school=world.school_a2, measure=m, cohort=2022, values=(64, 65, 66))
    page = client_for("namnd").get(_url("cohort", pk=c.pk)).content.decode()
    assert "1A" in page and "3A" in page
    # Municipal cohort: (60*24+64*24)/48 = 62 -> 69: +7; class +12; value added +5.
    assert "+12 procentenheter" in page and "+7 procentenheter" in page and "Förädlingsvärde: +5" in page
    assert "<svg" in page and "Visa värdena som tabell" in page
    assert "Förädlingsvärde = klassens förändring" in page


def test_a_class_below_the_threshold_shows_no_figure(world, client_for):
    m = measure(municipality=world.a)
    small = followed_class(school=world.school_a1, measure=m, cohort=2021, values=(11.1, 22.2, 33.3), pupils=4)
    page = client_for("forvaltning").get(_url("cohort", pk=small.pk)).content.decode()
    assert "11,1" not in page and "22,2" not in page and "33,3" not in page
    home = client_for("forvaltning").get(_url("home")).content.decode()
    assert "33,3" not in home
    summary = school_progression_summary(school=world.school_a1)
    assert not summary.has_data
    grid = client_for("namnd").get(_url("school", pk=world.school_a1.pk) + f"?matt={m.pk}&lasar=2024&termin=vt")
    text = grid.content.decode()
    assert "33,3" not in text and "33.3" not in text and "dold" in text


def test_schools_side_by_side_on_the_home_page(world, client_for):
    m = measure(municipality=world.a)
    followed_class(school=world.school_a1, measure=m, cohort=2022, values=(60, 70))
    followed_class(school=world.school_a2, measure=m, cohort=2022, values=(60, 62))
    page = client_for("forvaltning").get(_url("home") + f"?matt={m.pk}").content.decode()
    assert "Skolorna sida vid sida" in page
    assert world.school_a1.name in page and world.school_a2.name in page
    assert '<span class="badge badge--ok">+4</span>' in page and '<span class="badge badge--warning">−4</span>' in page
    assert "(procentenheter)" in page


def test_the_nation_without_a_counterpart_says_so(world, client_for):
    m = measure(municipality=world.a)
    followed_class(school=world.school_a1, measure=m, cohort=2022, values=(60, 70))
    page = client_for("forvaltning").get(_url("home") + f"?matt={m.pk}&jamfor=riket").content.decode()
    assert "Måttet har ingen motsvarighet i Skolverkets statistik" in page
    assert "rikets förändring för samma årskurser och läsår" in page


def test_value_added_against_the_nation(world, client_for):
    from indicators.models import Indicator, NationalValue

    ind = Indicator.objects.create(key="betyg-ma", name="Betyg matematik A–E")
    NationalValue.objects.create(indicator=ind, school_year=2023, grade=1, value=Decimal(80))
    NationalValue.objects.create(indicator=ind, school_year=2025, grade=3, value=Decimal(82))
    m = measure(municipality=world.a, name="Matematik A–E", national_indicator=ind)
    c = followed_class(school=world.school_a1, measure=m, cohort=2022, values=(70, 72, 78))
    page = client_for("rektor").get(_url("cohort", pk=c.pk) + "?jamfor=riket").content.decode()
    assert "Riket gick under samma tid från 80 % till 82 %: +2 procentenheter." in page
    assert "Förädlingsvärde: +6 procentenheter." in page


def test_import_previews_then_saves_all_rows_and_creates_classes(world, client_for):
    measure(municipality=world.a, name="Läsförståelse")
    client = client_for("rektor")
    data = ("Läsår;Termin;Klass;Mått;Värde;Antal elever\n"
            "2024/25;HT;2A;Läsförståelse;71,5;22\n2024/25;VT;2A;läsförståelse;74;22\n").encode()
    response = client.post(_url("import", pk=world.school_a1.pk),
                           {"file": SimpleUploadedFile("resultat.csv", data, content_type="text/csv")})
    imp = ResultImport.objects.get()
    assert response.status_code == 302 and imp.status == "preview"
    preview = client.get(_url("import_preview", pk=imp.pk)).content.decode()
    assert "ny (ny klass)" in preview and not Result.objects.exists()
    client.post(_url("import_preview", pk=imp.pk), {"action": "confirm"})
    c = SchoolClass.objects.get(school=world.school_a1)
    assert (c.section, c.cohort) == ("A", 2023)
    assert Result.objects.filter(school_class=c).count() == 2


def test_import_with_one_bad_row_saves_nothing_and_says_why(world, client_for):
    measure(municipality=world.a, name="Läsförståelse")
    data = ("Läsår;Termin;Klass;Mått;Värde;Antal elever\n"
            "2024/25;HT;2A;Läsförståelse;71,5;22\n2024/25;VT;2A;Matte;abc;22\n").encode()
    client_for("larare").post(_url("import", pk=world.school_a1.pk),
                              {"file": SimpleUploadedFile("r.csv", data, content_type="text/csv")})
    imp = ResultImport.objects.get()
    assert imp.status == "failed"
    text = " ".join(imp.errors)
    assert "Rad 3" in text and "måttet \"Matte\" finns inte" in text and "värdet \"abc\" är inget tal" in text
    assert not Result.objects.exists() and not SchoolClass.objects.exists()


def test_import_reads_the_xlsx_template(world, client_for):
    import io

    import openpyxl

    measure(municipality=world.a, name="Läsförståelse")
    client = client_for("rektor")
    template = client.get(_url("template", fmt="xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:3] == ["Läsår", "Termin", "Klass"]
    out = io.BytesIO()
    book.save(out)
    client.post(_url("import", pk=world.school_a1.pk),
                {"file": SimpleUploadedFile("mall.xlsx", out.getvalue())})
    imp = ResultImport.objects.get()
    assert imp.status == "preview", imp.errors


def test_quality_start_page_shows_dimension_3s_status(world, client_for):
    m = measure(municipality=world.a)
    followed_class(school=world.school_a1, measure=m, cohort=2022, values=(60, 70))
    page = client_for("namnd").get(reverse("quality:home", kwargs={"municipality": "alby"})).content.decode()
    assert "1 klass i 1 skolor följs över tid" in page
    assert _url("home") in page


def test_school_progression_summary_for_the_dialogue_agenda(world):
    m = measure(municipality=world.a)
    followed_class(school=world.school_a1, measure=m, cohort=2022, values=(60, 70))
    followed_class(school=world.school_a2, measure=m, cohort=2022, values=(60, 62))
    summary = school_progression_summary(school=world.school_a1)
    assert summary.has_data and len(summary.gaining) == 1
    assert summary.as_text()[0] == (
        "Läsförståelse, andel godkända, 2A (årskull 2022): 70 % VT 2024; förädlingsvärde +4 procentenheter "
        "sedan VT 2023.")


def _grow(world, schools: int):
    """``schools`` more schools, each with six classes followed for three years (two per cohort)."""
    m = measure(municipality=world.a)
    for i in range(schools):
        school = f.SchoolFactory(municipality=world.a, name=f"Skola {i} {schools}")
        for cohort in (2019, 2020, 2021):
            for section in "AB":
                followed_class(school=school, measure=m, cohort=cohort, section=section, values=(50, 55, 60))
    return m


PAGES = [("forvaltning", "home"), ("namnd", "home"), ("forvaltning", "measures"), ("forvaltning", "measure_edit"),
         ("forvaltning", "school"), ("larare", "school"), ("forvaltning", "cohort"), ("larare", "cohort"),
         ("larare", "class_edit"), ("larare", "import"), ("larare", "import_preview"), ("forvaltning", "template_csv"),
         ("forvaltning", "template_xlsx")]


def test_every_page_makes_the_same_number_of_queries_with_every_school_of_a_large_municipality(
        world, client_for, settings):
    """Every page of the tool, as who uses it: the same count with 4 schools and with 47."""
    settings.TENANT_CACHE_SECONDS = 0
    m = _grow(world, SMALL_SCHOOLS)
    own = followed_class(school=world.school_a1, measure=m, cohort=2020, values=(50, 55, 60))
    client_for("larare").post(_url("import", pk=world.school_a1.pk), {"file": SimpleUploadedFile(
        "r.csv", "Läsår;Termin;Klass;Mått;Värde;Antal elever\n2022/23;VT;2A;Läsförståelse, andel godkända;61;24\n"
        .encode())})
    preview = ResultImport.objects.get(school=world.school_a1)
    urls = {
        "home": _url("home") + f"?matt={m.pk}", "measures": _url("measures"),
        "measure_edit": _url("measure_edit", pk=m.pk), "school": _url("school", pk=world.school_a1.pk),
        "cohort": _url("cohort", pk=own.pk), "class_edit": _url("class_edit", pk=own.pk),
        "import": _url("import", pk=world.school_a1.pk), "import_preview": _url("import_preview", pk=preview.pk),
        "template_csv": _url("template", fmt="csv"), "template_xlsx": _url("template", fmt="xlsx"),
    }

    def counts():
        result = {}
        for persona, page in PAGES:
            client = client_for(persona)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(urls[page]).status_code == 200, page
            result[f"{persona}-{page}"] = len(ctx.captured_queries)
        return result

    counts()  # warm: sessions, the membership cache
    small = counts()
    _grow(world, SCHOOLS)
    assert SchoolClass.objects.filter(municipality=world.a).values("school").distinct().count() >= SCHOOLS
    large = counts()
    grew = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grew, f"queries with {SMALL_SCHOOLS + 2} schools and with {SCHOOLS + SMALL_SCHOOLS + 2}: {grew}"
