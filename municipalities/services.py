"""Writes about municipalities: invitations, memberships, settings."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from mailings.models import MailingKind
from mailings.services import Recipient, mailing_start

from .crosstenant import municipality_has_coordinator, other_coordinators
from .models import Invitation, Membership, Municipality, School


class InvitationError(Exception):
    """An invitation link that cannot be used; ``message`` is for the person holding it."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("municipalities:invitation", kwargs={"token": invitation.token})


def _tell_coordinators_outside_domains(invitation: Invitation) -> None:
    """An invitation to an address outside the municipality's domains: every other coordinator is
    told, so that nobody can quietly add accounts (to sway a mapping or to read one). Sent by the
    worker, one logged row per coordinator (municipalities.mail.outside_domains)."""
    coordinators = other_coordinators(invitation=invitation)
    mailing_start(
        kind=MailingKind.OUTSIDE_DOMAINS, object_id=invitation.pk, municipality=invitation.municipality,
        requested_by=invitation.invited_by, recipients=[Recipient(email=email, user_id=pk) for pk, email in coordinators],
    )


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
    ValidationError on ``email``. A pending invitation to the same address for the same role
    (level, school, coordinator) is renewed and sent again rather than duplicated (``created`` is
    then False); one for another role is refused: an invitation never changes, and so never
    upgrades, someone's pending invitation (withdraw it first, :func:`invitation_revoke`).
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
        if (pending.level, pending.school_id, pending.is_coordinator) != (level, school.pk if school else None, is_coordinator):
            raise ValidationError(
                {
                    "email": _(
                        "%(email)s har redan en väntande inbjudan som %(role)s. En ny inbjudan ändrar den inte; "
                        "kommunens samordnare kan dra tillbaka den först."
                    )
                    % {"email": email, "role": invitation_role(pending)}
                }
            )
        # Only the link's life is renewed: who invited, and to what, stays as it was.
        pending.expires_at = expires_at
        pending.save(update_fields=["expires_at"])
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
    # Sent by the worker after commit; the member list shows whether it went out (mailings).
    mailing_start(
        kind=MailingKind.MEMBER_INVITATION, object_id=invitation.pk, municipality=municipality,
        requested_by=invited_by, recipients=[Recipient(email=email)],
    )
    if municipality.email_is_outside(email):
        _tell_coordinators_outside_domains(invitation)
    return invitation, created


def invitation_role(invitation: Invitation) -> str:
    role = invitation.get_level_display()
    return _("%(level)s och kommunsamordnare") % {"level": role} if invitation.is_coordinator else str(role)


def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link stops working at once."""
    if invitation.is_accepted:
        raise ValidationError(_("Inbjudan har redan använts och kan inte dras tillbaka."))
    invitation.delete()


def _leader_invitation_superseded(invitation: Invitation) -> bool:
    """A project leader may invite only a municipality's first coordinator (issue 12): once the
    municipality has a coordinator, a leader's pending coordinator invitation no longer gives one."""
    if not (invitation.is_coordinator and invitation.network_id):
        return False
    return municipality_has_coordinator(municipality_id=invitation.municipality_id)


def invitation_check(*, invitation: Invitation | None, user=None) -> Invitation:
    """Raise InvitationError if the link cannot be used (by this user, when one is given)."""
    if invitation is None:
        raise InvitationError("unknown", _("Inbjudningslänken är ogiltig. Kontrollera att du kopierat hela länken."))
    if invitation.is_accepted:
        raise InvitationError("used", _("Inbjudan har redan använts. Logga in för att komma åt %(name)s.") % {"name": invitation.municipality.name})
    if invitation.is_expired:
        raise InvitationError("expired", _("Inbjudan har gått ut. Be den som bjöd in dig att skicka en ny."))
    if _leader_invitation_superseded(invitation):
        raise InvitationError(
            "superseded",
            _("%(name)s har redan fått en kommunsamordnare. Be kommunens samordnare att bjuda in dig.")
            % {"name": invitation.municipality.name},
        )
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
    # The person joins the invitation's municipality: the work is inside its scope.
    with scope(municipality=invitation.municipality_id):
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


# --- Members and coordinators ---------------------------------------------------------------------


def _coordinators_locked(municipality_id: int) -> list[int]:
    """The municipality's coordinator memberships, locked until the transaction ends, so two
    coordinators ending each other's role at the same moment cannot leave none."""
    return list(
        Membership.objects.select_for_update()
        .filter(municipality_id=municipality_id, is_coordinator=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_last_coordinator(membership: Membership) -> None:
    coordinators = _coordinators_locked(membership.municipality_id)
    if membership.pk in coordinators and len(coordinators) == 1:
        raise ValidationError(
            _("%(name)s är kommunens enda samordnare. Bjud in en ny samordnare innan rollen avslutas.")
            % {"name": membership.user.full_name or membership.user.email}
        )


@transaction.atomic
def membership_remove(*, membership: Membership, removed_by) -> None:
    """Take a person out of the municipality: their access ends with their next request.

    Only the membership goes; what they wrote (commitments, progress updates, goals, answers)
    stays, since it belongs to the municipality's work. The deletion is in the audit trail
    (django-simple-history records who removed whom). The last coordinator cannot be removed.
    """
    _refuse_last_coordinator(membership)
    membership._change_reason = "membership_remove"
    membership.delete()


@transaction.atomic
def coordinator_role_end(*, membership: Membership, ended_by) -> Membership:
    """End a person's coordinator role; they stay a member at their level. Never the last one."""
    if not membership.is_coordinator:
        raise ValidationError(_("%(name)s är inte kommunsamordnare.") % {"name": membership.user.full_name or membership.user.email})
    _refuse_last_coordinator(membership)
    membership.is_coordinator = False
    membership._change_reason = "coordinator_role_end"
    membership.save(update_fields=["is_coordinator"])
    return membership


def municipality_settings_update(*, municipality: Municipality, require_mfa_for_coordinators: bool) -> Municipality:
    municipality.require_mfa_for_coordinators = require_mfa_for_coordinators
    municipality.save(update_fields=["require_mfa_for_coordinators"])
    return municipality
