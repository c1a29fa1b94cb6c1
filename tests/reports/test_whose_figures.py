"""A school's goal says whose figures it shows, on the goal page and in the board's PDF alike.

Issue 13: Brattbergsskolan's goal showed Fagersta kommun's line without saying so. A school with
figures of its own is followed by them ("Skolans egna siffror"); a school without them shows the
municipality's, and says so in plain words ("Kommunens siffror: …").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from reports.models import ReportKind

from ..goals.factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory
from .test_agreement import _render, _text

pytestmark = pytest.mark.django_db

OWN = "Skolans egna siffror ({school})."
TOWN = "Kommunens siffror: det finns inga egna siffror för {school} i underlaget."


@pytest.fixture
def school_goals(world):
    """Two school goals on one indicator: school A1 has its own figures, school A2 has none."""
    with scopes_disabled():
        indicator = IndicatorFactory()
        for year, value in ((2023, "61.0"), (2024, "64.0")):
            MeasurementFactory(indicator=indicator, municipality=world.a, school_year=year, value=Decimal(value))
            MeasurementFactory(indicator=indicator, municipality=world.a, school=world.school_a1,
                               school_year=year, value=Decimal(value) + 10)
        goals = {}
        for school in (world.school_a1, world.school_a2):
            goal = GoalFactory(municipality=world.a, school=school, level="rektor", title=f"Mål för {school.name}",
                               adopted_on=datetime.date(2024, 9, 1), adoption_paragraph="§ 12")
            GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9, baseline_year=2023, target_year=2027)
            goals[school.pk] = goal
    return goals


def test_goal_page_names_the_school_or_the_municipality_as_the_figures_source(world, school_goals, client_for):
    client = client_for("namnd")
    own = school_goals[world.school_a1.pk]
    borrowed = school_goals[world.school_a2.pk]

    page = _text(client.get(reverse("goals:detail", kwargs={"municipality": world.a.slug, "pk": own.pk})).content.decode())
    assert OWN.format(school=world.school_a1.name) in page
    assert "Kommunens siffror" not in page

    page = _text(client.get(reverse("goals:detail", kwargs={"municipality": world.a.slug, "pk": borrowed.pk})).content.decode())
    assert TOWN.format(school=world.school_a2.name) in page
    assert "Skolans egna siffror" not in page


def test_the_pdf_says_whose_figures_each_school_goal_shows(world, school_goals, django_capture_on_commit_callbacks):
    today = datetime.date.today()
    pdf = _render(django_capture_on_commit_callbacks, period=(today - datetime.timedelta(days=365), today),
                  kind=ReportKind.MUNICIPALITY, municipality=world.a)
    assert OWN.format(school=world.school_a1.name) in pdf
    assert TOWN.format(school=world.school_a2.name) in pdf
