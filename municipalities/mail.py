"""What the invitation to become a member, and the note about it to the other coordinators, say
(sent by the worker through ``mailings``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.mail import subject_line
from mailings.models import Delivery, Mailing

from .models import Invitation


def member_invitation(*, mailing: Mailing):
    from .services import invitation_url

    invitation = Invitation.objects.select_related("municipality", "invited_by", "network").get(
        pk=mailing.object_id, municipality=mailing.municipality
    )
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    subject = subject_line(render_to_string("municipalities/email/invitation_subject.txt", context))
    body = render_to_string("municipalities/email/invitation_body.txt", context)

    def message(delivery: Delivery) -> EmailMessage:
        return EmailMessage(subject=subject, body=body, to=[delivery.email])

    return message


def outside_domains(*, mailing: Mailing):
    """The other coordinators are told of an invitation to an address outside the municipality's
    domains, so that nobody can quietly add accounts (to sway a mapping or to read one)."""
    invitation = Invitation.objects.select_related("municipality", "invited_by").get(
        pk=mailing.object_id, municipality=mailing.municipality
    )
    context = {
        "invitation": invitation,
        "municipality": invitation.municipality,
        "inviter": invitation.invited_by.full_name if invitation.invited_by else _("Plattformens administratör"),
        "level": invitation.get_level_display(),
        "url": settings.SITE_URL + reverse("municipalities:members", kwargs={"municipality": invitation.municipality.slug}),
    }
    subject = subject_line(render_to_string("municipalities/email/outside_domains_subject.txt", context))
    body = render_to_string("municipalities/email/outside_domains_body.txt", context)

    def message(delivery: Delivery) -> EmailMessage:
        return EmailMessage(subject=subject, body=body, to=[delivery.email])

    return message
