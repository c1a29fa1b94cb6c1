"""Writes about municipalities: invitations, memberships, settings."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .models import Invitation, Membership, Municipality, School


class InvitationError(Exception):
    """An invitation link that cannot be used; ``message`` is for the person holding it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("municipalities:invitation", kwargs={"token": invitation.token})


def _send_invitation_email(invitation_id: int) -> None:
    with scopes_disabled():
        invitation = Invitation.objects.select_related("municipality", "invited_by", "network").get(pk=invitation_id)
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=render_to_string("municipalities/email/invitation_subject.txt", context).strip(),
        message=render_to_string("municipalities/email/invitation_body.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def _tell_coordinators_outside_domains(invitation_id: int) -> None:
    """An invitation to an address outside the municipality's domains: every other coordinator is
    told, so that nobody can quietly add accounts (to sway a mapping or to read one)."""
    with scopes_disabled():
        invitation = Invitation.objects.select_related("municipality", "invited_by").get(pk=invitation_id)
        emails = list(
            Membership.objects.filter(municipality_id=invitation.municipality_id, is_coordinator=True)
            .exclude(user_id=invitation.invited_by_id)
            .values_list("user__email", flat=True)
            .order_by("user__email")
        )
    context = {
        "invitation": invitation,
        "municipality": invitation.municipality,
        "inviter": invitation.invited_by.full_name if invitation.invited_by else _("Plattformens administratör"),
        "level": invitation.get_level_display(),
        "url": settings.SITE_URL + reverse("municipalities:members", kwargs={"municipality": invitation.municipality.slug}),
    }
    subject = render_to_string("municipalities/email/outside_domains_subject.txt", context).strip()
    body = render_to_string("municipalities/email/outside_domains_body.txt", context)
    for email in emails:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])


@transaction.atomic
def invitation_create(
    *,
    municipality: Municipality,
    invited_by,
    email: str,
    level: str,
    full_name: str = "",
    school: School | None = None,
    is_coordinator: bool = False,
    network=None,
) -> tuple[Invitation, bool]:
    """Invite a person to the municipality and e-mail them the link.

    Returns ``(invitation, created)``. A person who is already a member is refused with a
    ValidationError on ``email``. A pending invitation to the same address is renewed and sent
    again rather than duplicated (``created`` is then False).
    """
    email = email.strip().lower()
    if school is not None and school.municipality_id != municipality.pk:
        # Forms already limit the choices; this is the service's own guarantee.
        raise ValidationError({"school": _("Skolan hör inte till %(name)s.") % {"name": municipality.name}})
    if Membership.objects.filter(municipality=municipality, user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s är redan medlem i %(name)s.") % {"email": email, "name": municipality.name}})

    expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    pending = (
        Invitation.objects.select_for_update()
        .filter(municipality=municipality, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    if pending is not None:
        pending.level = level
        pending.school = school
        pending.is_coordinator = pending.is_coordinator or is_coordinator
        pending.full_name = full_name or pending.full_name
        pending.expires_at = expires_at
        pending.invited_by = invited_by
        pending.save()
        invitation, created = pending, False
    else:
        invitation = Invitation.objects.create(
            municipality=municipality,
            email=email,
            full_name=full_name,
            level=level,
            school=school,
            is_coordinator=is_coordinator,
            invited_by=invited_by,
            network=network,
            expires_at=expires_at,
        )
        created = True
    transaction.on_commit(lambda: _send_invitation_email(invitation.pk))
    if municipality.email_is_outside(email):
        transaction.on_commit(lambda: _tell_coordinators_outside_domains(invitation.pk))
    return invitation, created


def invitation_check(*, invitation: Invitation | None, user=None) -> Invitation:
    """Raise InvitationError if the link cannot be used (by this user, when one is given)."""
    if invitation is None:
        raise InvitationError("unknown", _("Inbjudningslänken är ogiltig. Kontrollera att du kopierat hela länken."))
    if invitation.is_accepted:
        raise InvitationError("used", _("Inbjudan har redan använts. Logga in för att komma åt %(name)s.") % {"name": invitation.municipality.name})
    if invitation.is_expired:
        raise InvitationError("expired", _("Inbjudan har gått ut. Be den som bjöd in dig att skicka en ny."))
    if user is not None and user.is_authenticated and user.email.lower() != invitation.email.lower():
        raise InvitationError(
            "foreign",
            _("Inbjudan gäller %(email)s, men du är inloggad som %(you)s. Logga ut och öppna länken igen.")
            % {"email": invitation.email, "you": user.email},
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Turn an invitation into a membership for ``user`` (whose e-mail must match)."""
    with scopes_disabled():
        invitation = Invitation.objects.select_for_update().select_related("municipality").get(pk=invitation.pk)
        invitation_check(invitation=invitation, user=user)
        membership, created = Membership.objects.get_or_create(
            user=user,
            municipality=invitation.municipality,
            defaults={"level": invitation.level, "school": invitation.school, "is_coordinator": invitation.is_coordinator},
        )
        if not created and invitation.is_coordinator and not membership.is_coordinator:
            membership.is_coordinator = True
            membership.save(update_fields=["is_coordinator"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        # The link reached this address, so the address is verified. (At signup allauth creates
        # the row itself, verified, from the stashed address; it must not exist before that.)
        EmailAddress.objects.filter(user=user, email__iexact=invitation.email).update(verified=True)
    return membership


def municipality_settings_update(*, municipality: Municipality, require_mfa_for_coordinators: bool) -> Municipality:
    municipality.require_mfa_for_coordinators = require_mfa_for_coordinators
    municipality.save(update_fields=["require_mfa_for_coordinators"])
    return municipality
