"""A coordinator uploads a Skolverket file, sees the worker's preview, imports it, on a phone too."""

from pathlib import Path

import pytest
from django.conf import settings
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from indicators.models import Measurement
from municipalities.models import Level

from .. import factories as f
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def coordinator():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Ale kommun", slug="ale", code="1440")
        user = f.UserFactory(email="samordnare@example.se", full_name="Sara Samordnare")
        f.MembershipFactory(user=user, municipality=municipality, level=Level.FORVALTNING, is_coordinator=True)
    return user


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_coordinator_previews_then_imports_a_file(request, device, live_server, coordinator):
    page = request.getfixturevalue(device)
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, live_server.url, "samordnare@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/ale/statistik/import/")
    page.get_by_label("Fil från Skolverket").set_input_files(str(Path(settings.BASE_DIR) / "data" / "skolverket" / G6))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("heading", name=f"Förhandsgranskning av {G6}").wait_for()
    expect(page.locator("main")).to_contain_text("Inget är sparat ännu", use_inner_text=True)
    page.screenshot(path=str(SHOTS / f"import-preview-{device}.png"), full_page=True)
    with scopes_disabled():
        assert not Measurement.objects.exists()

    page.get_by_role("button", name="Importera", exact=True).click()
    page.get_by_role("heading", name="Importen är klar").wait_for()
    page.screenshot(path=str(SHOTS / f"import-done-{device}.png"), full_page=True)
    with scopes_disabled():
        assert Measurement.objects.filter(municipality__slug="ale").count() == 15
    page.goto(f"{live_server.url}/k/ale/statistik/import/")
    assert page.get_by_role("link", name=G6).count() == 1, "the import is listed with its status"
    page.screenshot(path=str(SHOTS / f"import-list-{device}.png"), full_page=True)
