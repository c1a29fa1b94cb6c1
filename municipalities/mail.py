"""What the invitation to become a member says (sent by the worker through ``mailings``)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

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
