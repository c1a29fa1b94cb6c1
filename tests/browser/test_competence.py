"""Dimension 8 end to end in a browser, on a desktop and on a phone (issue 17, point 4).

Förvaltning writes a routine's checklist and the competences; a teacher assesses their own
competence and records a Visa & berätta session where a colleague shows the routine and the
teacher checks it against the checklist; the principal sees each person's answers, adds an
action to the school's competence plan and sees who has shown the routine and who has not yet.
At 1280 px and at 390 px; on the phone nothing scrolls sideways outside the tables' wrappers.
"""

import pytest
from django_scopes import scopes_disabled

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
    assert page.get_by_role("heading", name="Tänk som Luftfartsverket").is_visible()
    page.get_by_role("link", name="Formativ bedömning i praktiken").click()
    page.get_by_role("textbox", name="Checklista:").fill("Lektionens mål är synligt\nAlla elever är aktiva\nLäraren tar reda på vad eleverna lärt sig")
    page.get_by_role("button", name="Spara checklistan").click()
    assert "Checklistan är sparad." in page.locator(".messages").inner_text()
    assert page.locator("ol.checklist li").count() == 3
    assert_no_sideways_scroll(page)
    page.goto(f"{base}/kompetens/")
    page.get_by_role("button", name="Hämta kompetenser från rutinerna och bedömningsunderlaget").click()
    assert "1 ny kompetens är hämtad" in page.locator(".messages").inner_text()
    page.get_by_label("Kompetens:", exact=True).fill("Leda kollegialt lärande")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    competences = page.get_by_role("table", name="Kommunens kompetenser")
    assert "Leda kollegialt lärande" in competences.inner_text() and "Formativ bedömning i praktiken" in competences.inner_text()
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
    assert "Din självskattning är sparad (1 kompetens)" in page.locator(".messages").inner_text()
    assert page.get_by_role("group", name="Leda kollegialt lärande").get_by_label("Min nivå").input_value() == "2"
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
    assert "Kontrollen är sparad." in page.locator(".messages").inner_text()
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    # The principal: each person's answers, the plan, and who has shown the routine.
    login(page, live_server.url, "rektor@example.se", PASSWORD)
    page.goto(f"{base}/kompetens/")
    page.get_by_role("link", name="Kompetensanalys för Brattbergsskolan").click()
    people = page.get_by_role("table", name="Nivå 1–4 per person, med behovet av utveckling inom parentes")
    assert "2 (stort)" in people.get_by_role("row", name="Lara Lärare").inner_text()
    # One answer is too few for the school's figure.
    assert "För få svar för att visas" in page.get_by_role("table", name="Nivå 1–4 (4 = kan lära andra) och behov av utveckling, per kompetens").inner_text()
    page.get_by_label("Kompetens:", exact=True).select_option(label="Leda kollegialt lärande")
    page.get_by_label("Åtgärd:", exact=True).fill("Lärgrupp varannan vecka")
    page.get_by_label("Klart senast").fill("2027-05-31")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    assert "Åtgärden är tillagd i kompetensplanen" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Lärgrupp varannan vecka").is_visible()
    assert_no_sideways_scroll(page)
    page.goto(f"{base}/kompetens/visa-och-beratta/")
    coverage = page.locator("section", has=page.get_by_role("heading", name="Vem har visat vad på Brattbergsskolan"))
    assert "Kalle Kollega" in coverage.locator("div", has_text="Har visat").last.inner_text()
    assert "Lara Lärare" in coverage.locator("div", has_text="Inte ännu").last.inner_text()
    page.get_by_role("link", name="Exit tickets i matematik").click()
    # The principal may correct the checks: the form shows what the teacher recorded.
    active = page.get_by_role("group", name="Alla elever är aktiva")
    assert active.get_by_label("Delvis", exact=True).is_checked()
    assert active.get_by_label("Kommentar").input_value() == "Prova svarskort"
    assert_no_sideways_scroll(page)
