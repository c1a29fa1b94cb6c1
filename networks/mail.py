"""What the invitation to a network meeting says (sent by the worker through ``mailings``)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from core.mail import subject_line
from mailings.models import Delivery, Mailing

from .models import Meeting


def meeting_invitation(*, mailing: Mailing):
    from .calendar import meeting_ical, meeting_url

    meeting = Meeting.objects.select_related("round", "round__network").get(
        pk=mailing.object_id, round__network=mailing.network
    )
    context = {"meeting": meeting, "network": meeting.round.network, "url": meeting_url(meeting)}
    subject = subject_line(render_to_string("networks/email/meeting_invitation_subject.txt", context))
    body = render_to_string("networks/email/meeting_invitation_body.txt", context)
    ical = meeting_ical(meeting=meeting)

    def message(delivery: Delivery) -> EmailMessage:
        email = EmailMessage(subject=subject, body=body, to=[delivery.email])
        email.attach("natverkstraff.ics", ical, "text/calendar")
        return email

    return message
