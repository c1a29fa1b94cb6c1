"""The meeting part of a round, clicked through: plan, register, attendance on a phone, groups, move."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level
from networks import services
from networks.models import Meeting, Registration

from .. import factories as f
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def network_people():
    with scopes_disabled():
        network = f.NetworkFactory(name="Matematiknätverket", slug="matte")
        leader = f.UserFactory(email="pia@example.se", full_name="Pia Processledare")
        f.ProjectLeaderFactory(network=network, user=leader)
        people = {}
        for slug, name in (("ale", "Ale kommun"), ("arboga", "Arboga kommun")):
            municipality = f.MunicipalityFactory(name=name, slug=slug)
            f.NetworkMembershipFactory(network=network, municipality=municipality)
            for level in Level.values:
                user = f.UserFactory(email=f"{level}.{slug}@example.se", full_name=f"{level.title()} {name.split()[0]}")
                f.MembershipFactory(user=user, municipality=municipality, level=level)
                people[(slug, level)] = (user, municipality)
    return network, people


def test_leader_plans_members_register_attendance_on_phone_groups_and_a_move(page, phone_page, live_server, network_people):
    network, people = network_people
    base = live_server.url

    # The project leader adds round 1 and plans its meeting.
    login(page, base, "pia@example.se", PASSWORD)
    page.goto(f"{base}/n/matte/")
    page.get_by_role("link", name="Träffar", exact=True).click()
    page.get_by_role("link", name="Lägg till omgång").click()
    page.get_by_label("Hemmafasen börjar").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Spara omgången").click()
    day = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Börjar klockan").fill("09:00")
    page.get_by_label("Slutar klockan").fill("15:00")
    page.get_by_label("Plats").fill("Folkets hus")
    page.get_by_label("Dagordning").fill("Välkommen\nPresentationer\nBlandade grupper")
    page.get_by_role("button", name="Spara träffen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nätverksträff, omgång 1", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Folkets hus", use_inner_text=True)
    with scopes_disabled():
        meeting = Meeting.objects.get(round__network=network)

    # A teacher from Ale registers on their own from the start page's task.
    teacher_context = page.context.browser.new_context(locale="sv-SE")
    teacher = teacher_context.new_page()
    login(teacher, base, "larare.ale@example.se", PASSWORD)
    teacher.get_by_role("link", name=f"Anmäl dig till nätverksträffen {day.day}").click()
    teacher.get_by_role("button", name="Anmäl mig").click()
    expect(teacher.locator("main")).to_contain_text("Du är anmäld till nätverksträffen.", use_inner_text=True)
    teacher_context.close()

    # Everyone else is registered too (their coordinator or themselves: the services are tested).
    with scopes_disabled():
        for (slug, level), (user, municipality) in people.items():
            if (slug, level) != ("ale", "larare"):
                services.registration_create(meeting=meeting, user=user, municipality=municipality, registered_by=user)

    # Attendance on a phone: everybody came except Arboga's politician.
    login(phone_page, base, "pia@example.se", PASSWORD)
    phone_page.goto(f"{base}/n/matte/traffar/{meeting.pk}/")
    phone_page.get_by_role("link", name="Närvaro", exact=True).click()
    for (slug, level), (user, _m) in people.items():
        if (slug, level) != ("arboga", "namnd"):
            phone_page.get_by_label(user.full_name).check()
    phone_page.get_by_role("button", name="Spara närvaro").click()
    expect(phone_page.locator("main")).to_contain_text("Närvaron är sparad: 7 närvarande.", use_inner_text=True)
    table = phone_page.get_by_role("table", name="Närvarande per nivå (anmälda inom parentes)")
    expect(table.get_by_role("row", name="Arboga kommun")).to_contain_text("Saknar Nämnd (politiker)", use_inner_text=True)
    # The page fits the phone: no sideways scrolling of the page itself.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    # Groups of four from the attendees, then one person is moved.
    page.goto(f"{base}/n/matte/traffar/{meeting.pk}/")
    page.get_by_role("link", name="Blandade grupper").first.click()
    page.get_by_label("Antal personer per grupp").fill("4")
    page.get_by_role("button", name="Skapa grupper").click()
    expect(page.locator("main")).to_contain_text("2 grupper är skapade.", use_inner_text=True)
    expect(page.get_by_role("heading", name="Grupp 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Grupp 2")).to_be_visible()
    with scopes_disabled():
        mover = Registration.objects.select_related("group").get(meeting=meeting, user=people[("ale", "larare")][0])
    target = 2 if mover.group.number == 1 else 1
    page.get_by_label(f"Flytta {mover.name} till grupp").select_option(label=f"Grupp {target}")
    page.get_by_role("button", name=f"Flytta {mover.name}").click()
    expect(page.locator("main")).to_contain_text(f"{mover.name} är flyttad till grupp {target}.", use_inner_text=True)
    with scopes_disabled():
        mover.refresh_from_db()
        assert mover.group.number == target

    # The printable list follows the move.
    page.get_by_role("link", name="Utskrift").click()
    group_table = page.get_by_role("table", name=f"Deltagare i grupp {target}")
    expect(group_table).to_contain_text(mover.name, use_inner_text=True)
