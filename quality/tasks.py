"""Thin Celery tasks: ids in, scopes off (a task works for one row's tenant), the work in services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django_scopes import scopes_disabled

from . import services

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3,
             soft_time_limit=services.SOFT_TIME_LIMIT, time_limit=services.TIME_LIMIT, acks_late=True)
def render_document(self, document_id: int) -> None:
    with scopes_disabled(), translation.override("sv"):
        try:
            services.document_render(document_id=document_id)
        except (OperationalError, InterfaceError):
            if self.request.retries >= self.max_retries:
                services.document_fail(document_id=document_id)
                return
            raise
        except Exception:
            logger.exception("Quality document %s failed", document_id)
            services.document_fail(document_id=document_id)


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3,
             soft_time_limit=300, time_limit=360, acks_late=True)
def send_principle_reminders(principle_set_id: int) -> int:
    with scopes_disabled(), translation.override("sv"):
        return services.principle_reminders_send(principle_set_id=principle_set_id)
