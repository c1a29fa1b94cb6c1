"""Factories for feedback, commitments and updates, and a meeting helper for their tests."""

import datetime

import factory
from django.utils import timezone

from commitments.models import Commitment, CommitmentShare, Feedback, ProgressUpdate
from municipalities.models import Level
from networks.models import Meeting, Round

from ..factories import MunicipalityFactory, UserFactory


def make_meeting(*, network, number: int, starts: datetime.datetime | None = None, home_phase_starts=None) -> Meeting:
    """A round of ``network`` with its meeting (default: a week from now, 09–16)."""
    starts = starts or (timezone.now() + datetime.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    round_ = Round.objects.create(
        network=network,
        number=number,
        home_phase_starts=home_phase_starts or (timezone.localdate(starts) - datetime.timedelta(days=60)),
    )
    return Meeting.objects.create(round=round_, starts=starts, ends=starts + datetime.timedelta(hours=7))


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Åtagande {n}")
    levels = factory.LazyFunction(lambda: [Level.REKTOR])
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def shared_with(self, create, networks, **kwargs):
        """``shared_with=[network, …]``: the networks the commitment is shared with, as when it
        is made at a meeting (commitments.services shares it with that meeting's network)."""
        for network in networks or ():
            CommitmentShare.objects.create(commitment=self, network=network)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = "forslag"
    text = factory.Sequence(lambda n: f"Prova att låta lärarna observera varandra ({n}).")


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    text = factory.Sequence(lambda n: f"Vi gjorde steg {n}.")
    done_on = factory.LazyFunction(timezone.localdate)
