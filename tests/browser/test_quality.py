"""The quality-work tools end to end in a browser, on a desktop and on a phone (issue 16).

Förvaltning writes and adopts the scientific basis, a teacher confirms it; a routine is written,
its tasks made, the owner ticks one; an evaluation gets a causal chain; a quality dialogue gets
minutes and an agreed action. Each runs at 1280 px and at 390 px; on the phone nothing scrolls
sideways outside the tables' own wrappers.
"""

import re

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


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_scientific_basis_is_written_adopted_and_confirmed(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    base = f"{live_server.url}/k/fagersta/kvalitetsarbete"
    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/")
    page.get_by_role("navigation", name="Fagersta kommun: meny").get_by_role("link", name="Kvalitetsarbete").click()
    expect(page.get_by_role("heading", name="Kvalitetsarbete: Modellen 2.0")).to_be_visible()
    page.get_by_role("link", name="Din skola på vetenskaplig grund").click()
    page.get_by_label("Rubrik:", exact=True).fill("Så undervisar vi i Fagersta")
    page.get_by_role("button", name="Skapa utkast").click()
    page.get_by_role("link", name="Lägg till en princip").click()
    page.get_by_label("Princip:", exact=True).fill("Tydliga mål för varje lektion")
    page.get_by_label("Så märks det i klassrummet").fill("Målet står på tavlan och följs upp i slutet.")
    page.get_by_label("Forskningskällor").fill("Hattie, J. | Visible Learning | 2009 | https://example.org/hattie")
    page.get_by_role("button", name="Spara principen").click()
    expect(page.get_by_role("link", name="Visible Learning")).to_be_visible()
    page.get_by_role("button", name="Anta versionen").click()
    expect(page.locator(".messages")).to_contain_text("Version 1 är antagen", use_inner_text=True)
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    login(page, live_server.url, "lara@example.se", PASSWORD)
    page.goto(f"{base}/vetenskaplig-grund/")
    expect(page.get_by_role("heading", name="Tydliga mål för varje lektion")).to_be_visible()
    page.get_by_role("button", name="Jag har läst och diskuterat").click()
    expect(page.get_by_text("Du har kvitterat att du har läst och diskuterat den här versionen.")).to_be_visible()
    table = page.get_by_role("table", name="Per nivå")
    expect(table.get_by_role("row", name="Lärare")).to_contain_text("1 av 1", use_inner_text=True)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_routine_becomes_a_task_that_its_owner_ticks_off(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    base = f"{live_server.url}/k/fagersta/kvalitetsarbete"
    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{base}/rutiner/")
    page.get_by_role("link", name="Ny rutin").click()
    page.get_by_label("Vad:", exact=True).fill("Lektionsbesök med återkoppling")
    page.get_by_label("Vem: nivå").select_option("rektor")
    page.get_by_label("När: månad").select_option("10")
    page.get_by_label("Hur: steg").fill("Besök varje lärare\nÅterkoppla inom en vecka")
    page.get_by_role("button", name="Spara rutinen").click()
    expect(page.get_by_role("heading", name="Lektionsbesök med återkoppling")).to_be_visible()
    assert page.locator("ol.checklist li").count() == 2
    page.goto(f"{base}/rutiner/")
    clock = page.get_by_role("img", name="Årsklocka: läsårets rutiner från augusti till juni")
    expect(clock).to_be_visible()
    expect(page.get_by_role("table", name="Årsklockan som tabell: rutiner per månad").get_by_role(
        "link", name="Lektionsbesök med återkoppling")).to_be_visible()
    page.get_by_role("button", name="Skapa årets uppgifter").click()
    expect(page.locator(".messages")).to_contain_text("1 nya uppgifter", use_inner_text=True)
    assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    login(page, live_server.url, "rektor@example.se", PASSWORD)
    page.goto(f"{base}/rutiner/")
    page.get_by_role("table", name="Årsklockan som tabell: rutiner per månad").get_by_role(
        "link", name="Lektionsbesök med återkoppling").click()
    page.locator("main").get_by_role("link", name="Rut Rektor").click()
    page.get_by_label("Kommentar").fill("Alla besök klara")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Uppgiften är markerad som genomförd.", use_inner_text=True)
    expect(page.locator("dd", has_text="Alla besök klara")).to_be_visible()
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_evaluation_gets_a_causal_chain_and_a_dialogue_minutes_and_an_action(device, request, live_server, fagersta):
    page = request.getfixturevalue(device)
    base = f"{live_server.url}/k/fagersta/kvalitetsarbete"
    login(page, live_server.url, "kickie@example.se", PASSWORD)
    page.goto(f"{base}/analys/")
    page.get_by_label("Rubrik:", exact=True).fill("Mitterminsutvärdering HT")
    page.get_by_label("Typ:", exact=True).select_option("mittermin")
    page.get_by_label("Datum:", exact=True).fill("2026-10-20")
    page.get_by_role("button", name="Skapa utvärderingen").click()
    page.get_by_label("Resultat som spelar roll").fill("Färre når E i matematik åk 6")
    page.get_by_role("button", name="Lägg till resultatet").click()
    page.get_by_text("Lägg till en orsak").click()
    page.get_by_label("Orsak:", exact=True).fill("Otydliga lektionsmål")
    page.get_by_label("Belägg").fill("8 av 12 besök saknade mål")
    page.get_by_role("button", name="Lägg till orsaken").click()
    page.get_by_text("Lägg till en åtgärd").click()
    page.get_by_label("Åtgärd:", exact=True).fill("Mål på tavlan varje lektion")
    page.get_by_label("Förväntad effekt").fill("Fler når E")
    page.get_by_label("Effekten väntas senast").fill("2027-06-10")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    chain = page.locator("article.chain")
    expect(chain).to_contain_text("Otydliga lektionsmål", use_inner_text=True)
    expect(chain).to_contain_text("Mål på tavlan varje lektion", use_inner_text=True)
    expect(chain).to_contain_text("Följs upp vid nästa utvärdering.", use_inner_text=True)
    assert_no_sideways_scroll(page)

    page.goto(f"{base}/dialoger/")
    page.get_by_label("Rubrik:", exact=True).fill("Kvalitetsdialog Brattbergsskolan")
    page.get_by_label("Med skolan").select_option(label="Brattbergsskolan")
    page.get_by_label("Börjar").fill("2026-11-12T13:00")
    page.get_by_role("button", name="Planera dialogen").click()
    expect(page.get_by_label("Dagordning:", exact=True)).to_have_value(re.compile(r"1\. Läget: resultat och progression"))
    page.get_by_label("Minnesanteckningar:", exact=True).fill("Rektor presenterade läget.")
    page.get_by_role("button", name="Spara anteckningarna").click()
    page.get_by_label("Överenskommen åtgärd").fill("Fast lästid i schemat")
    page.get_by_label("Ansvarig:", exact=True).select_option(label="Rut Rektor")
    page.get_by_label("Klar senast").fill("2027-02-01")
    page.get_by_role("button", name="Spara åtgärden").click()
    table = page.get_by_role("table", name="Åtaganden med ansvariga")
    expect(table).to_contain_text("Fast lästid i schemat", use_inner_text=True)
    expect(table).to_contain_text("Rut Rektor", use_inner_text=True)
    expect(page.get_by_label("Minnesanteckningar:", exact=True)).to_have_value("Rektor presenterade läget.")
    assert_no_sideways_scroll(page)


@pytest.fixture
def two_networks(fagersta):
    """Fagersta is in Nätverk Mitt (with Östhammar) and in Nätverk Söder (with Hedemora)."""
    from quality import services
    from tests.quality.factories import adopted_principle_set, routine

    with scopes_disabled():
        mitt = f.NetworkFactory(name="Nätverk Mitt", slug="mitt")
        soder = f.NetworkFactory(name="Nätverk Söder", slug="soder")
        osthammar = f.MunicipalityFactory(name="Östhammar kommun", slug="osthammar", code="0382")
        hedemora = f.MunicipalityFactory(name="Hedemora kommun", slug="hedemora", code="2083")
        for network, municipality in ((mitt, fagersta), (mitt, osthammar), (soder, fagersta), (soder, hedemora)):
            f.NetworkMembershipFactory(network=network, municipality=municipality)
        for email, name, municipality in (("osten@example.se", "Östen Förvaltning", osthammar),
                                          ("hedda@example.se", "Hedda Förvaltning", hedemora)):
            f.MembershipFactory(user=f.UserFactory(email=email, full_name=name), municipality=municipality,
                                level=Level.FORVALTNING)
        ps = adopted_principle_set(municipality=fagersta)
        ps.title = "Så undervisar vi i Fagersta"
        ps.save()
        r = routine(municipality=fagersta, title="Resultatdialog i november", month=11,
                    steps="Samla siffrorna\nBoka rektorerna")
        template = services.evaluation_template_save(municipality=fagersta, name="Fagerstas terminsmall",
                                                     headings="Resultat: Vad visar resultaten?\nOrsaker: Varför?")
    return {"grund": ps, "rutin": r, "mall": template}


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_shared_example_is_copied_by_another_member_and_stays_in_its_network(device, request, live_server, two_networks):
    """Point 5: Fagersta shares a principle set, a routine and an evaluation template with Nätverk Mitt
    only; Östhammar (in Mitt) browses the examples and copies each, and each copy says where it came
    from; Hedemora, in Fagersta's other network, sees none of them."""
    page = request.getfixturevalue(device)
    base = live_server.url
    examples = two_networks
    login(page, base, "kickie@example.se", PASSWORD)
    for url in (f"{base}/k/fagersta/kvalitetsarbete/vetenskaplig-grund/",
                f"{base}/k/fagersta/kvalitetsarbete/rutiner/{examples['rutin'].pk}/",
                f"{base}/k/fagersta/kvalitetsarbete/analys/mall/{examples['mall'].pk}/"):
        page.goto(url)
        share = page.locator("section", has=page.get_by_role("heading", name="Dela som exempel med nätverket"))
        expect(share.get_by_label("Nätverk Mitt")).not_to_be_checked()  # two networks: nothing chosen for you
        share.get_by_label("Nätverk Mitt").check()
        share.get_by_role("button", name="Spara delningen").click()
        expect(page.locator(".messages")).to_contain_text("Delningen är sparad.", use_inner_text=True)
        share = page.locator("section", has=page.get_by_role("heading", name="Dela som exempel med nätverket"))
        expect(share.get_by_label("Nätverk Mitt")).to_be_checked()
        expect(share.get_by_label("Nätverk Söder")).not_to_be_checked()
        assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    login(page, base, "osten@example.se", PASSWORD)
    for title in ("Så undervisar vi i Fagersta", "Resultatdialog i november", "Fagerstas terminsmall"):
        page.goto(f"{base}/n/mitt/")
        page.get_by_role("navigation", name="Nätverk Mitt: meny").get_by_role("link", name="Exempel").click()
        table = page.get_by_role("table", name="Delade exempel")
        expect(table.locator("tbody tr")).to_have_count(3)  # waits for the page the click opened
        expect(table.get_by_role("row", name=title)).to_contain_text("Fagersta kommun", use_inner_text=True)
        assert_no_sideways_scroll(page)
        table.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Delat av Fagersta kommun", use_inner_text=True)
        page.get_by_role("button", name="Kopiera till Östhammar kommun").click()
        expect(page.locator(".messages")).to_contain_text("Kopian finns nu hos Östhammar kommun.", use_inner_text=True)
        assert page.url.startswith(f"{base}/k/osthammar/kvalitetsarbete/")
        expect(page.get_by_text(f"Kopia av ”{title}” från Fagersta kommun, delad i Nätverk Mitt.")).to_be_visible()
        if title == "Så undervisar vi i Fagersta":
            # Östhammar's own draft, with Fagersta's principles and their sources.
            expect(page.get_by_text("Utkast", exact=True)).to_be_visible()
            expect(page.locator("main cite", has_text="Visible Learning")).to_have_count(2)
        assert_no_sideways_scroll(page)
    page.context.clear_cookies()

    # Hedemora shares Nätverk Söder with Fagersta: nothing shared with Mitt shows there.
    login(page, base, "hedda@example.se", PASSWORD)
    page.goto(f"{base}/n/soder/")
    page.get_by_role("navigation", name="Nätverk Söder: meny").get_by_role("link", name="Exempel").click()
    expect(page.get_by_text("Inga exempel är delade med nätverket ännu.")).to_be_visible()
    for kind, obj in examples.items():
        assert page.goto(f"{base}/n/soder/exempel/{kind}/{obj.pk}/").status == 404
        assert page.goto(f"{base}/n/mitt/exempel/{kind}/{obj.pk}/").status in (403, 404)
    assert_no_sideways_scroll(page)
