import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level

from .. import factories as f
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def people():
    with scopes_disabled():
        network = f.NetworkFactory(name="Matematiknätverket", slug="matte")
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        f.NetworkMembershipFactory(network=network, municipality=municipality)
        school = f.SchoolFactory(municipality=municipality, name="Risbroskolan")
        teacher = f.UserFactory(email="lara@example.se", full_name="Lara Lärare")
        f.MembershipFactory(user=teacher, municipality=municipality, level=Level.LARARE, school=school)
        leader = f.UserFactory(email="pia@example.se", full_name="Pia Processledare")
        f.ProjectLeaderFactory(network=network, user=leader)
    return {"teacher": teacher, "leader": leader}


def test_teacher_logs_in_and_sees_their_municipality(page, live_server, people):
    login(page, live_server.url, "lara@example.se", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Lara", use_inner_text=True)
    municipalities = page.get_by_role("region", name="Mina kommuner")
    expect(municipalities).to_contain_text("Fagersta kommun", use_inner_text=True)
    expect(municipalities).to_contain_text("Lärare, Risbroskolan", use_inner_text=True)
    expect(page.get_by_role("region", name="Mina nätverk")).to_contain_text("deltagare via kommun", use_inner_text=True)
    page.get_by_role("link", name="Fagersta kommun").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fagersta kommun", use_inner_text=True)
    expect(page.locator("nav.tenant-nav a[aria-current=page]")).to_have_text("Översikt", use_inner_text=True)


def test_project_leader_logs_in_and_sees_their_network(page, live_server, people):
    login(page, live_server.url, "pia@example.se", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Pia", use_inner_text=True)
    networks = page.get_by_role("region", name="Mina nätverk")
    expect(networks).to_contain_text("Matematiknätverket", use_inner_text=True)
    expect(networks).to_contain_text("processledare", use_inner_text=True)
    expect(page.get_by_role("region", name="Mina kommuner")).to_contain_text("inte medlem i någon kommun", use_inner_text=True)
    page.get_by_role("link", name="Matematiknätverket").click()
    expect(page.get_by_role("table", name="Kommuner i nätverket och deras medlemmar per nivå")).to_contain_text("Fagersta kommun", use_inner_text=True)


def test_wrong_password_gives_a_swedish_message(page, live_server, people):
    login(page, live_server.url, "lara@example.se", "fel-losenord")
    assert "/accounts/login/" in page.url
    expect(page.locator("main")).to_contain_text(re.compile("inte korrekt|felaktig", re.IGNORECASE), use_inner_text=True)
