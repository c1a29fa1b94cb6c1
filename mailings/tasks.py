"""Thin Celery tasks: they call services that are tested without Celery."""

import smtplib

from celery import shared_task

from . import services


@shared_task(
    name="mailings.tasks.send_mailing", bind=True, soft_time_limit=600, time_limit=660, acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=60, max_retries=5,
)
def send_mailing(self, mailing_id: int) -> int:
    # Idempotent: each recipient's row is claimed before sending, so a retry or a redelivered
    # task sends only to those who have not had the message.
    left = services.mailing_send(mailing_id=mailing_id)
    if left and self.request.retries < self.max_retries:
        raise self.retry(countdown=60 * 2**self.request.retries)
    return left
