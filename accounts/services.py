"""Writes about accounts: deleting one's own account."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.db import transaction

from .crosstenant import user_roles_delete


@transaction.atomic
def user_delete_account(*, user) -> None:
    """Remove a person's personal data and keep what they wrote, unlinked from them.

    The row itself stays (answers, feedback and updates point at it) but no longer says who it
    was: name and e-mail are replaced, the password is unusable, memberships, roles, e-mail
    addresses, provider accounts (single sign-on), authenticators and sessions are deleted. History rows keep the anonymised user.
    """
    user_roles_delete(user=user)
    EmailAddress.objects.filter(user=user).delete()
    # Single sign-on: the provider's id for the person and what it said about them.
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.email = f"raderad-{user.pk}@anonymiserad.invalid"
    user.full_name = "Borttagen användare"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
