"""Writes: manual entry and correction of measurements, statistics imports as rows the worker
fills (``indicators.importer.run_import`` does the reading and saving), and making a tenant's own
indicator common."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.crosstenant import tenant_scope
from municipalities.models import Municipality, School
from networks.models import Network, NetworkMembership

# Platform staff's merge and the sweep's read work across tenants: in indicators.crosstenant.
from .crosstenant import indicator_make_common, statistics_imports_stale  # noqa: F401 (indicator_make_common re-exported)
from .importer import ImportRejected, run_import
from .importer.parse import MAX_FILE_BYTES
from .models import (
    IMPORT_ACTIVE_STATUSES,
    ImportStatus,
    Indicator,
    Measurement,
    Source,
    StatisticsImport,
    school_year_label,
)


@transaction.atomic
def measurement_create(
    *,
    municipality: Municipality,
    indicator: Indicator,
    school: School | None,
    school_year: int,
    grade: int | None,
    value: Decimal | None,
    marker: str,
    user,
) -> Measurement:
    if school is not None and school.municipality_id != municipality.pk:
        raise ValidationError({"school": _("Skolan hör inte till kommunen.")})
    existing = Measurement.objects.filter(
        indicator=indicator, municipality=municipality, school=school, school_year=school_year, grade=grade
    ).first()
    if existing is not None:
        raise ValidationError(
            _("Det finns redan ett värde för %(indicator)s %(year)s. Rätta det värdet i stället.")
            % {"indicator": indicator.label, "year": school_year_label(school_year)},
            code="exists",
            params={"pk": existing.pk},
        )
    measurement = Measurement(
        indicator=indicator, municipality=municipality, school=school, school_year=school_year, grade=grade,
        value=None if marker else value, suppressed_marker=marker or "", source=Source.MANUAL, updated_by=user,
    )
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_correct(*, measurement: Measurement, value: Decimal | None, marker: str, user) -> bool:
    """Correct a value; history keeps the old one. Returns False when nothing changed."""
    new_value = None if marker else value
    if measurement.value == new_value and measurement.suppressed_marker == (marker or ""):
        return False
    measurement.value, measurement.suppressed_marker = new_value, marker or ""
    measurement.source, measurement.updated_by = Source.MANUAL, user
    measurement.full_clean()
    measurement.save()
    return True


# --- Imports: a row per upload, read and saved by the worker ------------------------------------
# The view stores the upload on a StatisticsImport row and the worker reads it (a dry run of the
# real import: the preview), so a hostile or huge file never holds a web process. The person
# confirms on the import's own page; the worker then saves. The file lives in private storage (no
# URL) under a generated name until the import ends.

logger = logging.getLogger(__name__)

MAX_ACTIVE_PER_TENANT = 3  # the worker is shared by every tenant: one cannot queue it full
STALE_ACTIVE_AFTER = datetime.timedelta(minutes=15)  # past every time limit of the task
PREVIEW_KEPT_FOR = datetime.timedelta(hours=2)  # an unconfirmed preview's file is deleted after this


def statistics_import_request(
    *, upload: UploadedFile, requested_by, municipality: Municipality | None = None, network: Network | None = None,
) -> StatisticsImport:
    """Store an upload on a new row and have the worker preview it once the row is committed."""
    if (municipality is None) == (network is None):
        raise ValueError("An import belongs to exactly one municipality or one network.")
    tenant = {"municipality": municipality} if municipality is not None else {"network": network}
    if StatisticsImport.objects.filter(status__in=IMPORT_ACTIVE_STATUSES, **tenant).count() >= MAX_ACTIVE_PER_TENANT:
        raise ValidationError(
            _("%(n)s importer läses redan. Vänta tills de är klara innan du laddar upp fler filer.")
            % {"n": MAX_ACTIVE_PER_TENANT}
        )
    row = StatisticsImport(
        municipality=municipality, network=network, requested_by=requested_by, filename=upload.name[:200],
        size=upload.size or 0,
    )
    row.file.save("upload", upload, save=False)
    row.save()
    _enqueue(row)
    return row


def _enqueue(row: StatisticsImport) -> None:
    from .tasks import run_statistics_import

    transaction.on_commit(lambda: run_statistics_import.delay(row.pk))


def statistics_import_confirm(*, row: StatisticsImport, grade: int | None, save: bool) -> bool:
    """After a preview: save (``save=True``), or preview again with the grade the person chose.

    Only a row waiting for the person changes (a second click finds it already queued): returns
    whether the worker was asked to do anything.
    """
    waiting = (ImportStatus.PREVIEW, ImportStatus.NEEDS_GRADE)
    if save:
        waiting = (ImportStatus.PREVIEW,)
    changed = StatisticsImport.objects.filter(pk=row.pk, status__in=waiting).update(
        status=ImportStatus.QUEUED, confirmed=save, grade=grade if grade is not None else row.grade, progress=0,
    )
    if changed:
        row.refresh_from_db()
        _enqueue(row)
    return bool(changed)


def statistics_import_cancel(*, row: StatisticsImport) -> None:
    changed = StatisticsImport.objects.filter(
        pk=row.pk, status__in=(ImportStatus.PREVIEW, ImportStatus.NEEDS_GRADE)
    ).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
    if changed:
        _delete_file(row)


def _delete_file(row: StatisticsImport) -> None:
    if row.file:
        row.file.delete(save=False)
        StatisticsImport.objects.filter(pk=row.pk).update(file="")


def _start(*, import_id: int) -> StatisticsImport | None:
    """Mark the row being worked on; None when there is nothing to do. A row found already
    reading or saving is a redelivery after a worker died (acks_late): do it again, which is safe
    because a save is one transaction and a re-import of the same file changes nothing."""
    with transaction.atomic():
        row = StatisticsImport.objects.select_for_update().filter(pk=import_id).first()
        if row is None or row.status not in IMPORT_ACTIVE_STATUSES:
            return None
        row.status = ImportStatus.SAVING if row.confirmed else ImportStatus.READING
        row.started_at = timezone.now()
        row.attempts += 1
        row.progress = 10
        row.save(update_fields=["status", "started_at", "attempts", "progress"])
    return row


def statistics_import_run(*, import_id: int) -> StatisticsImport | None:
    """The worker's part: preview (a dry run) or save, and leave the outcome on the row.

    Database errors propagate (the task retries them); a file the importer refuses ends the row
    as failed with the importer's Swedish message.
    """
    row = _start(import_id=import_id)
    if row is None:
        return None
    saving = row.confirmed
    if row.municipality_id is not None:
        owner, municipality_ids = row.municipality, [row.municipality_id]
    else:
        owner = row.network
        municipality_ids = list(
            NetworkMembership.objects.filter(network=row.network).values_list("municipality_id", flat=True)
        )
    with row.file.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    StatisticsImport.objects.filter(pk=row.pk).update(progress=30)
    try:
        result = run_import(
            data, filename=row.filename, dry_run=not saving, grade=row.grade, municipality_ids=municipality_ids,
            save_national=False, user=row.requested_by, owner=owner,
        )
    except ImportRejected as exc:
        if exc.needs_grade and row.grade is None and not saving:
            StatisticsImport.objects.filter(pk=row.pk).update(
                status=ImportStatus.NEEDS_GRADE, error=exc.message, progress=100
            )
        else:
            _finish(row, status=ImportStatus.FAILED, error=exc.message)
        row.refresh_from_db()
        return row
    StatisticsImport.objects.filter(pk=row.pk).update(summary=result.as_json(), error="", progress=100)
    if saving:
        _finish(row, status=ImportStatus.DONE)
    else:
        StatisticsImport.objects.filter(pk=row.pk).update(status=ImportStatus.PREVIEW)
    row.refresh_from_db()
    return row


def _finish(row: StatisticsImport, *, status: str, error: str = "") -> None:
    StatisticsImport.objects.filter(pk=row.pk).update(
        status=status, error=error, finished_at=timezone.now(), progress=100
    )
    _delete_file(row)


def statistics_import_fail(*, import_id: int, message: str = "") -> None:
    """The task gave up: the row ends failed with a message a person can read."""
    row = StatisticsImport.objects.filter(pk=import_id).first()
    if row is not None and row.status in IMPORT_ACTIVE_STATUSES:
        _finish(row, status=ImportStatus.FAILED,
                error=message or _("Importen kunde inte göras på grund av ett fel hos oss. Försök igen senare."))


def statistics_imports_sweep(*, now: datetime.datetime | None = None) -> int:
    """Periodic: a row whose worker died ends failed, and a preview nobody confirmed loses its file."""
    now = now or timezone.now()
    swept = 0
    for row in statistics_imports_stale(active_before=now - STALE_ACTIVE_AFTER, preview_before=now - PREVIEW_KEPT_FOR):
        with tenant_scope(municipality_id=row.municipality_id, network_id=row.network_id):
            if row.status in IMPORT_ACTIVE_STATUSES:
                _finish(row, status=ImportStatus.FAILED,
                        error=_("Importen blev inte klar: arbetet avbröts. Ladda upp filen igen."))
            else:
                _finish(row, status=ImportStatus.CANCELLED,
                        error=_("Förhandsgranskningen bekräftades aldrig och har tagits bort."))
        swept += 1
    if swept:
        logger.info("Swept %s statistics imports", swept)
    return swept


# --- Indicators owned by a tenant ---------------------------------------------------------------

