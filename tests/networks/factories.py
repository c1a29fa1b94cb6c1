"""Factories for rounds, meetings, registrations and groups."""

import datetime

import factory
from django.utils import timezone

from municipalities.models import Level
from networks.models import Group, Meeting, Registration, Round

from ..factories import MunicipalityFactory, NetworkFactory, UserFactory


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    network = factory.SubFactory(NetworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    home_phase_starts = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


def _in_days(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    class Params:
        in_days = 14

    round = factory.SubFactory(RoundFactory)
    starts = factory.LazyAttribute(lambda o: _in_days(o.in_days, 9))
    ends = factory.LazyAttribute(lambda o: _in_days(o.in_days, 16))
    place = "Stadshuset, sal 2"
    agenda = "Välkommen\nKommunernas presentationer\nBlandade grupper\nÅtaganden"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Gäst")
    municipality = factory.SubFactory(MunicipalityFactory)
    level = Level.LARARE


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
