"""Thin Celery tasks: an import's id in, the work is in indicators.services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from . import services

logger = logging.getLogger(__name__)

# The database restarting or a dropped connection passes; a file the importer refuses does not
# (the service records that on the row), and anything else is a bug that a retry would repeat.
PASSING_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=PASSING_ERRORS,
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=3,
    # The reader gives up after parse.MAX_SECONDS by itself; these are the last resort.
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
    reject_on_worker_lost=True,
)
def run_statistics_import(self, import_id: int) -> None:
    # A task works across tenants by nature: it opts out of the scopes and loads its row by id.
    with scopes_disabled(), translation.override("sv"):
        try:
            services.statistics_import_run(import_id=import_id)
        except PASSING_ERRORS:
            if self.request.retries >= self.max_retries:
                logger.exception("Statistics import %s failed after %s retries", import_id, self.request.retries)
                services.statistics_import_fail(import_id=import_id)
                return
            raise
        except SoftTimeLimitExceeded:
            logger.warning("Statistics import %s hit the soft time limit", import_id)
            services.statistics_import_fail(
                import_id=import_id, message=_("Filen tog för lång tid att läsa och har inte importerats.")
            )
        except Exception:
            logger.exception("Statistics import %s failed", import_id)
            services.statistics_import_fail(import_id=import_id)


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_statistics_imports() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): no import waits forever, no unconfirmed upload is kept."""
    with scopes_disabled():
        return services.statistics_imports_sweep()
