"""Teaching quality end to end in a browser, on a desktop and on a phone (issue 17, point 2).

Förvaltning starts the rubric from the proposal and adopts it; the principal records a lesson
visit on the form (phone-first: a refused submit and a closed page lose nothing); the teacher
reads it and comments; the principal makes the school's plan with an action. Each runs at
1280 px and at 390 px; on the phone nothing scrolls sideways outside the tables' own wrappers.
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
        teacher = f.UserFactory(email="lara@example.se", full_name="Lara Lärare")
        f.MembershipFactory(user=teacher, municipality=municipality, level=Level.LARARE, school=school)
        principal = f.UserFactory(email="rektor@example.se", full_name="Rut Rektor")
        f.MembershipFactory(user=principal, municipality=municipality, level=Level.REKTOR, school=school)
    return municipality


def _sign_in_as(page, base, email):
    page.context.clear_cookies()
    login(page, base, email, PASSWORD)


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_rubric_visit_comment_and_plan(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    base = f"{live_server.url}/k/fagersta/kvalitetsarbete"

    # Förvaltning: the quality start page leads to the tool; the rubric starts from the proposal.
    _sign_in_as(page, live_server.url, "kickie@example.se")
    page.goto(base + "/")
    page.get_by_role("link", name="Utveckla det som gör störst skillnad för elevernas lärande – systematiskt").click()
    expect(page.get_by_role("heading", name="Plan för bättre undervisning", exact=True)).to_be_visible()
    page.get_by_role("link", name="Bedömningsmatrisen").click()
    page.get_by_role("button", name="Börja från ett förslag").click()
    page.get_by_label("Rubrik:", exact=True).fill("Undervisningen i Fagersta")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    page.get_by_role("button", name="Anta", exact=True).click()
    expect(page.get_by_role("heading", name="Undervisningen i Fagersta")).to_be_visible()
    assert_no_sideways_scroll(page)

    # The principal, during the lesson: forgets the teacher, and loses nothing.
    _sign_in_as(page, live_server.url, "rektor@example.se")
    page.goto(base + "/undervisning/")
    page.get_by_role("link", name="Nytt lektionsbesök").click()
    page.get_by_label("Lektion").fill("Ma 7B")
    page.get_by_role("group", name="Formativ återkoppling").get_by_label("Syns delvis").check()
    page.get_by_role("group", name="Studiero").get_by_label("Syns genomgående").check()
    page.get_by_label("Styrkor").fill("Lugn start, tydligt mål")
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Spara besöket").click()
    expect(page.locator("#id_teacher_error")).to_be_visible()
    expect(page.get_by_label("Styrkor")).to_have_value("Lugn start, tydligt mål")
    expect(page.get_by_role("group", name="Formativ återkoppling").get_by_label("Syns delvis")).to_be_checked()
    # The page is closed by mistake and opened again: the draft kept in the browser comes back.
    page.get_by_label("En sak att utveckla").fill("Exit ticket i slutet")
    page.goto(base + "/undervisning/besok/nytt/")
    expect(page.get_by_label("En sak att utveckla")).to_have_value("Exit ticket i slutet")
    expect(page.get_by_role("group", name="Studiero").get_by_label("Syns genomgående")).to_be_checked()
    page.get_by_label("Lärare").select_option(label="Lara Lärare")
    page.get_by_role("button", name="Spara besöket").click()
    expect(page.get_by_text("Besöket är sparat.")).to_be_visible()
    expect(page.get_by_role("cell", name="2 Syns delvis")).to_be_visible()
    # Saved: the next new form starts empty.
    page.goto(base + "/undervisning/besok/nytt/")
    expect(page.get_by_label("En sak att utveckla")).to_have_value("")

    # The teacher reads the visit and comments.
    _sign_in_as(page, live_server.url, "lara@example.se")
    page.goto(base + "/undervisning/")
    page.get_by_role("region", name="Mina lektionsbesök").get_by_role("link").first.click()
    expect(page.get_by_text("Exit ticket i slutet")).to_be_visible()
    page.get_by_label("Din kommentar").fill("Tack, jag provar svarskort.")
    page.get_by_role("button", name="Spara kommentaren").click()
    expect(page.get_by_text("Din kommentar är sparad.")).to_be_visible()
    assert_no_sideways_scroll(page)

    # The principal makes the school's plan with an action.
    _sign_in_as(page, live_server.url, "rektor@example.se")
    page.goto(base + "/undervisning/")
    page.get_by_role("link", name="Bilden av Brattbergsskolan").click()
    expect(page.get_by_role("table", name="Medel per aspekt och termin (skala 1–4)")).to_be_visible()
    page.get_by_role("link", name="Gör en plan").click()
    page.get_by_label("Formativ återkoppling").check()
    page.get_by_label("Så ska nästa besök visa effekten").fill("Medel minst 3 i vår")
    page.get_by_role("button", name="Spara planen").click()
    expect(page.get_by_text("Medel minst 3 i vår")).to_be_visible()
    page.get_by_role("link", name="Ändra planen").click()
    page.get_by_label("Åtgärd:", exact=True).fill("Svarskort i alla klassrum")
    page.get_by_label("Ansvarig").select_option(label="Rut Rektor")
    page.get_by_label("Klar senast").fill("2027-03-01")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    expect(page.get_by_role("link", name="Svarskort i alla klassrum")).to_be_visible()
    assert_no_sideways_scroll(page)
