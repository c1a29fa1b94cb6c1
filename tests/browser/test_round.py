"""A whole round, clicked through (issue 5, "done when").

The project leader plans a meeting; participants register; attendance is taken on a phone;
groups are generated and adjusted; feedback is given from a phone; the feedback becomes a
commitment with one click; a teacher records progress at home; the report-back at the next
meeting shows it.
"""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from municipalities.models import Level
from networks import services
from networks.models import Meeting, Registration, Round

from .. import factories as f
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def people():
    with scopes_disabled():
        network = f.NetworkFactory(name="Matematiknätverket", slug="matte")
        f.ProjectLeaderFactory(network=network, user=f.UserFactory(email="pia@example.se", full_name="Pia Processledare"))
        found = {}
        for slug, name in (("ale", "Ale kommun"), ("arboga", "Arboga kommun")):
            municipality = f.MunicipalityFactory(name=name, slug=slug)
            f.NetworkMembershipFactory(network=network, municipality=municipality)
            for level in Level.values:
                user = f.UserFactory(email=f"{level}.{slug}@example.se", full_name=f"{level.title()} {name.split()[0]}")
                f.MembershipFactory(user=user, municipality=municipality, level=level)
                found[(slug, level)] = (user, municipality)
    return network, found


def _new_page(browser_page, viewport=None):
    context = browser_page.context.browser.new_context(locale="sv-SE", viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_a_whole_round(page, phone_page, live_server, people):
    network, found = people
    base = live_server.url
    main = page.locator("main")

    # 1. The project leader plans round 1's meeting.
    login(page, base, "pia@example.se", PASSWORD)
    page.goto(f"{base}/n/matte/traffar/")
    page.get_by_role("link", name="Lägg till omgång").click()
    page.get_by_label("Hemmafasen börjar").fill((timezone.localdate() - datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Spara omgången").click()
    day = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Börjar klockan").fill("09:00")
    page.get_by_label("Slutar klockan").fill("15:00")
    page.get_by_label("Plats").fill("Folkets hus")
    page.get_by_role("button", name="Spara träffen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nätverksträff, omgång 1", use_inner_text=True)
    with scopes_disabled():
        meeting = Meeting.objects.get(round__network=network)

    # 2. A teacher from Ale registers herself; the others are registered through the service.
    teacher_context, teacher = _new_page(page)
    login(teacher, base, "larare.ale@example.se", PASSWORD)
    teacher.get_by_role("link", name=f"Anmäl dig till nätverksträffen {day.day}").click()
    teacher.get_by_role("button", name="Anmäl mig").click()
    expect(teacher.locator("main")).to_contain_text("Du är anmäld till nätverksträffen.", use_inner_text=True)
    with scopes_disabled():
        for (slug, level), (user, municipality) in found.items():
            if (slug, level) != ("ale", "larare"):
                services.registration_create(meeting=meeting, user=user, municipality=municipality, registered_by=user)

    # 3. Attendance on the leader's phone: everybody came.
    login(phone_page, base, "pia@example.se", PASSWORD)
    phone_page.goto(f"{base}/n/matte/traffar/{meeting.pk}/")
    phone_page.get_by_role("link", name="Närvaro", exact=True).click()
    for user, _m in found.values():
        phone_page.get_by_label(user.full_name).check()
    phone_page.get_by_role("button", name="Spara närvaro").click()
    expect(phone_page.locator("main")).to_contain_text("Närvaron är sparad: 8 närvarande.", use_inner_text=True)

    # 4. Groups of four, and one person moved.
    page.goto(f"{base}/n/matte/traffar/{meeting.pk}/")
    page.get_by_role("link", name="Blandade grupper").first.click()
    page.get_by_label("Antal personer per grupp").fill("4")
    page.get_by_role("button", name="Skapa grupper").click()
    expect(main).to_contain_text("2 grupper är skapade.", use_inner_text=True)
    with scopes_disabled():
        mover = Registration.objects.select_related("group").get(meeting=meeting, user=found[("ale", "larare")][0])
    target = 2 if mover.group.number == 1 else 1
    page.get_by_label(f"Flytta {mover.name} till grupp").select_option(label=f"Grupp {target}")
    page.get_by_role("button", name=f"Flytta {mover.name}").click()
    expect(main).to_contain_text(f"{mover.name} är flyttad till grupp {target}.", use_inner_text=True)

    # 5. Ale presents; a teacher from Arboga gives feedback from her phone.
    phone_context, phone = _new_page(page, {"width": 390, "height": 844})
    login(phone, base, "larare.arboga@example.se", PASSWORD)
    phone.goto(f"{base}/n/matte/")
    phone.get_by_role("link", name="Återkoppling omgång 1").click()
    phone.get_by_role("link", name="Ale kommun").click()
    phone.get_by_label("Förslag").check()
    phone.get_by_label("Din återkoppling").fill("Låt lärarna besöka varandras lektioner varje månad.")
    phone.get_by_role("button", name="Skicka återkoppling").click()
    expect(phone.locator("main")).to_contain_text("Tack! Din återkoppling till Ale kommun är skickad.", use_inner_text=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone_context.close()

    # 6. Ale's administrator turns the feedback into a commitment with one click.
    admin_context, admin = _new_page(page)
    login(admin, base, "forvaltning.ale@example.se", PASSWORD)
    admin.goto(f"{base}/k/ale/")
    admin.get_by_role("navigation", name="Ale kommun: meny").get_by_role("link", name="Åtaganden").click()
    admin.get_by_role("link", name="Återkoppling från nätverksträffar").click()
    expect(admin.locator("main")).to_contain_text("Låt lärarna besöka varandras lektioner", use_inner_text=True)
    admin.get_by_role("link", name="Gör till åtagande").click()
    expect(admin.get_by_label("Rubrik")).to_have_value("Låt lärarna besöka varandras lektioner varje månad.")
    admin.get_by_label("Rubrik").fill("Kollegiala lektionsbesök varje månad")
    admin.get_by_label("Lärare", exact=True).check()
    admin.get_by_role("button", name="Spara åtagandet").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Kollegiala lektionsbesök varje månad", use_inner_text=True)
    expect(admin.locator("main")).to_contain_text("Åtagandet är sparat.", use_inner_text=True)
    admin_context.close()

    # 7. At home, Ale's teacher records what they did, with a PDF and a confidence.
    teacher.goto(f"{base}/k/ale/ataganden/")
    teacher.get_by_role("link", name="Kollegiala lektionsbesök varje månad").click()
    teacher.get_by_label("Vad gjordes?").fill("Första lektionsbesöken är gjorda i årskurs 7.")
    teacher.get_by_label("Tilltro (0–10), frivilligt").fill("8")
    teacher.get_by_label("Bilaga, frivilligt").set_input_files(
        files=[{"name": "schema.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 schema"}]
    )
    teacher.get_by_role("button", name="Spara uppdateringen").click()
    expect(teacher.locator("main")).to_contain_text("Tack! Uppdateringen är sparad.", use_inner_text=True)
    expect(teacher.locator("main")).to_contain_text("Bilaga: schema.pdf", use_inner_text=True)
    teacher_context.close()

    # 8. The next meeting: its report-back shows Ale's commitment with the teacher's update.
    with scopes_disabled():
        meeting.starts -= datetime.timedelta(days=3)  # round 1's meeting has taken place
        meeting.ends -= datetime.timedelta(days=3)
        meeting.save()
        second_round = Round.objects.create(network=network, number=2, home_phase_starts=timezone.localdate())
        starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=40)
        Meeting.objects.create(round=second_round, starts=starts, ends=starts + datetime.timedelta(hours=6))
    page.goto(f"{base}/n/matte/")
    page.get_by_role("link", name="Redovisning omgång 2").click()
    ale = page.get_by_role("region", name="Ale kommun")
    expect(ale).to_contain_text("Kollegiala lektionsbesök varje månad", use_inner_text=True)
    text = ale.inner_text()
    assert "Kollegiala lektionsbesök varje månad" in text
    assert "Första lektionsbesöken är gjorda i årskurs 7." in text
    assert "tilltro 8/10" in text
    expect(page.get_by_role("region", name="Arboga kommun")).to_contain_text("Inga åtaganden att redovisa.", use_inner_text=True)
