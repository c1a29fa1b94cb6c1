"""A goal of a school follows the school's own figures, with the municipality's as context, as the
files come from Skolverket: the municipality's from the real kommun exports (grade 6, and grade 9
over time), the school's from the excerpt of a real school-unit export (final grades in grade 9 per
skolenhet, tests/indicators/real/): municipality A is Stockholm (0180) in the files.

The school's rows carry the school's own organiser type (Kommunal) and the school-unit table's
wording ("uppfyllt betygskriterierna i alla ämnen"), while the goal is set on the municipality's
measure for all organisers ("fått godkänt betyg i alla ämnen", Samtliga): the same measure.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled

from goals.selectors import goal_indicator_views, goals_indicator_views
from indicators.importer import run_import
from indicators.models import Indicator, Measurement, format_value
from municipalities.models import School

from .factories import GoalFactory, GoalIndicatorFactory

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = DATA / "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
G9_WIDE = DATA / "Grundskola - Jämförelse av betygsresultat över tid 2025 Kommun_Åk9.xlsx"
SCHOOL_G9 = (Path(settings.BASE_DIR) / "tests" / "indicators" / "real"
             / "Grundskola - Slutbetyg årskurs 9, samtliga elever 2025 Skolenhet (utdrag).csv")
ALL_PASS = "Andel (%) elever som fått godkänt betyg i alla ämnen"

pytestmark = pytest.mark.django_db


@pytest.fixture
def ale(world):
    world.a.code = "0180"
    world.a.save()
    with scopes_disabled():
        for path in (G6, G9_WIDE, SCHOOL_G9):
            run_import(path.read_bytes(), filename=path.name, municipality_ids=[world.a.pk])
    return world


def test_a_school_goal_on_the_municipalitys_measure_follows_the_schools_own_figures(ale, client_for):
    with scopes_disabled():
        samtliga = Indicator.objects.get(name=ALL_PASS, organiser_type="Samtliga", gender_group="")
        # "Gärdesskolan;41176931;Stockholm;0180;Kommunal;…;89;91;93,3;291,9"
        gardes = School.objects.get(unit_code="41176931")
        town = Measurement.objects.get(indicator=samtliga, municipality=ale.a, school=None, grade=9, school_year=2025)
        goal = GoalFactory(municipality=ale.a, school=gardes, level="rektor", title="Fler elever med godkänt")
        GoalIndicatorFactory(goal=goal, indicator=samtliga, grade=9, baseline_year=2025, target_year=2027)
        view = goal_indicator_views(goal=goal)[0]
    assert view.is_school_level, "the school has figures of its own, under another organiser type and wording"
    assert [(p.school_year, p.value) for p in view.points] == [(2025, Decimal("91"))]
    assert view.municipality_latest is not None and view.municipality_latest.value == town.value
    assert town.value != Decimal("91")

    page = client_for("namnd").get(reverse("goals:detail", kwargs={"municipality": ale.a.slug, "pk": goal.pk}))
    text = " ".join(page.content.decode().split())
    assert "Skolans egna siffror (Gärdesskolan)." in text
    assert "91 %" in text
    assert f"Kommunen som helhet</dt> <dd>{format_value(town.value)} %" in text


def test_a_school_without_figures_of_its_own_shows_the_municipalitys(ale):
    with scopes_disabled():
        samtliga = Indicator.objects.get(name=ALL_PASS, organiser_type="Samtliga", gender_group="")
        goal = GoalFactory(municipality=ale.a, school=ale.school_a1, level="rektor")
        GoalIndicatorFactory(goal=goal, indicator=samtliga, grade=9, baseline_year=2025, target_year=2027)
        view = goal_indicator_views(goal=goal)[0]
    assert not view.is_school_level and view.municipality_latest is None
    assert view.points and all(p.grade == 9 for p in view.points)


def _seen(view):
    return (view.link.pk, view.points, view.national, view.all_grades, view.status, view.trend, view.cohorts,
            view.is_school_level, view.municipality_points)


def test_many_goals_read_together_see_what_each_goal_sees_alone(ale, django_assert_num_queries):
    """The progress report reads every goal's indicators in one pass (goals_indicator_views); each
    goal must get what its own page shows (goal_indicator_views): a school goal with figures of its
    own, a school goal without, the municipality's goal and a goal with no indicator."""
    with scopes_disabled():
        samtliga = Indicator.objects.get(name=ALL_PASS, organiser_type="Samtliga", gender_group="")
        gardes = School.objects.get(unit_code="41176931")
        goals = [
            GoalFactory(municipality=ale.a, school=gardes, level="rektor"),
            GoalFactory(municipality=ale.a, school=ale.school_a1, level="rektor"),
            GoalFactory(municipality=ale.a, level="namnd"),
            GoalFactory(municipality=ale.a, level="forvaltning"),
        ]
        for goal in goals[:3]:
            GoalIndicatorFactory(goal=goal, indicator=samtliga, grade=9, baseline_year=2025, target_year=2027)
        GoalIndicatorFactory(goal=goals[2], indicator=samtliga, grade=6, baseline_year=2023, target_year=2027)
        alone = {goal.pk: [_seen(v) for v in goal_indicator_views(goal=goal)] for goal in goals}
        with django_assert_num_queries(3):  # links, same-measure candidates, the values (own and national)
            together = goals_indicator_views(goals=goals)
    assert {pk: [_seen(v) for v in views] for pk, views in together.items()} == alone
    assert [len(alone[g.pk]) for g in goals] == [1, 1, 2, 0]
    assert [v[7] for v in alone[goals[0].pk] + alone[goals[1].pk]] == [True, False]  # whose figures
