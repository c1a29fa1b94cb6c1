"""Issue 15, phone (390 px): captions wrap in view, the active tab is in view, "(33 %)" never wraps."""

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
def mapping():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        coordinator = f.UserFactory(email="sam@example.se", full_name="Sam Samordnare")
        f.MembershipFactory(user=coordinator, municipality=municipality, level=Level.FORVALTNING, is_coordinator=True)
        teachers = []
        for _ in range(3):
            user = f.UserFactory()
            f.MembershipFactory(user=user, municipality=municipality, level=Level.LARARE)
            teachers.append(user)
        mapping = make_mapping(municipality, title="Vårens kartläggning med en lång titel som fyller en telefon")
        answer_all(mapping, teachers[0], Level.LARARE, 4)
    return mapping


def _outside_the_screen(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(el => { const r = el.getBoundingClientRect();"
        " return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1); }).map(el => el.textContent.trim())",
    )


def test_captions_and_figures_stay_readable_on_a_phone(phone_page, live_server, mapping):
    page = phone_page
    login(page, live_server.url, "sam@example.se", PASSWORD)
    for path in (f"/k/fagersta/kartlaggning/{mapping.pk}/", "/k/fagersta/", "/k/fagersta/kartlaggning/", "/k/fagersta/medlemmar/"):
        page.goto(live_server.url + path)
        assert _outside_the_screen(page, "main caption") == [], path
    page.goto(f"{live_server.url}/k/fagersta/kartlaggning/{mapping.pk}/")
    figure = page.locator("main .nowrap", has_text="33").first
    expect(figure).to_have_text("(33\u00a0%)", use_inner_text=True)
    assert figure.evaluate("el => el.getClientRects().length") == 1  # one line, never "(33" / "%)"


def test_the_active_tab_of_the_scrolling_menu_is_in_view(phone_page, live_server, mapping):
    page = phone_page
    login(page, live_server.url, "sam@example.se", PASSWORD)
    page.goto(live_server.url + "/k/fagersta/installningar/")
    current = page.locator(".tenant-nav [aria-current='page']")
    expect(current).to_have_text("Inställningar", use_inner_text=True)
    menu = page.locator(".tenant-nav ul")
    assert menu.evaluate("el => el.scrollWidth > el.clientWidth")  # the bar does scroll on a phone
    assert _outside_the_screen(page, ".tenant-nav [aria-current='page']") == []
