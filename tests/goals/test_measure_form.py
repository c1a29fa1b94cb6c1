"""Adding a measure to a goal (issue 15): the baseline from the stored values, an indicator picker
grouped by table and subject that says what Samtliga, Kommunal and Enskild mean, and the
new-goal form's level defaulting to the person's own."""

from decimal import Decimal

import pytest
from django.urls import reverse

from goals.models import GoalIndicator

from .factories import GoalFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

TABLE = "Betyg årskurs 9"


def _indicators():
    return [
        IndicatorFactory(name="Andel (%) som fått godkänt", subject="Matematik", source_table=TABLE, organiser_type=kind)
        for kind in ("Enskild", "Samtliga", "Kommunal")
    ]


def _url(goal):
    return reverse("goals:indicator_add", kwargs={"municipality": "alby", "pk": goal.pk})


def test_the_picker_groups_by_table_and_subject_and_says_what_the_organiser_types_mean(world, client_for):
    _indicators()
    IndicatorFactory(name="Meritvärde", subject="", source_table="Slutbetyg")
    goal = GoalFactory(municipality=world.a, level="forvaltning")
    html = client_for("forvaltning").get(_url(goal)).content.decode()
    assert f'<optgroup label="{TABLE} – Matematik">' in html and '<optgroup label="Slutbetyg">' in html
    group = html.split(f'<optgroup label="{TABLE} – Matematik">')[1].split("</optgroup>")[0]
    # Samtliga first, then Kommunal, then Enskild, each in words.
    assert group.index("alla skolor i kommunen, kommunala och fristående") < group.index(
        "bara kommunens egna skolor") < group.index("bara fristående skolor")


def test_all_pupils_come_before_girls_and_boys_in_the_picker(world, client_for):
    for gender in ("Pojkar", "Flickor", "Totalt"):
        IndicatorFactory(name="Andel (%) som deltagit", subject="Engelska", source_table=TABLE, gender_group=gender)
    goal = GoalFactory(municipality=world.a, level="forvaltning")
    html = client_for("forvaltning").get(_url(goal)).content.decode()
    group = html.split(f'<optgroup label="{TABLE} – Engelska">')[1].split("</optgroup>")[0]
    assert group.index("deltagit –") < group.index("deltagit, flickor") < group.index("deltagit, pojkar")


def test_an_empty_baseline_is_filled_from_the_stored_value_of_the_chosen_year(world, client_for):
    samtliga = _indicators()[1]
    MeasurementFactory(indicator=samtliga, municipality=world.a, school_year=2024, grade=9, value=Decimal("71.4"))
    goal = GoalFactory(municipality=world.a, level="forvaltning")
    response = client_for("forvaltning").post(_url(goal), {
        "indicator": samtliga.pk, "grade": 9, "baseline_year": 2024, "baseline_value": "",
        "target_value": "80", "target_year": 2027,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    link = GoalIndicator.objects.get(goal=goal)
    assert (link.baseline_value, link.baseline_year) == (Decimal("71.4"), 2024)


def test_a_year_without_a_stored_value_asks_for_the_baseline(world, client_for):
    samtliga = _indicators()[1]
    goal = GoalFactory(municipality=world.a, level="forvaltning")
    response = client_for("forvaltning").post(_url(goal), {
        "indicator": samtliga.pk, "grade": 9, "baseline_year": 2021, "baseline_value": "",
        "target_value": "80", "target_year": 2027,
    })
    assert response.status_code == 200
    assert "Det finns inget sparat värde för läsåret 2020/21" in response.content.decode()
    assert not GoalIndicator.objects.exists()


def test_the_new_goal_form_defaults_to_the_persons_own_level(world, client_for):
    url = reverse("goals:create", kwargs={"municipality": "alby"})
    assert client_for("forvaltning").get(url).context["form"]["level"].value() == "forvaltning"
    assert client_for("rektor").get(url).context["form"]["level"].value() == "rektor"
