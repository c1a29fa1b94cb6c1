"""Thin Celery tasks: they call services that are tested without Celery."""

from celery import shared_task

from . import services


@shared_task(name="commitments.tasks.send_reminders", soft_time_limit=300, time_limit=360, acks_late=True)
def send_reminders() -> dict:
    report = services.reminders_send()
    return {"commitments": report.commitments, "mappings": report.mappings, "meetings": report.meetings,
            "failed": report.failed}
