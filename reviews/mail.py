"""What the e-mail about a mapping says (sent by the worker through ``mailings``)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from core.mail import subject_line
from mailings.models import Delivery, Mailing

from .models import Mapping


def mapping_opened(*, mailing: Mailing):
    """Everyone on the roster is asked to answer; one message each, so nobody sees who else was."""
    mapping = Mapping.objects.select_related("municipality").get(pk=mailing.object_id, municipality=mailing.municipality)
    from .services import mapping_answer_url

    context = {"mapping": mapping, "url": mapping_answer_url(mapping)}
    subject = subject_line(render_to_string("reviews/email/asked_subject.txt", context))
    body = render_to_string("reviews/email/asked_body.txt", context)

    def message(delivery: Delivery) -> EmailMessage:
        return EmailMessage(subject=subject, body=body, to=[delivery.email])

    return message
