"""Factories for goals, and the few indicator rows the goal tests need."""

import datetime
from decimal import Decimal

import factory

from goals.models import Goal, GoalIndicator, GoalShare
from indicators.models import Indicator, Measurement, NationalValue

from ..factories import MunicipalityFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    key = factory.Sequence(lambda n: f"test-indikator-{n}")
    name = "Andel (%) som fått godkänt betyg i alla ämnen"
    unit = "percent"
    direction = "up"
    organiser_type = "Samtliga"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    school_year = 2024
    grade = 9
    value = Decimal("70.0")


class NationalValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalValue

    indicator = factory.SubFactory(IndicatorFactory)
    school_year = 2024
    grade = 9
    value = Decimal("73.0")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")
    area = "Matematik"
    level = "namnd"
    starts_on = datetime.date(2024, 8, 1)
    target_on = datetime.date(2028, 6, 30)

    @factory.post_generation
    def shared_with(self, create, networks, **kwargs):
        """``shared_with=[network, …]``: the networks the goal is shared with (per network)."""
        for network in networks or ():
            GoalShare.objects.create(goal=self, network=network)


class GoalIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIndicator

    goal = factory.SubFactory(GoalFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    grade = 9
    baseline_value = Decimal("60.0")
    baseline_year = 2022
    target_value = Decimal("75.0")
    target_year = 2028
