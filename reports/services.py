"""Writes about reports and cycle figures: the row lifecycle, rendering, the stale sweeper."""

from __future__ import annotations

import contextlib
import datetime
import logging
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from access.cache import CACHE_ERRORS
from core.dates import date_text
from municipalities.models import Municipality
from networks.models import Meeting, Network, Round
from networks.selectors import MunicipalityNetworks, NetworkFacts

from .content import report_html, report_inputs_hash
from .crosstenant import reports_fail_stale
from .figure import FIGURE_VERSION, draw_cycle_figure, draw_cycle_figure_for_pdf
from .models import ACTIVE_STATUSES, CycleFigure, Report, ReportKind, ReportStatus
from .pdf import REPORT_STYLESHEET, html_to_pdf
from .selectors import cycle_figure_for, cycle_figure_inputs, report_inputs

logger = logging.getLogger(__name__)

# The task's limits (reports.tasks) and the sweeper agree on these: a row still "running" well
# after the hard limit, retries included, belongs to a worker that died.
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150
MAX_RETRIES = 3
STALE_RUNNING_AFTER = datetime.timedelta(minutes=15)
# A queued row nobody picked up in this long: the broker lost it or no worker is running.
STALE_QUEUED_AFTER = datetime.timedelta(hours=2)
MAX_PERIOD = datetime.timedelta(days=366 * 5)

MESSAGE_FAILED = _("Rapporten kunde inte skapas på grund av ett tekniskt fel. Försök igen om en stund; "
                   "kvarstår felet, kontakta supporten.")


def _dedupe_key(*, kind: str, municipality_id, network_id, round_id, start: datetime.date, end: datetime.date) -> str:
    return f"{kind}:{municipality_id or '-'}:{network_id or '-'}:{round_id or '-'}:{start:%Y%m%d}:{end:%Y%m%d}"


def _title(*, kind: str, municipality: Municipality | None, network: Network | None, round: Round | None,
           start: datetime.date, end: datetime.date) -> str:
    tenant = municipality.name if municipality else network.name
    if kind == ReportKind.MEETING and round is not None:
        meeting = Meeting.objects.filter(round=round).first()
        if meeting is not None:
            return _("Sammanfattning av nätverksträff %(n)s, %(date)s – %(tenant)s") % {
                "n": round.number, "date": date_text(meeting.starts),
                "tenant": tenant}
        return _("Sammanfattning av nätverksträff %(n)s – %(tenant)s") % {"n": round.number, "tenant": tenant}
    label = _("Lägesrapport") if kind == ReportKind.MUNICIPALITY else _("Nätverksrapport")
    return f"{label} – {tenant} – {start:%Y-%m-%d}–{end:%Y-%m-%d}"[:300]


def report_request(
    *,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    requested_by,
    municipality: Municipality | None = None,
    network: Network | None = None,
    round: Round | None = None,
) -> tuple[Report, bool]:
    """Queue a report; the same report already queued or running is reused: ``(report, created)``.

    The task is sent only once the row is committed, so the worker always finds it.
    """
    if (municipality is None) == (network is None):
        raise ValueError("A report belongs to exactly one municipality or one network.")
    if kind == ReportKind.MUNICIPALITY and municipality is None or kind != ReportKind.MUNICIPALITY and network is None:
        raise ValueError(f"A {kind} report needs the other kind of tenant.")
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("Slutdatumet kan inte vara före startdatumet.")
    elif period_end - period_start > MAX_PERIOD:
        errors["period_end"] = _("En rapport kan gälla högst fem år.")
    if kind == ReportKind.MEETING and round is None:
        errors["round"] = _("Välj vilken omgångs nätverksträff sammanfattningen gäller.")
    if round is not None and round.network_id != getattr(network, "pk", None):
        errors["round"] = _("Omgången hör inte till nätverket.")
    if errors:
        raise ValidationError(errors)
    if kind == ReportKind.MEETING:
        # The summary is about its meeting, whatever period the form held: the meeting's day.
        meeting = Meeting.objects.filter(round=round).first()
        if meeting is not None:
            period_start = period_end = timezone.localdate(meeting.starts)

    key = _dedupe_key(kind=kind, municipality_id=getattr(municipality, "pk", None),
                      network_id=getattr(network, "pk", None), round_id=getattr(round, "pk", None),
                      start=period_start, end=period_end)
    existing = Report.objects.filter(dedupe_key=key, status__in=ACTIVE_STATUSES).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind, municipality=municipality, network=network, round=round,
                period_start=period_start, period_end=period_end, requested_by=requested_by,
                title=_title(kind=kind, municipality=municipality, network=network, round=round,
                             start=period_start, end=period_end),
                dedupe_key=key,
            )
    except IntegrityError:
        # Two requests at the same moment: the partial unique index let one through.
        existing = Report.objects.filter(dedupe_key=key, status__in=ACTIVE_STATUSES).first()
        if existing is None:
            raise
        return existing, False

    transaction.on_commit(lambda: _enqueue("reports.tasks.render_report", report.pk))
    return report, True


def _enqueue(task_name: str, *args, **kwargs) -> None:
    """Send a task by its registered name: reports.tasks imports this module, so this module
    never imports reports.tasks (no import circle). Eager mode (no broker) still runs it in-process."""
    current_app.tasks[task_name].delay(*args, **kwargs)


def report_start(*, report_id: int) -> Report | None:
    """Mark the row running; None when there is nothing to do (already done or failed).

    A row found already running is a redelivery after a worker died (acks_late): render again.
    """
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in ACTIVE_STATUSES:
            return None
        report.status = ReportStatus.RUNNING
        report.started_at = now
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
    return report


def report_render(*, report_id: int) -> Report | None:
    """Render the PDF and store it. Errors propagate: the task decides between retry and failure.

    One straight line: the inputs (read through the apps' selectors) → the cycle figure, drawn by
    a pure function → the pure content → HTML → PDF.
    """
    report = report_start(report_id=report_id)
    if report is None:
        return None
    with translation.override("sv"):
        inputs = report_inputs(report=report)
        figure_html = draw_cycle_figure_for_pdf(inputs.figure, id_prefix="cf-report") if inputs.figure else ""
        html = report_html(inputs=inputs, figure_html=figure_html)
        pdf = html_to_pdf(html=html, stylesheet=REPORT_STYLESHEET)
    with transaction.atomic():
        report.file.save("report.pdf", ContentFile(pdf), save=False)
        report.status = ReportStatus.DONE
        report.finished_at = timezone.now()
        report.error = ""
        report.inputs_hash = report_inputs_hash(html=html)
        report.save(update_fields=["file", "status", "finished_at", "error", "inputs_hash"])
    return report


def report_fail(*, report_id: int, message: str = "") -> None:
    """Leave the row failed with a message a person can read (the details go to the log)."""
    Report.objects.filter(pk=report_id, status__in=ACTIVE_STATUSES).update(
        status=ReportStatus.FAILED, error=message or str(MESSAGE_FAILED), finished_at=timezone.now()
    )


def reports_sweep_stale(*, now: datetime.datetime | None = None) -> int:
    """Fail rows whose worker is gone: running past every time limit, or queued for hours."""
    now = now or timezone.now()
    running, queued = reports_fail_stale(
        now=now, running_before=now - STALE_RUNNING_AFTER, queued_before=now - STALE_QUEUED_AFTER
    )
    if running or queued:
        logger.warning("Marked %s running and %s queued reports as failed", running, queued)
    return running + queued


# --- The cycle figure ----------------------------------------------------------------------------

def _figure_key(*, municipality: Municipality | None, network: Network | None, language: str) -> str:
    return f"reports:figure:{'m' if municipality else 'n'}:{(municipality or network).pk}:{language}"


def cycle_figure_draw(
    *, municipality_id: int | None = None, network_id: int | None = None, language: str = "sv"
) -> CycleFigure:
    """Draw the figure again when its inputs changed (the worker's job; cheap when unchanged)."""
    municipality = Municipality.objects.get(pk=municipality_id) if municipality_id else None
    network = Network.objects.get(pk=network_id) if network_id else None
    with contextlib.suppress(*CACHE_ERRORS):  # only a marker; an outage must not stop the drawing
        cache.delete(_figure_key(municipality=municipality, network=network, language=language))
    with translation.override(language):
        inputs = cycle_figure_inputs(municipality=municipality, network=network, today=timezone.localdate())
    digest = inputs.hash()
    lookup = {"municipality": municipality} if municipality else {"network": network}
    lookup["language"] = language
    figure = CycleFigure.objects.filter(**lookup).first()
    if figure is not None and figure.inputs_hash == digest and figure.svg:
        return figure
    with translation.override(language):
        svg = draw_cycle_figure(inputs, id_prefix=f"cf-{'m' if municipality else 'n'}{(municipality or network).pk}")
    try:
        with transaction.atomic():
            figure, _created = CycleFigure.objects.update_or_create(
                **lookup, defaults={"svg": svg, "inputs_hash": digest}
            )
    except IntegrityError:
        # Two workers drew it at once; theirs is as good as ours.
        figure = CycleFigure.objects.get(**lookup)
    return figure


def cycle_figure_request(
    *, municipality: Municipality | None = None, network: Network | None = None, language: str = "sv",
    checked_at: str | None = None,
) -> bool:
    """Ask the worker to redraw a stale figure, once per minute at most while it is waiting.

    ``checked_at``: the page's stamp (:func:`_checked_stamp`); the worker notes it once it has
    compared the figure with its inputs, so that pages seeing the same stamp need not compare.
    True when it asked now (False: it asked within the minute, or the cache is out).
    """
    try:
        first = cache.add(_figure_key(municipality=municipality, network=network, language=language), 1, timeout=60)
    except CACHE_ERRORS:
        # Without the cache (an outage) the page shows the stored drawing; a later view asks again.
        return False
    if not first:
        return False
    municipality_id = municipality.pk if municipality else None
    network_id = network.pk if network else None
    transaction.on_commit(lambda: _enqueue(
        "reports.tasks.draw_cycle_figure_task", municipality_id=municipality_id, network_id=network_id,
        language=language, checked_at=checked_at,
    ))
    return True


# Whether a stored figure is current is known from its inputs, which cost a page a query and their
# Python (a tenth of a home page with nothing kept, issue 18). So the worker compares them and notes
# the tenant data version the page saw (access.cache): while no write of the page's tenants renewed
# that version, the figure drawn from those inputs is still the one to show. The release, the
# drawing's version and the day are in the stamp too: a deploy or a new day may change the figure
# while no row changed. A write after the page read the version renews it, so the worker never
# notes a version older than the data it compared.
_CHECKED_SECONDS = 24 * 3600


def _checked_key(*, municipality: Municipality | None, network: Network | None, language: str) -> str:
    return f"reports:figure-checked:{'m' if municipality else 'n'}:{(municipality or network).pk}:{language}"


def _checked_stamp(version: str) -> str:
    return f"{settings.RELEASE}|{FIGURE_VERSION}|{timezone.localdate().isoformat()}|{version}"


def cycle_figure_checked(*, municipality_id: int | None, network_id: int | None, language: str, stamp: str) -> None:
    """Note that the figure was compared with its inputs at ``stamp`` (the worker, after drawing)."""
    municipality = Municipality(pk=municipality_id) if municipality_id else None
    network = Network(pk=network_id) if network_id else None
    with contextlib.suppress(*CACHE_ERRORS):  # not noted: the next page asks again
        cache.set(_checked_key(municipality=municipality, network=network, language=language), stamp,
                  _CHECKED_SECONDS)


def _is_checked(*, municipality: Municipality | None, network: Network | None, language: str, stamp: str) -> bool:
    try:
        return cache.get(_checked_key(municipality=municipality, network=network, language=language)) == stamp
    except CACHE_ERRORS:
        return False


@dataclass(frozen=True)
class CyclePanel:
    figure: CycleFigure | None
    svg: str


def cycle_figure_panel(*, municipality: Municipality | None = None, network: Network | None = None,
                       language: str = "sv", facts: NetworkFacts | None = None,
                       networks: MunicipalityNetworks | None = None, version: str | None = None) -> CyclePanel:
    """The stored drawing for a home page; a stale one is redrawn by the worker (at once when eager).

    Called by the views (lazily, inside the tenant-cached part), never by a template tag.
    ``version``: the page's tenant data version (access.cache.request_version): when the worker
    compared the figure at that version, it is shown without comparing; otherwise the worker is
    asked to. Without it (the cache is out) the page compares the inputs itself, which needs
    ``facts``: the network home's rounds and memberships (networks.selectors.network_facts), or
    ``networks``: the municipality home's networks and rounds (networks.selectors.municipality_networks).
    """
    lookup = {"municipality": municipality} if municipality else {"network": network}
    if version is not None:
        stamp = _checked_stamp(version)
        # Unscoped, naming the page's own tenant by its id: the scope's filter (a municipality's
        # or a network's rows, an OR of the two) cost more to build than the query (issue 18).
        own = {"municipality_id": municipality.pk} if municipality else {"network_id": network.pk}
        figure = CycleFigure._base_manager.filter(**own, language=language).first()
        asked = not _is_checked(municipality=municipality, network=network, language=language, stamp=stamp) and (
            cycle_figure_request(municipality=municipality, network=network, language=language, checked_at=stamp)
        )
    else:
        figure, stale = cycle_figure_for(municipality=municipality, network=network, language=language, facts=facts,
                                         networks=networks)
        asked = stale and cycle_figure_request(municipality=municipality, network=network, language=language)
    if asked and settings.CELERY_TASK_ALWAYS_EAGER:
        # The drawing as it is now, redrawn already because the task ran in this process: the row
        # only, without counting the inputs again. With a worker the task has only been queued, and
        # the row is the one read above: reading it again would cost a query for nothing.
        figure = CycleFigure.objects.filter(**lookup, language=language).first() or figure
    # The SVG is drawn by reports.figure, which escapes every text it writes.
    return CyclePanel(figure=figure, svg=mark_safe(figure.svg) if figure else "")  # noqa: S308
