"""Reads about municipalities, their schools and members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

# A person's memberships and an invitation's token are read across tenants, in crosstenant.
from .crosstenant import (  # noqa: F401 (re-exported: the selectors are the app's reads)
    invitation_get_by_token,
    pending_invitation_name,
    user_memberships,
)
from .models import Invitation, Level, Membership, Municipality, School


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    count: int

    @property
    def missing(self) -> bool:
        return self.count == 0




def member_list(*, municipality: Municipality) -> list[Membership]:
    return list(
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "school")
        .order_by("user__full_name")
    )


def level_counts(*, municipality: Municipality, counts: dict[str, int] | None = None) -> list[LevelCount]:
    """Members per level, every level listed so that a missing one is visible.

    ``counts``: the members per level when the caller has counted them already (the municipality
    home: its success factors count them, commitments.success.SuccessFactors.members_per_level).
    """
    if counts is None:
        counts = dict(
            Membership.objects.filter(municipality=municipality)
            .values_list("level")
            .annotate(n=Count("id"))
            .values_list("level", "n")
        )
    return [LevelCount(level=value, label=str(label), count=counts.get(value, 0)) for value, label in Level.choices]


class SchoolCount(NamedTuple):
    """A school and its members, as the municipality home lists them."""

    name: str
    member_count: int


def school_list(*, municipality: Municipality) -> list[SchoolCount]:
    """The municipality's schools by name, each with its members.

    Plain rows, not model instances: the home shows only the two (issue 18). Grouped by the name,
    which is unique within the municipality (``school_name_unique``), and ordered by it here:
    a grouped query leaves out the model's ``ordering``, so the list came in no order at all.
    Unscoped, naming the municipality by its id as the scope would: the scope's filter said it
    again, a second condition to build and compile on every cold home (issue 18).
    """
    return [
        SchoolCount(name, n) for name, n in
        School._base_manager.filter(municipality_id=municipality.pk).values_list("name").annotate(n=Count("memberships"))
        .order_by("name")
    ]


def membership_get(*, municipality: Municipality, pk: int) -> Membership:
    """A member of this municipality; another municipality's membership is a 404."""
    return get_object_or_404(Membership.objects.select_related("user", "school"), pk=pk, municipality=municipality)


def pending_invitation_get(*, municipality: Municipality, pk: int) -> Invitation:
    return get_object_or_404(Invitation, pk=pk, municipality=municipality, accepted_at__isnull=True)


def coordinator_count(*, municipality: Municipality) -> int:
    return Membership.objects.filter(municipality=municipality, is_coordinator=True).count()


def pending_invitations(*, municipality: Municipality) -> list[Invitation]:
    return list(
        Invitation.objects.filter(municipality=municipality, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("school", "invited_by")
        .order_by("-created")
    )




