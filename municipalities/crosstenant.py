"""The municipalities app's reads across tenants, in one place (see access/crosstenant.py).

A person's own memberships span municipalities (the start page, the menu), and an invitation is
looked up by its token, before anyone is a member of the municipality it invites to.
"""

from __future__ import annotations

from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Invitation, Membership


def user_memberships(*, user) -> list[Membership]:
    """The user's own memberships, across tenants (the start page and the menu need them all)."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user).select_related("municipality", "school").order_by("municipality__name")
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


def other_coordinators(*, invitation: Invitation) -> list[tuple[int, str]]:
    """(user id, e-mail) of the invitation's municipality's active coordinators other than the inviter."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(municipality_id=invitation.municipality_id, is_coordinator=True, user__is_active=True)
            .exclude(user_id=invitation.invited_by_id)
            .values_list("user_id", "user__email")
            .order_by("user__email")
        )


def municipality_has_coordinator(*, municipality_id: int) -> bool:
    """Asked about the municipality an invitation link points to, by someone not yet in it."""
    with scopes_disabled():
        return Membership.objects.filter(municipality_id=municipality_id, is_coordinator=True).exists()
