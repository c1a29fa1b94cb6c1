from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from goals.progression import Point, Status, Trend, cohort_lines, goal_status, trend
from goals.selectors import goal_indicator_views

from .factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory

D = Decimal


BASELINE, TARGET = D("60"), D("70")


def _status(points, *, baseline=BASELINE, baseline_year=2022, target=TARGET, target_year=2026):
    return goal_status(
        points=points, baseline_value=baseline, baseline_year=baseline_year, target_value=target, target_year=target_year
    )


def test_on_track_when_value_has_come_as_far_as_the_time():
    # Half the time (2 of 4 years) has passed and the value has come half the way (60 -> 65 of 70).
    result = _status([Point(2024, 9, D("65"))])
    assert result.status is Status.ON_TRACK
    assert result.progress_percent == 50 and result.time_percent == 50


def test_behind_when_value_lags_the_time():
    assert _status([Point(2024, 9, D("64.9"))]).status is Status.BEHIND


def test_reached_when_target_is_met():
    assert _status([Point(2023, 9, D("71"))]).status is Status.REACHED


def test_lower_is_better_targets_count_the_way_down():
    result = _status([Point(2024, 9, D("15"))], baseline=D("20"), target=D("10"))
    assert result.status is Status.ON_TRACK and result.progress_percent == 50


def test_no_new_value_after_the_baseline():
    assert _status([Point(2022, 9, D("60"))]).status is Status.NO_NEW_VALUE
    assert _status([]).status is Status.NO_NEW_VALUE


def test_a_suppressed_latest_value_is_never_used_as_a_number():
    result = _status([Point(2024, 9, D("65")), Point(2025, 9, None, "~100")])
    assert result.latest.marker == "~100" and result.latest_is_suppressed
    # The status rests on 2024's value: 50 % of the way, 50 % of the time.
    assert result.latest_value.school_year == 2024
    assert result.status is Status.ON_TRACK


def test_trend_is_judged_by_the_desired_direction():
    points = [Point(2023, 9, D("60")), Point(2024, 9, D("58"))]
    assert trend(points=points, higher_is_better=True).trend is Trend.WORSE
    assert trend(points=points, higher_is_better=False).trend is Trend.BETTER
    assert trend(points=points, higher_is_better=None).trend is Trend.CHANGED
    assert trend(points=points[:1], higher_is_better=True) is None


def test_grade_six_and_grade_nine_three_years_later_are_one_cohort():
    # Fagersta, share with passing grades in all subjects (Skolverket): grade 6 in 2020/21 was
    # 75,8 %, the same pupils in grade 9 in 2023/24 56,7 %; grade 9 in 2022/23 was 54,9 %.
    points = [
        Point(2021, 6, D("75.8")), Point(2022, 6, D("70.3")),
        Point(2023, 9, D("54.9")), Point(2024, 9, D("56.7")), Point(2025, 9, D("60.7")),
    ]
    lines = cohort_lines(points=points)
    assert [line.label for line in lines] == ["Åk 6 2021/22 → åk 9 2024/25", "Åk 6 2020/21 → åk 9 2023/24"]
    cohort_2015 = lines[1]
    assert cohort_2015.cohort == 2015
    assert cohort_2015.within_cohort == D("-19.1")  # the same pupils: 75,8 -> 56,7
    assert cohort_2015.between_cohorts == D("1.8")  # grade 9: 2023/24 against 2022/23, other pupils


def test_cohort_with_only_one_grade_is_not_a_line():
    assert cohort_lines(points=[Point(2021, 6, D("70")), Point(2022, 6, D("71"))]) == []


def test_suppressed_values_stay_markers_in_cohorts():
    lines = cohort_lines(points=[Point(2021, 6, None, ".."), Point(2024, 9, D("56.7"))])
    assert lines[0].first.marker == ".." and lines[0].within_cohort is None


@pytest.mark.django_db
def test_cohort_from_the_real_skolverket_import(world):
    """The shared files, imported by the indicators app, give Fagersta a real cohort from grade 6 to 9."""
    from indicators.importer import run_import

    from ..factories import MunicipalityFactory

    fagersta = MunicipalityFactory(name="Fagersta kommun", slug="fagersta", code="1982")
    data = Path(settings.BASE_DIR) / "data" / "skolverket"
    for name in (
        "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2021 Kommun.csv",
        "Grundskola - Jämförelse av betygsresultat över tid 2025 Kommun_Åk9.xlsx",
    ):
        path = data / name
        run_import(path.read_bytes(), filename=path.name, municipality_ids=[fagersta.pk])
    from indicators.models import Indicator

    indicator = Indicator.objects.get(key="andel-procent-som-fatt-godkant-betyg-i-alla-amnen|samtliga|-|-")
    goal = GoalFactory(municipality=fagersta)
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9, baseline_value=D("54.9"), baseline_year=2023)
    (view,) = goal_indicator_views(goal=goal)
    cohort = next(line for line in view.cohorts if line.cohort == 2015)
    assert (cohort.first.grade, cohort.first.school_year, cohort.first.value) == (6, 2021, D("75.8"))
    assert (cohort.last.grade, cohort.last.school_year, cohort.last.value) == (9, 2024, D("56.7"))
    assert cohort.within_cohort == D("-19.1")


@pytest.mark.django_db
def test_goal_indicator_view_uses_the_followed_grade(world):
    indicator = IndicatorFactory()
    goal = GoalFactory(municipality=world.a)
    GoalIndicatorFactory(goal=goal, indicator=indicator, grade=9, baseline_value=D("60"), baseline_year=2022,
                         target_value=D("70"), target_year=2026)
    MeasurementFactory(indicator=indicator, municipality=world.a, grade=9, school_year=2024, value=D("66"))
    MeasurementFactory(indicator=indicator, municipality=world.a, grade=6, school_year=2024, value=D("20"))
    MeasurementFactory(indicator=indicator, municipality=world.b, grade=9, school_year=2025, value=D("99"))
    (view,) = goal_indicator_views(goal=goal)
    assert [p.value for p in view.points] == [D("66")]
    assert view.status.status is Status.ON_TRACK
