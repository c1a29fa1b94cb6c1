"""A teacher reads a long commitments list on a phone: no sideways scrolling, pages to click."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from commitments.models import CommitmentStatus
from municipalities.models import Level

from .. import factories as f
from ..commitments.factories import CommitmentFactory
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def teacher_with_a_long_list():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        teacher = f.UserFactory(email="lara@example.se", full_name="Lara Lärare")
        f.MembershipFactory(user=teacher, municipality=municipality, level=Level.LARARE)
        for n in range(55):
            CommitmentFactory(municipality=municipality, title=f"Åtagande nummer {n:02d}", owner=teacher,
                              status=CommitmentStatus.IN_PROGRESS)
    return teacher


def test_a_long_list_fits_a_phone_and_pages_on(phone_page, live_server, teacher_with_a_long_list):
    page = phone_page
    login(page, live_server.url, "lara@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/ataganden/")
    table = page.locator("main table")
    expect(table.locator("caption")).to_contain_text("55 åtaganden · visar 1–50", use_inner_text=True)
    # The detail columns fold into the first cell: nothing to scroll sideways for.
    wrap = page.locator("main .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth - el.clientWidth") <= 1
    first_row = table.locator("tbody tr").first
    expect(first_row).to_contain_text("Klart senast", use_inner_text=True)
    expect(first_row).to_contain_text("Lara Lärare", use_inner_text=True)
    expect(page.get_by_role("columnheader", name="Ansvarig")).not_to_be_visible()

    page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Nästa").click()
    expect(page.locator("main table caption")).to_contain_text("visar 51–55", use_inner_text=True)
    assert page.locator("main table tbody tr").count() == 5
    expect(page.get_by_role("navigation", name="Sidor")).to_contain_text("Sida 2 av 2", use_inner_text=True)
