"""A goal followed by a Kolada key figure shows the municipality beside its comparison group's median."""

from decimal import Decimal

from django.urls import reverse

from indicators.kolada import ATTRIBUTION
from indicators.models import Indicator, KoladaSelection, KoladaValue, Measurement
from indicators.selectors import kolada_comparisons

from .factories import GoalFactory, GoalIndicatorFactory


def _kolada_goal(world, members=("1001", "1002", "1003")):
    world.a.code = "1440"
    world.a.save()
    indicator = Indicator.objects.create(key="kolada|N15428|Totalt", name="Elever i åk 9 som är behöriga, andel (%)",
                                         unit="percent", source_table=ATTRIBUTION)
    Measurement.objects.create(indicator=indicator, municipality=world.a, school_year=2024, value=Decimal("81"),
                               source_file="Kolada", source_table=ATTRIBUTION)
    KoladaSelection.objects.create(municipality=world.a, kpis=["N15428"], group_id="G1", group_title="Pendlingskommuner",
                                   group_members=["1440", *members])
    goal = GoalFactory(municipality=world.a, level="forvaltning")
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=None)
    return goal, indicator


def test_goal_page_shows_the_municipality_beside_the_groups_median(world, client_for):
    goal, _indicator = _kolada_goal(world)
    for code, value in (("1440", "81"), ("1001", "70"), ("1002", "90"), ("1003", None)):
        KoladaValue.objects.create(kpi="N15428", municipality_code=code, year=2024, value=value)
    KoladaValue.objects.create(kpi="N15428", municipality_code="1001", year=2023, value=1)
    page = client_for("larare").get(reverse("goals:detail", kwargs={"municipality": world.a.slug, "pk": goal.pk}))
    html = page.content.decode()
    assert "Jämförelsegruppens median" in html and "80 %" in html, "median of 70 and 90; the missing one left out"
    assert "2 av 3 kommuner i Pendlingskommuner har ett värde för 2024." in html
    assert "Källa: Kolada" in html


def test_comparisons_in_one_go_for_the_latest_own_year(world, django_assert_max_num_queries):
    _goal, indicator = _kolada_goal(world, members=("1001", "1002"))
    other = Indicator.objects.create(key="kolada|N15428|Flickor", name="Flickor")
    skolverket = Indicator.objects.create(key="test|samtliga|-|-", name="Andel")
    for code, year, value in (("1440", 2023, "50"), ("1440", 2024, None), ("1001", 2023, "40"), ("1002", 2023, "60"),
                              ("1001", 2024, "99")):
        KoladaValue.objects.create(kpi="N15428", municipality_code=code, year=year, value=value)
    with django_assert_max_num_queries(2):
        result = kolada_comparisons(municipality=world.a, indicators=[indicator, other, skolverket])
    assert list(result) == [indicator.pk], "only the Kolada figure for all genders"
    comparison = result[indicator.pk]
    assert (comparison.year, comparison.own, comparison.median, comparison.with_value) == (
        2023, Decimal("50"), Decimal("50"), 2), "the latest year the municipality has a value for"


def test_no_selection_no_comparison(world):
    _goal, indicator = _kolada_goal(world)
    KoladaSelection.objects.all().delete()
    assert kolada_comparisons(municipality=world.a, indicators=[indicator]) == {}
