"""Thin Celery tasks: ids in, the row's tenant's scope on (access.crosstenant.row_scope), the work in services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import translation

from access.crosstenant import row_scope

from . import services
from .models import PrincipleSet, QualityDocument

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3,
             soft_time_limit=services.SOFT_TIME_LIMIT, time_limit=services.TIME_LIMIT, acks_late=True)
def render_document(self, document_id: int) -> None:
    with row_scope(QualityDocument, document_id), translation.override("sv"):
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
    with row_scope(PrincipleSet, principle_set_id), translation.override("sv"):
        return services.principle_reminders_send(principle_set_id=principle_set_id)
