"""Thin Celery tasks: they call services that are tested without Celery."""

import smtplib

from celery import shared_task

from . import services


@shared_task(name="commitments.tasks.send_reminders", soft_time_limit=300, time_limit=360, acks_late=True)
def send_reminders() -> dict:
    report = services.reminders_send()
    return {"commitments": report.commitments, "mappings": report.mappings, "meetings": report.meetings,
            "routines": report.routines, "failed": report.failed}


@shared_task(
    name="commitments.tasks.tell_commitment_owner", soft_time_limit=30, time_limit=60, acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=30, max_retries=6,
)
def tell_commitment_owner(commitment_id: int, owner_id: int) -> bool:
    # Idempotent (a row per commitment and owner), so a retry after a lost ack sends nothing twice.
    return services.commitment_owner_tell(commitment_id=commitment_id, owner_id=owner_id)


@shared_task(
    name="commitments.tasks.send_weekly_digests", soft_time_limit=600, time_limit=660, acks_late=True,
    bind=True, max_retries=6,
)
def send_weekly_digests(self) -> dict:
    # Idempotent (each entry is marked in the transaction that sends it): a person whose digest
    # failed is tried again within the hour, not next week.
    tally = services.digests_send()
    if tally.failed and self.request.retries < self.max_retries:
        raise self.retry(countdown=10 * 60)
    return {"sent": tally.sent, "failed": tally.failed}
