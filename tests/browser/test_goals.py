"""A politician opens a goal page and records the board's adoption, by keyboard-usable forms."""

import datetime
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from goals.models import Goal
from municipalities.models import Level

from .. import factories as f
from ..goals.factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "testlosenord-123"


@pytest.fixture
def goal():
    with scopes_disabled():
        municipality = f.MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
        politician = f.UserFactory(email="pol@example.se", full_name="Paula Politiker")
        f.MembershipFactory(user=politician, municipality=municipality, level=Level.NAMND)
        goal = GoalFactory(municipality=municipality, title="Fler elever ska nå godkända betyg i alla ämnen")
        indicator = IndicatorFactory()
        GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9, baseline_value=Decimal("54.9"), baseline_year=2023,
                             target_value=Decimal("64.9"), target_year=2027)
        for grade, year, value in ((6, 2021, "75.8"), (9, 2023, "54.9"), (9, 2024, "56.7"), (9, 2025, "60.7")):
            MeasurementFactory(indicator=indicator, municipality=municipality, grade=grade, school_year=year, value=Decimal(value))
    return goal


def test_politician_records_adoption_on_the_goal_page(page, live_server, goal):
    login(page, live_server.url, "pol@example.se", PASSWORD)
    page.goto(f"{live_server.url}/k/fagersta/mal/")
    page.get_by_role("link", name="Fler elever ska nå godkända betyg i alla ämnen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(goal.title, use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Målet är inte antaget av nämnden ännu.", use_inner_text=True)
    # The chart is an image with a name, and the cohort from grade 6 to grade 9 is in a table.
    assert page.get_by_role("img", name="År för år, åk 9").count() == 1
    expect(page.get_by_role("table", name="Förändring inom och mellan årskullar")).to_contain_text("Åk 6 2020/21 → åk 9 2023/24", use_inner_text=True)

    page.get_by_role("link", name="Registrera nämndens beslut").click()
    page.get_by_label("Datum för nämndens beslut").fill("2025-03-12")
    page.get_by_label("Paragraf i protokollet").fill("§ 45")
    page.get_by_role("button", name="Registrera beslutet").click()

    expect(page.locator("main")).to_contain_text("Nämnden antog målet den 12 mars 2025, § 45.", use_inner_text=True)
    with scopes_disabled():
        goal = Goal.objects.get(pk=goal.pk)
    assert goal.adopted_on == datetime.date(2025, 3, 12) and goal.adoption_paragraph == "§ 45"


def test_goal_page_fits_a_phone(phone_page, live_server, goal):
    login(phone_page, live_server.url, "pol@example.se", PASSWORD)
    phone_page.goto(f"{live_server.url}/k/fagersta/mal/{goal.pk}/")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
