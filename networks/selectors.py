"""Reads about networks, their member municipalities and project leaders."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from municipalities.models import Level, Membership, Municipality

from .models import Network, NetworkMembership, ProjectLeader


def user_project_leaderships(*, user) -> list[ProjectLeader]:
    """The user's own project-leader roles, across networks (start page)."""
    with scopes_disabled():
        return list(ProjectLeader.objects.filter(user=user).select_related("network").order_by("network__name"))


def networks_of_municipality(*, municipality: Municipality) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(municipality=municipality).select_related("network").order_by("network__name")
    )


def networks_for_user(*, user) -> list[Network]:
    """Every network the user can open: as project leader or through a member municipality."""
    with scopes_disabled():
        return list(
            Network.objects.filter(
                Q(project_leaders__user=user) | Q(memberships__municipality__memberships__user=user)
            ).distinct().order_by("name")
        )


@dataclass(frozen=True)
class MemberRow:
    membership: NetworkMembership
    level_counts: list[tuple[str, str, int]]
    coordinators: list[Membership]

    @property
    def missing_levels(self) -> list[str]:
        return [label for _value, label, n in self.level_counts if n == 0]


def network_members(*, network: Network) -> list[MemberRow]:
    """Member municipalities with members per level and their coordinators, in three queries."""
    memberships = list(
        NetworkMembership.objects.filter(network=network).select_related("municipality").order_by("municipality__name")
    )
    municipality_ids = [m.municipality_id for m in memberships]
    counts: dict[int, dict[str, int]] = {}
    for municipality_id, level, n in (
        Membership.objects.filter(municipality_id__in=municipality_ids)
        .values_list("municipality_id", "level")
        .annotate(n=Count("id"))
        .values_list("municipality_id", "level", "n")
    ):
        counts.setdefault(municipality_id, {})[level] = n
    coordinators: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(municipality_id__in=municipality_ids, is_coordinator=True)
        .select_related("user")
        .order_by("user__full_name")
    ):
        coordinators.setdefault(membership.municipality_id, []).append(membership)
    return [
        MemberRow(
            membership=m,
            level_counts=[(v, str(label), counts.get(m.municipality_id, {}).get(v, 0)) for v, label in Level.choices],
            coordinators=coordinators.get(m.municipality_id, []),
        )
        for m in memberships
    ]


def project_leaders(*, network: Network) -> list[ProjectLeader]:
    return list(ProjectLeader.objects.filter(network=network).select_related("user"))


def member_municipalities(*, network: Network):
    return Municipality.objects.filter(network_memberships__network=network).order_by("name")
