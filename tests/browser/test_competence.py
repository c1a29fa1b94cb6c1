"""Dimension 8 end to end in a browser, on a desktop and on a phone (issue 17, point 4).

Förvaltning writes a routine's checklist and the competences; a teacher assesses their own
competence and records a Visa & berätta session where a colleague shows the routine and the
teacher checks it against the checklist; the principal sees each person's answers, adds an
action to the school's competence plan and sees who has shown the routine and who has not yet.
At 1280 px and at 390 px; on the phone nothing scrolls sideways outside the tables' wrappers.
"""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level
from quality.models import Routine

from .. import factories as f
from .conftest import assert_no_sideways_scroll, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def fagersta():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        school = f.SchoolFactory(municipality=municipality, name="Brattbergsskolan")
        for email, name, level, at in (
            ("kickie@example.se", "Kickie Svensson", Level.FORVALTNING, None),
            ("lara@example.se", "Lara Lärare", Level.LARARE, school),
            ("kalle@example.se", "Kalle Kollega", Level.LARARE, school),
            ("rektor@example.se", "Rut Rektor", Level.REKTOR, school),
        ):
            user = f.UserFactory(email=email, full_name=name)
            f.MembershipFactory(user=user, municipality=municipality, level=level, school=at)
        Routine.objects.create(municipality=municipality, title="Formativ bedömning i praktiken", month=4,
                               who_level=Level.LARARE)
    return municipality


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_checklist_competence_analysis_and_visa_och_beratta(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    base = f"{live_server.url}/k/fagersta/kvalitetsarbete"

    # Förvaltning: the checklist of "right quality", then the competences.
    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Tänk som om Skolverket hade varit Luftfartsverket").click()
    expect(page.get_by_role("heading", name="Tänk som Luftfartsverket")).to_be_visible()
    page.get_by_role("link", name="Formativ bedömning i praktiken").click()
    page.get_by_role("textbox", name="Checklista:").fill("Lektionens mål är synligt\nAlla elever är aktiva\nLäraren tar reda på vad eleverna lärt sig")
    page.get_by_role("button", name="Spara checklistan").click()
    expect(page.locator(".messages")).to_contain_text("Checklistan är sparad.", use_inner_text=True)
    assert page.locator("ol.checklist li").count() == 3
    assert_no_sideways_scroll(page)
    page.goto(f"{base}/kompetens/")
    page.get_by_role("button", name="Hämta kompetenser från rutinerna och bedömningsunderlaget").click()
    expect(page.locator(".messages")).to_contain_text("1 ny kompetens är hämtad", use_inner_text=True)
    page.get_by_label("Kompetens:", exact=True).fill("Leda kollegialt lärande")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    competences = page.get_by_role("table", name="Kommunens kompetenser")
    expect(competences).to_contain_text("Leda kollegialt lärande", use_inner_text=True)
    expect(competences).to_contain_text("Formativ bedömning i praktiken", use_inner_text=True)
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    # The teacher: their own self-assessment, then a session where a colleague shows the routine.
    login(page, live_server.url, "lara@example.se", PASSWORD)
    page.goto(f"{base}/kompetens/")
    page.get_by_role("link", name="Skatta din kompetens").click()
    group = page.get_by_role("group", name="Leda kollegialt lärande")
    group.get_by_label("Min nivå").select_option("2")
    group.get_by_label("Mitt behov av utveckling").select_option("2")
    page.get_by_role("button", name="Spara min självskattning").click()
    expect(page.locator(".messages")).to_contain_text("Din självskattning är sparad (1 kompetens)", use_inner_text=True)
    expect(page.get_by_role("group", name="Leda kollegialt lärande").get_by_label("Min nivå")).to_have_value("2")
    assert_no_sideways_scroll(page)
    page.goto(f"{base}/kompetens/visa-och-beratta/")
    page.get_by_role("link", name="Nytt tillfälle").click()
    page.get_by_label("Rutin").select_option(label="Formativ bedömning i praktiken")
    page.get_by_label("Vad visas?").fill("Exit tickets i matematik")
    page.get_by_label("Vem visar?").select_option(label="Kalle Kollega")
    page.get_by_role("button", name="Skapa och kontrollera").click()
    for point, result in (("Lektionens mål är synligt", "Visat"), ("Alla elever är aktiva", "Delvis"),
                          ("Läraren tar reda på vad eleverna lärt sig", "Visat")):
        page.get_by_role("group", name=point).get_by_label(result, exact=True).check()
    page.get_by_role("group", name="Alla elever är aktiva").get_by_label("Kommentar").fill("Prova svarskort")
    page.get_by_role("button", name="Spara kontrollen").click()
    expect(page.locator(".messages")).to_contain_text("Kontrollen är sparad.", use_inner_text=True)
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    # The principal: each person's answers, the plan, and who has shown the routine.
    login(page, live_server.url, "rektor@example.se", PASSWORD)
    page.goto(f"{base}/kompetens/")
    page.get_by_role("link", name="Kompetensanalys för Brattbergsskolan").click()
    people = page.get_by_role("table", name="Nivå 1–4 per person, med behovet av utveckling inom parentes")
    expect(people.get_by_role("row", name="Lara Lärare")).to_contain_text("2 (stort)", use_inner_text=True)
    # One answer is too few for the school's figure.
    expect(page.get_by_role("table", name="Nivå 1–4 (4 = kan lära andra) och behov av utveckling, per kompetens")).to_contain_text("För få svar för att visas", use_inner_text=True)
    page.get_by_label("Kompetens:", exact=True).select_option(label="Leda kollegialt lärande")
    page.get_by_label("Åtgärd:", exact=True).fill("Lärgrupp varannan vecka")
    page.get_by_label("Klart senast").fill("2027-05-31")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    expect(page.locator(".messages")).to_contain_text("Åtgärden är tillagd i kompetensplanen", use_inner_text=True)
    expect(page.get_by_role("link", name="Lärgrupp varannan vecka")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.goto(f"{base}/kompetens/visa-och-beratta/")
    coverage = page.locator("section", has=page.get_by_role("heading", name="Vem har visat vad på Brattbergsskolan"))
    expect(coverage.locator("div", has_text="Har visat").last).to_contain_text("Kalle Kollega", use_inner_text=True)
    expect(coverage.locator("div", has_text="Inte ännu").last).to_contain_text("Lara Lärare", use_inner_text=True)
    page.get_by_role("link", name="Exit tickets i matematik").click()
    # The principal may correct the checks: the form shows what the teacher recorded.
    active = page.get_by_role("group", name="Alla elever är aktiva")
    expect(active.get_by_label("Delvis", exact=True)).to_be_checked()
    expect(active.get_by_label("Kommentar")).to_have_value("Prova svarskort")
    assert_no_sideways_scroll(page)
