"""A teacher answers a mapping on a phone; the coordinator sees participation go up; the result
page respects the anonymity threshold."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level

from .. import factories as f
from ..reviews.factories import answer_all, make_mapping
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def setup():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        teacher = f.UserFactory(email="lara@example.se", full_name="Lara Lärare")
        f.MembershipFactory(user=teacher, municipality=municipality, level=Level.LARARE)
        coordinator = f.UserFactory(email="sam@example.se", full_name="Sam Samordnare")
        f.MembershipFactory(user=coordinator, municipality=municipality, level=Level.FORVALTNING, is_coordinator=True)
        others = []
        for _ in range(3):
            user = f.UserFactory()
            f.MembershipFactory(user=user, municipality=municipality, level=Level.LARARE)
            others.append(user)
        few = {}
        for level, n in ((Level.NAMND, 3), (Level.REKTOR, 1)):
            few[level] = []
            for _ in range(n):
                user = f.UserFactory()
                f.MembershipFactory(user=user, municipality=municipality, level=level)
                few[level].append(user)
        # Threshold 3: a level shows with 4 answers (the threshold plus one).
        mapping = make_mapping(municipality, title="Vårens kartläggning", threshold=3)
        # Three other teachers have answered already; three politicians and one principal too:
        # too few on their levels, but four together, so the total does not give them away.
        for user in others:
            answer_all(mapping, user, Level.LARARE, 2)
        for user in few[Level.NAMND]:
            answer_all(mapping, user, Level.NAMND, 6, comment="Politikernas kommentar")
        answer_all(mapping, few[Level.REKTOR][0], Level.REKTOR, 5)
    return {"mapping": mapping}


def _teacher_row(page):
    return page.get_by_role("table", name="Delaktighet: inskickade svar per nivå").get_by_role("row", name="Lärare")


def test_teacher_answers_on_a_phone_and_coordinator_sees_results(browser, phone_page, live_server, setup):
    mapping = setup["mapping"]
    base = live_server.url

    coordinator_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    coordinator = coordinator_context.new_page()
    login(coordinator, base, "sam@example.se", PASSWORD)
    coordinator.goto(f"{base}/k/fagersta/kartlaggning/{mapping.pk}/")
    expect(_teacher_row(coordinator).get_by_role("cell").first).to_have_text(re.compile(r"^\s*3"), use_inner_text=True)

    page = phone_page
    login(page, base, "lara@example.se", PASSWORD)
    page.get_by_role("link", name="Svara på kartläggningen: Vårens kartläggning").click()
    # Real phones are sent to one statement per screen by their user agent; this one asks.
    expect(page).to_have_url(re.compile(r"/svara/"))
    page.wait_for_load_state()
    if "Påstående 1 av 6" not in page.content():
        page.get_by_role("link", name="Ett påstående i taget").click()
    # expect() waits for the page the click loads; content() may read it half-way.
    expect(page.locator("main")).to_contain_text("Påstående 1 av 6")
    for step in range(1, 7):
        group = page.get_by_role("group").first
        if step == 3:
            group.get_by_label("Vet inte").check()
        else:
            group.get_by_label("4 – Stämmer ganska bra").check()
        if step == 5:
            group.get_by_label("Kommentar (valfri)").fill("Återkopplingen dröjer.")
        if step < 6:
            page.get_by_role("button", name="Nästa").click()
            expect(page.locator("main")).to_contain_text(f"Påstående {step + 1} av 6")
    # Back one step: the saved answer is still there.
    page.get_by_role("button", name="Föregående").click()
    expect(page.get_by_role("group").first.get_by_label("4 – Stämmer ganska bra")).to_be_checked()
    page.get_by_role("button", name="Nästa").click()
    page.get_by_role("button", name="Skicka in").click()
    expect(page.locator("body")).to_contain_text("Tack! Dina svar är inskickade.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    coordinator.reload()
    expect(_teacher_row(coordinator).get_by_role("cell").first).to_have_text(re.compile(r"^\s*4"), use_inner_text=True)
    coordinator.get_by_role("button", name="Stäng kartläggningen nu").click()
    heatmap = coordinator.locator("table.heatmap")
    row = heatmap.get_by_role("row", name=re.compile("Rutiner för uppföljning"))
    cells = row.get_by_role("cell").all_inner_texts()
    assert "för få svar" in cells[0]  # three politicians
    assert "för få svar" in cells[2]  # one principal
    assert "2,5" in cells[3] and "n=4" in cells[3]  # four teachers: 2, 2, 2 and the new 4
    assert "±" not in cells[3]  # no standard deviation: with the mean it would single out answers
    assert "n=8" in cells[4]  # the total holds everyone's answers
    assert "Politikernas kommentar" not in coordinator.content()
    assert "Återkopplingen dröjer." in coordinator.content()
    coordinator_context.close()
