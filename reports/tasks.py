"""Thin Celery tasks: ids in, re-loaded and re-scoped inside, the work is in reports.services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from access.crosstenant import row_scope, tenant_scope

from . import services
from .models import Report

logger = logging.getLogger(__name__)

# Errors that pass: the database restarting, a connection dropped. Anything else is a bug or
# bad data and retrying would only fail again.
PASSING_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=PASSING_ERRORS,
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=services.MAX_RETRIES,
    soft_time_limit=services.SOFT_TIME_LIMIT,
    time_limit=services.TIME_LIMIT,
    acks_late=True,
    reject_on_worker_lost=True,
)
def render_report(self, report_id: int) -> None:
    # The task loads its row by id and works inside that row's tenant.
    with row_scope(Report, report_id), translation.override("sv"):
        try:
            services.report_render(report_id=report_id)
        except PASSING_ERRORS:
            if self.request.retries >= self.max_retries:
                logger.exception("Report %s failed after %s retries", report_id, self.request.retries)
                services.report_fail(report_id=report_id)
                return
            raise  # autoretry_for retries it with backoff
        except SoftTimeLimitExceeded:
            logger.warning("Report %s hit the soft time limit", report_id)
            services.report_fail(
                report_id=report_id,
                message=_("Rapporten tog för lång tid att skapa. Prova en kortare period eller försök igen senare."),
            )
        except Exception:
            logger.exception("Report %s failed", report_id)
            services.report_fail(report_id=report_id)


@shared_task(
    autoretry_for=PASSING_ERRORS, retry_backoff=5, max_retries=3, soft_time_limit=60, time_limit=90, acks_late=True
)
def draw_cycle_figure_task(*, municipality_id: int | None = None, network_id: int | None = None,
                           language: str = "sv", checked_at: str | None = None) -> None:
    with tenant_scope(municipality_id=municipality_id, network_id=network_id):
        services.cycle_figure_draw(municipality_id=municipality_id, network_id=network_id, language=language)
        if checked_at is not None:
            services.cycle_figure_checked(municipality_id=municipality_id, network_id=network_id,
                                          language=language, stamp=checked_at)


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_stale_reports() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): rows whose worker died end in failed, never running forever."""
    return services.reports_sweep_stale()
