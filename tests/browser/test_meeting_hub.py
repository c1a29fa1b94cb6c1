"""Issue 15 clicked through: the meeting page as the hub of the day, and "my commitments".

A teacher finds their own commitments on the start page and with the list's "Mina" filter, and
reaches feedback and report-back from the meeting page (its tools and its agenda); the project
leader goes from the start page's to-do for the next meeting to the meeting's tools, on a phone.
"""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from commitments.models import CommitmentStatus
from municipalities.models import Level
from networks import services

from .. import factories as f
from ..commitments.factories import CommitmentFactory
from ..networks.factories import MeetingFactory, RoundFactory
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def meeting_day():
    with scopes_disabled():
        network = f.NetworkFactory(name="Matematiknätverket", slug="matte")
        leader = f.UserFactory(email="pia@example.se", full_name="Pia Processledare")
        f.ProjectLeaderFactory(network=network, user=leader)
        ale = f.MunicipalityFactory(name="Ale kommun", slug="ale")
        f.NetworkMembershipFactory(network=network, municipality=ale)
        teacher = f.UserFactory(email="lara@example.se", full_name="Lara Lärare")
        f.MembershipFactory(user=teacher, municipality=ale, level=Level.LARARE)
        colleague = f.UserFactory(email="kalle@example.se", full_name="Kalle Kollega")
        f.MembershipFactory(user=colleague, municipality=ale, level=Level.LARARE)
        meeting = MeetingFactory(
            round=RoundFactory(network=network, number=1), in_days=5,
            agenda="Välkommen\nRedovisning av åtaganden\nÅterkoppling i blandade grupper\nNya åtaganden",
        )
        services.registration_create(meeting=meeting, user=teacher, municipality=ale, registered_by=teacher)
        # Due in 20 days: the start page lists it although it is not due within a week.
        CommitmentFactory(municipality=ale, title="Exit tickets varje lektion", owner=teacher, levels=[Level.LARARE],
                          status=CommitmentStatus.IN_PROGRESS, due_on=timezone.localdate() + datetime.timedelta(days=20))
        CommitmentFactory(municipality=ale, title="Kollegas lektionsbesök", owner=colleague, levels=[Level.LARARE],
                          status=CommitmentStatus.IN_PROGRESS)
    return meeting


def test_a_teacher_finds_her_commitments_and_the_meetings_tools(page, live_server, meeting_day):
    base, meeting = live_server.url, meeting_day
    login(page, base, "lara@example.se", PASSWORD)

    # The start page lists all her open commitments; its link opens the list filtered on "mine".
    mine = page.get_by_role("region", name="Mina åtaganden")
    expect(mine).to_contain_text("Exit tickets varje lektion", use_inner_text=True)
    expect(mine).not_to_contain_text("Kollegas lektionsbesök", use_inner_text=True)
    mine.get_by_role("link", name="Alla mina åtaganden i Ale kommun").click()
    table = page.locator("main table")
    expect(table).to_contain_text("Exit tickets varje lektion", use_inner_text=True)
    expect(table).not_to_contain_text("Kollegas lektionsbesök", use_inner_text=True)
    filters = page.get_by_role("navigation", name="Visa åtaganden")
    assert filters.get_by_role("link", name="Mina").get_attribute("aria-current") == "page"
    filters.get_by_role("link", name="Alla").click()
    expect(page.locator("main table")).to_contain_text("Kollegas lektionsbesök", use_inner_text=True)
    page.get_by_role("navigation", name="Visa åtaganden").get_by_role("link", name="Mina").click()
    expect(page.locator("main table")).not_to_contain_text("Kollegas lektionsbesök", use_inner_text=True)
    assert "mina=1" in page.url

    # The meeting page leads to feedback and report-back, from its tools and from its agenda.
    page.goto(f"{base}/n/matte/traffar/{meeting.pk}/")
    hub = page.get_by_role("navigation", name="Under träffen")
    hub.get_by_role("link", name="Återkoppling", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkoppling vid träffen i omgång 1", use_inner_text=True)
    page.go_back()
    agenda = page.get_by_role("region", name="Dagordning")
    assert agenda.get_by_role("link").count() == 3  # "Välkommen" leads nowhere
    agenda.get_by_role("link", name="Redovisning av åtaganden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Redovisning vid träffen i omgång 1", use_inner_text=True)
    page.go_back()
    page.get_by_role("region", name="Dagordning").get_by_role("link", name="Återkoppling i blandade grupper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkoppling vid träffen i omgång 1", use_inner_text=True)
    page.go_back()
    # "Nya åtaganden": her municipality's form, made at this meeting.
    page.get_by_role("region", name="Dagordning").get_by_role("link", name="Nya åtaganden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt åtagande", use_inner_text=True)
    chosen = page.get_by_label("Gjort vid nätverksträff")
    assert chosen.evaluate("el => el.value") == str(meeting.pk)


def test_the_project_leader_goes_from_the_start_pages_to_do_to_the_meetings_tools_on_a_phone(
    phone_page, live_server, meeting_day
):
    page, base = phone_page, live_server.url
    login(page, base, "pia@example.se", PASSWORD)
    todo = page.get_by_role("region", name="Att göra")
    expect(page.locator("main")).not_to_contain_text("Be kommunens samordnare om en inbjudan", use_inner_text=True)
    todo.get_by_role("link", name="Anmälningar: 1 anmäld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nätverksträff, omgång 1", use_inner_text=True)
    hub = page.get_by_role("navigation", name="Under träffen")
    for label in ("Återkoppling", "Redovisning", "Blandade grupper", "Närvaro"):
        expect(hub.get_by_role("link", name=label, exact=True)).to_be_visible()
    hub.get_by_role("link", name="Närvaro", exact=True).click()
    expect(page.get_by_label("Lara Lärare")).to_be_visible()
    page.go_back()
    page.get_by_role("navigation", name="Under träffen").get_by_role("link", name="Blandade grupper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blandade grupper", use_inner_text=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(base + "/")
    page.get_by_role("region", name="Att göra").get_by_role("link", name="Återkoppling under träffen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkoppling vid träffen i omgång 1", use_inner_text=True)
