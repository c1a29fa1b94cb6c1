"""Factories for the foundation's models. Each app's tests add theirs in tests/<app>/factories.py."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from municipalities.models import Invitation, Level, Membership, Municipality, School
from networks.models import Network, NetworkMembership, ProjectLeader


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    full_name = factory.Faker("name", locale="sv_SE")
    password = factory.django.Password("testlosenord-123")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    # Four digits whatever the sequence has reached (a long test run makes thousands).
    code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Skola {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    level = Level.LARARE


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")


class NetworkMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    joined_on = datetime.date(2025, 8, 1)


class ProjectLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectLeader

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    municipality = factory.SubFactory(MunicipalityFactory)
    email = factory.Sequence(lambda n: f"inbjuden{n}@example.se")
    level = Level.LARARE
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
