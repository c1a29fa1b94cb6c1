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


def invitation_with_coordinators(*, invitation_id: int) -> tuple[Invitation, list[str]]:
    """An invitation (by id, from a task after commit) and the e-mail addresses of the
    municipality's other coordinators."""
    with scopes_disabled():
        invitation = Invitation.objects.select_related("municipality", "invited_by").get(pk=invitation_id)
        emails = list(
            Membership.objects.filter(municipality_id=invitation.municipality_id, is_coordinator=True)
            .exclude(user_id=invitation.invited_by_id)
            .values_list("user__email", flat=True)
            .order_by("user__email")
        )
    return invitation, emails


def municipality_has_coordinator(*, municipality_id: int) -> bool:
    """Asked about the municipality an invitation link points to, by someone not yet in it."""
    with scopes_disabled():
        return Membership.objects.filter(municipality_id=municipality_id, is_coordinator=True).exists()
