"""Följ progressionen end to end in a browser, on a desktop and on a phone (issue 17, point 1).

Förvaltning adds a result measure; the principal imports a year of results from a CSV file
(preview, then all rows), enters this term's figure in the grid, and follows the class from 1A
to 3A on its page, with the chart's table and the value-added rule. On the phone nothing scrolls
sideways outside the tables' own wrappers.
"""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level
from progression.selectors import current_school_year

from .. import factories as f
from .conftest import assert_no_sideways_scroll, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def fagersta():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        school = f.SchoolFactory(municipality=municipality, name="Brattbergsskolan")
        f.SchoolFactory(municipality=municipality, name="Risbroskolan")
        admin = f.UserFactory(email="kickie@example.se", full_name="Kickie Svensson")
        f.MembershipFactory(user=admin, municipality=municipality, level=Level.FORVALTNING)
        principal = f.UserFactory(email="rektor@example.se", full_name="Rut Rektor")
        f.MembershipFactory(user=principal, municipality=municipality, level=Level.REKTOR, school=school)
    return municipality


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_class_is_imported_entered_and_followed(device, request, live_server, fagersta, tmp_path):
    page = request.getfixturevalue(device)
    year = current_school_year()  # this school year (spring year); the class is in grade 3 now
    cohort = year - 3

    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/kvalitetsarbete/")
    page.get_by_role("link", name="Följ progressionen – resultatstyrning med förädlingsvärden").click()
    expect(page.get_by_role("heading", name="Följ progressionen", exact=True)).to_be_visible()
    page.get_by_role("link", name="Lägg till resultatmått").click()
    page.get_by_label("Namn").fill("Läsförståelse")
    page.get_by_role("button", name="Lägg till måttet").click()
    expect(page.locator(".messages")).to_contain_text("Måttet är tillagt.", use_inner_text=True)
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    login(page, live_server.url, "rektor@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/kvalitetsarbete/progression/")
    page.get_by_role("link", name="Mata in resultat för Brattbergsskolan").click()
    page.get_by_role("link", name="Importera från fil (CSV eller Excel)").click()
    csv_file = tmp_path / "resultat.csv"
    csv_file.write_text(
        "Läsår;Termin;Klass;Mått;Värde;Antal elever\n"
        f"{year - 3}/{(year - 2) % 100:02d};VT;1A;Läsförståelse;60;22\n"
        f"{year - 2}/{(year - 1) % 100:02d};VT;2A;Läsförståelse;66,5;22\n", encoding="utf-8")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Läs filen och förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranskning")).to_be_visible()
    expect(page.get_by_role("cell", name="ny (ny klass)").first).to_be_visible()
    page.get_by_role("button", name="Importera alla rader").click()
    expect(page.locator(".messages")).to_contain_text("Resultaten är importerade (nya: 2, ändrade: 0).", use_inner_text=True)

    # This term in the grid: the class is 3A now.
    page.get_by_label("Värde för 3A").fill("71")
    page.get_by_label("Antal elever i 3A").fill("22")
    page.get_by_role("button", name="Spara resultaten").click()
    expect(page.locator(".messages")).to_contain_text("Resultaten är sparade (nya: 1,", use_inner_text=True)
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name="3A").first.click()
    expect(page.get_by_role("heading", name=f"Klass A, årskull {cohort} – Brattbergsskolan")).to_be_visible()
    expect(page.get_by_role("img", name="Läsförståelse")).to_be_visible()
    page.get_by_text("Visa värdena som tabell").click()
    expect(page.get_by_role("row", name=f"2A VT{(year - 1) % 100:02d} 66,5")).to_be_visible()
    assert "Klassen gick från 60 %" in page.content()
    expect(page.get_by_role("heading", name="Så räknas förädlingsvärdet")).to_be_visible()
    assert_no_sideways_scroll(page)

    # A mistyped class is corrected from its page: the letter was B, not A; its results follow it.
    page.get_by_role("link", name="Rätta klassens bokstav eller årskull, eller ta bort den").click()
    expect(page.get_by_text("Klassen har 3 resultat.")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.get_by_label("Klassens bokstav").fill("b")
    page.get_by_role("button", name="Spara ändringen").click()
    expect(page.locator(".messages")).to_contain_text("Klassen är ändrad.", use_inner_text=True)
    expect(page.get_by_role("heading", name=f"Klass B, årskull {cohort} – Brattbergsskolan")).to_be_visible()
    page.get_by_text("Visa värdena som tabell").click()
    expect(page.get_by_role("row", name=f"2B VT{(year - 1) % 100:02d} 66,5")).to_be_visible()

    page.goto(f"{live_server.url}/k/fagersta/kvalitetsarbete/progression/")
    expect(page.get_by_role("heading", name="Skolorna sida vid sida")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Risbroskolan")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()
