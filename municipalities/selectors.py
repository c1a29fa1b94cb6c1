"""Reads about municipalities, their schools and members."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Invitation, Level, Membership, Municipality, School


@dataclass(frozen=True)
class LevelCount:
    level: str
    label: str
    count: int

    @property
    def missing(self) -> bool:
        return self.count == 0


def user_memberships(*, user) -> list[Membership]:
    """The user's own memberships, across tenants (the start page and the menu need them all)."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user).select_related("municipality", "school").order_by("municipality__name")
        )


def member_list(*, municipality: Municipality) -> list[Membership]:
    return list(
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "school")
        .order_by("user__full_name")
    )


def level_counts(*, municipality: Municipality) -> list[LevelCount]:
    """Members per level, every level listed so that a missing one is visible."""
    counts = dict(
        Membership.objects.filter(municipality=municipality)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return [LevelCount(level=value, label=str(label), count=counts.get(value, 0)) for value, label in Level.choices]


def school_list(*, municipality: Municipality) -> list[School]:
    return list(School.objects.filter(municipality=municipality).annotate(member_count=Count("memberships")))


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


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The token is the capability: looking it up across tenants is the point of it."""
    with scopes_disabled():
        return Invitation.objects.select_related("municipality", "school").filter(token=token).first()


def pending_invitation_name(*, email: str) -> str:
    """The name an inviter typed for this address, to prefill the signup form."""
    with scopes_disabled():
        invitation = (
            Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now())
            .exclude(full_name="")
            .order_by("-created")
            .first()
        )
    return invitation.full_name if invitation else ""
