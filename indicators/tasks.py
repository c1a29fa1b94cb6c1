"""Thin Celery tasks: an import's id in, the work is in indicators.services."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from access.crosstenant import row_scope

from . import services
from .models import StatisticsImport

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
    # The task loads its row by id and works inside that row's tenant.
    with row_scope(StatisticsImport, import_id), translation.override("sv"):
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
    return services.statistics_imports_sweep()


# Kolada is an external service: a dropped connection or its 5xx passes; a 4xx or a shape we do
# not know is logged and not retried.
KOLADA_PASSING = (OSError, TimeoutError)


@shared_task(
    bind=True,
    autoretry_for=KOLADA_PASSING,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
    acks_late=True,
)
def fetch_kolada(self, kpis: list[str] | None = None, municipality_codes: list[str] | None = None,
                 years: list[int] | None = None) -> int:
    """Monthly (CELERY_BEAT_SCHEDULE) and on demand: settings.KOLADA_KPIS for every municipality
    with a code, for the last five years. Returns the number of values saved."""
    from django.conf import settings
    from django.utils import timezone

    from municipalities.models import Municipality

    from .kolada import KoladaError, http_get_json, kolada_import

    kpis = kpis or list(settings.KOLADA_KPIS)
    if not kpis:
        return 0
    this_year = timezone.localdate().year
    years = years or list(range(this_year - 5, this_year))
    codes = municipality_codes or list(Municipality.objects.exclude(code="").values_list("code", flat=True))
    saved = 0
    # A few dozen municipalities per request keep the URL short (the API answers 400 to a long one).
    for start in range(0, len(codes), 40):
        try:
            result = kolada_import(kpis=kpis, municipality_codes=codes[start:start + 40], years=years,
                                   fetch=http_get_json)
        except KoladaError:
            logger.exception("Kolada answered in an unknown shape")
            return saved
        saved += result.created + result.updated
    return saved
