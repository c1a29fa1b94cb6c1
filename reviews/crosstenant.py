"""The reviews app's reads across tenants, in one place (see access/crosstenant.py).

A municipality's mapping depends on the networks it is in (their templates and anonymity
threshold), and a network's template is in use when a mapping of any member municipality uses it.
"""

from __future__ import annotations

from django_scopes import scopes_disabled

from municipalities.models import Membership, Municipality
from networks.models import Network, NetworkMembership

from .aggregation import DEFAULT_THRESHOLD, clamp_threshold
from .models import Mapping, Response, RosterEntry, Template


def network_ids_of(*, municipality: Municipality) -> set[int]:
    """The networks the municipality is a member of (whatever scope is active)."""
    with scopes_disabled():
        return set(NetworkMembership.objects.filter(municipality=municipality).values_list("network_id", flat=True))


def anonymity_threshold(*, municipality: Municipality) -> int:
    """The threshold a mapping opened now gets: the municipality's networks' setting (the
    strictest if several), the default outside any network. Each mapping keeps its own."""
    with scopes_disabled():
        values = list(
            Network.objects.filter(memberships__municipality=municipality).values_list("anonymity_threshold", flat=True)
        )
    return clamp_threshold(max(values) if values else DEFAULT_THRESHOLD)


def template_is_in_use(*, template: Template) -> bool:
    """Used by a mapping of any municipality: then it must not change under the answers."""
    with scopes_disabled():
        return Mapping.objects.filter(template=template).exists()


def mapping_roster_recipients(*, mapping: Mapping) -> list[tuple[int, str]]:
    """(user id, e-mail) of everyone on the mapping's roster."""
    with scopes_disabled():
        return list(RosterEntry.objects.filter(mapping=mapping, user__isnull=False).values_list("user_id", "user__email"))


def mappings_open_on(*, today) -> list[Mapping]:
    """Every municipality's mappings open today (the reminder run)."""
    with scopes_disabled():
        return list(
            Mapping.objects.filter(opens_on__lte=today, closes_on__gte=today, closed_at__isnull=True)
            .select_related("municipality")
        )


def mapping_members_unanswered(*, mapping: Mapping, skip_user_ids: set[int]) -> list[Membership]:
    """Active members of the mapping's municipality who have not submitted it, with their user."""
    with scopes_disabled():
        answered = set(
            Response.objects.filter(mapping=mapping, submitted_at__isnull=False).values_list("user_id", flat=True)
        )
        return list(
            Membership.objects.filter(municipality_id=mapping.municipality_id, user__is_active=True)
            .exclude(user_id__in=answered | skip_user_ids)
            .select_related("user")
        )
