import pytest
from django_scopes import scopes_disabled

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
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Lara"
    municipalities = page.get_by_role("region", name="Mina kommuner")
    assert "Fagersta kommun" in municipalities.inner_text()
    assert "Lärare, Risbroskolan" in municipalities.inner_text()
    assert "deltagare via kommun" in page.get_by_role("region", name="Mina nätverk").inner_text()
    page.get_by_role("link", name="Fagersta kommun").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fagersta kommun"
    assert page.locator("nav.tenant-nav a[aria-current=page]").inner_text() == "Översikt"


def test_project_leader_logs_in_and_sees_their_network(page, live_server, people):
    login(page, live_server.url, "pia@example.se", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Pia"
    networks = page.get_by_role("region", name="Mina nätverk")
    assert "Matematiknätverket" in networks.inner_text() and "processledare" in networks.inner_text()
    assert "inte medlem i någon kommun" in page.get_by_role("region", name="Mina kommuner").inner_text()
    page.get_by_role("link", name="Matematiknätverket").click()
    assert "Fagersta kommun" in page.get_by_role("table", name="Kommuner i nätverket och deras medlemmar per nivå").inner_text()


def test_wrong_password_gives_a_swedish_message(page, live_server, people):
    login(page, live_server.url, "lara@example.se", "fel-losenord")
    assert "/accounts/login/" in page.url
    assert "inte korrekt" in page.locator("main").inner_text() or "felaktig" in page.locator("main").inner_text().lower()
