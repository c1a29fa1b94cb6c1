"""The accounts app's one write across tenants (see access/crosstenant.py)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from municipalities.models import Invitation, Membership
from networks.models import ProjectLeader
from sso.models import PendingMember


def user_roles_delete(*, user) -> None:
    """A person deleting their account leaves every municipality and network they were in."""
    with scopes_disabled():
        Membership.objects.filter(user=user).delete()
        ProjectLeader.objects.filter(user=user).delete()
        PendingMember.objects.filter(user=user).delete()
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
