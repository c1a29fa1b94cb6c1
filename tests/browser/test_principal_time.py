"""Principals' time end to end in a browser, on a phone first and on a desktop (issue 17, point 3).

A principal logs this week from the start page of quality work on a phone, lists something they
delegated, and sees the week in the trend; förvaltning sets the target, sees the principal in the
overview and follows the link to the trend. Nothing scrolls sideways on the phone.
"""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level

from .. import factories as f
from .conftest import assert_no_sideways_scroll, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def fagersta():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        school = f.SchoolFactory(municipality=municipality, name="Brattbergsskolan")
        admin = f.UserFactory(email="kickie@example.se", full_name="Kickie Svensson")
        f.MembershipFactory(user=admin, municipality=municipality, level=Level.FORVALTNING)
        principal = f.UserFactory(email="rektor@example.se", full_name="Rut Rektor")
        f.MembershipFactory(user=principal, municipality=municipality, level=Level.REKTOR, school=school)
    return municipality


@pytest.mark.parametrize("device", ["phone_page", "page"])
def test_a_principal_logs_the_week_and_forvaltning_follows_the_trend(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    login(page, live_server.url, "rektor@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/kvalitetsarbete/")
    page.get_by_role("link", name="Frigör tid för ditt pedagogiska ledarskap").click()
    expect(page.get_by_role("heading", name="Min tid för pedagogiskt ledarskap")).to_be_visible()
    page.get_by_role("link", name="Logga veckan").click()
    page.get_by_label("Lektionsbesök").fill("4,5")
    page.get_by_label("Kollegialt lärande").fill("3")
    page.get_by_label("Analys av resultat").fill("1")
    page.get_by_label("Administration").fill("18")
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Spara veckan").click()
    expect(page.get_by_text("är sparad")).to_be_visible()
    row = page.get_by_role("table", name="Timmar per vecka, senaste veckan först").get_by_role("row").nth(1)
    expect(row).to_contain_text("8,5", use_inner_text=True)
    expect(row).to_contain_text("18,0", use_inner_text=True)

    page.get_by_label("Vad har du slutat med eller delegerat?").fill("Attestering av fakturor")
    page.get_by_label("Delegerat", exact=True).check()
    page.get_by_label("Delegerat till (om delegerat)").fill("Administratören")
    page.get_by_label("Från och med").fill("2026-10-01")
    page.get_by_label("Frigjorda timmar i veckan").fill("2")
    # The phone keyboard's "Go" key submits, as a thumb does after the last field.
    page.get_by_label("Frigjorda timmar i veckan").press("Enter")
    expect(page.locator(".freed-list").get_by_text("Attestering av fakturor", exact=True)).to_be_visible()
    assert_no_sideways_scroll(page)

    page.context.clear_cookies()
    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/kvalitetsarbete/tid/")
    page.get_by_role("link", name="Rut Rektor").click()
    page.get_by_label("Mål: timmar i veckan för pedagogiskt ledarskap").fill("10")
    page.get_by_role("button", name="Spara målet").click()
    expect(page.get_by_text("Målet är sparat.")).to_be_visible()
    expect(page.get_by_text("Under målet").first).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    assert_no_sideways_scroll(page)
