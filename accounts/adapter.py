"""allauth adapter: signup happens only through an invitation (allauth has no invitations).

The invitation view puts the token in the session and stashes the invited address as verified
(allauth's ``stash_verified_email``); signup is open only while such a token is valid, and the
new account accepts the invitation as it is saved.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from accounts.forms import INVITATION_SESSION_KEY
from municipalities.selectors import invitation_get_by_token
from municipalities.services import InvitationError, invitation_accept, invitation_check

LANDING_SESSION_KEY = "invitation_landing"


def _pending_invitation(request):
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    try:
        return invitation_check(invitation=invitation_get_by_token(token=token))
    except InvitationError:
        return None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return _pending_invitation(request) is not None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        invitation = _pending_invitation(request)
        if commit and invitation is not None and invitation.email.lower() == user.email.lower():
            membership = invitation_accept(invitation=invitation, user=user)
            request.session.pop(INVITATION_SESSION_KEY, None)
            request.session[LANDING_SESSION_KEY] = reverse(
                "municipalities:home", kwargs={"municipality": membership.municipality.slug}
            )
        return user

    def get_signup_redirect_url(self, request) -> str:
        return request.session.pop(LANDING_SESSION_KEY, None) or super().get_signup_redirect_url(request)
