"""The statistics page with a school chosen, on desktop and on a phone: the school's own table,
its organiser type in the select, and nothing wider than the screen."""

from pathlib import Path

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from indicators.importer import run_import
from municipalities.models import Level

from .. import factories as f
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"
DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = DATA / "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
# An excerpt of a real school-unit export (its sources: data/skolverket/README.md); Stockholm's rows.
SCHOOL_G9 = (Path(settings.BASE_DIR) / "tests" / "indicators" / "real"
             / "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet (utdrag).csv")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def coordinator():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Stockholms kommun", slug="stockholm", code="0180")
        user = f.UserFactory(email="samordnare@example.se", full_name="Sara Samordnare")
        f.MembershipFactory(user=user, municipality=municipality, level=Level.FORVALTNING, is_coordinator=True)
        for path in (G6, SCHOOL_G9):
            run_import(path.read_bytes(), filename=path.name, municipality_ids=[municipality.pk])
    return user


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_choosing_a_school_shows_its_own_figures(request, device, live_server, coordinator):
    page = request.getfixturevalue(device)
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server.url, "samordnare@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/stockholm/statistik/")
    page.locator("select[name=skola]").select_option(label="Gärdesskolan")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("heading", name="Grundskola - Slutbetyg årskurs 9, samtliga elever").wait_for()
    assert page.locator("select[name=organiser_type] option").all_inner_texts() == ["Kommunal"]
    main = page.locator("main").inner_text()
    assert "91 %" in main and "Gärdesskolan" in main  # "Gärdesskolan;41176931;…;Kommunal;…;89;91;93,3;291,9"
    assert "Grundskola - Betyg årskurs 6" not in main, "the municipality's tables are not the school's"
    page.screenshot(path=str(SHOTS / f"statistics-school-{device}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the screen"
    value = page.locator(".statistics-table td.num").first.bounding_box()
    assert value["x"] + value["width"] <= page.viewport_size["width"], "the value column is on screen"
