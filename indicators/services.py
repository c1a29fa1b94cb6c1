"""Writes: manual entry and correction of measurements, and keeping an upload between preview
and confirm. Imports themselves go through ``indicators.importer.run_import``."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities.models import Municipality, School

from .models import Indicator, Measurement, Source, school_year_label


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


# --- Uploads between preview and confirm ----------------------------------------------------------
# The file sits in private storage (no URL) under a generated name. The form carries only a
# signed token naming it, bound to the tenant and the user, so it cannot be swapped for another
# tenant's upload; it expires, and it is deleted once imported.

UPLOAD_DIR = "statistik-uppladdningar"
UPLOAD_SALT = "indicators.upload"
UPLOAD_MAX_AGE = datetime.timedelta(hours=2)


@dataclass(frozen=True)
class StoredUpload:
    name: str  # storage name
    filename: str  # the user's file name (the grade may be in it, e.g. "Åk9")


def upload_store(*, data: bytes, filename: str, tenant: str, user_id: int) -> str:
    """Keep an uploaded file for the preview; returns the signed token for the form."""
    _sweep_old_uploads()
    name = storages["private"].save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", ContentFile(data))
    return signing.dumps({"n": name, "f": filename[:200], "t": tenant, "u": user_id}, salt=UPLOAD_SALT)


def upload_load(*, token: str, tenant: str, user_id: int) -> tuple[StoredUpload, bytes]:
    """The stored upload behind a token; ValidationError if the token is bad, old or not ours."""
    try:
        payload = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("Förhandsgranskningen har gått ut. Ladda upp filen igen.")) from exc
    if payload.get("t") != tenant or payload.get("u") != user_id or not str(payload.get("n", "")).startswith(UPLOAD_DIR):
        raise ValidationError(_("Förhandsgranskningen har gått ut. Ladda upp filen igen."))
    storage = storages["private"]
    if not storage.exists(payload["n"]):
        raise ValidationError(_("Filen är redan importerad eller har tagits bort. Ladda upp den igen."))
    with storage.open(payload["n"], "rb") as fh:
        data = fh.read()
    return StoredUpload(name=payload["n"], filename=payload["f"]), data


def upload_delete(*, upload: StoredUpload) -> None:
    storages["private"].delete(upload.name)


def _sweep_old_uploads() -> None:
    """Delete previews nobody confirmed: they must not pile up in private storage."""
    storage = storages["private"]
    try:
        _dirs, files = storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - UPLOAD_MAX_AGE
    for name in files:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:  # another request swept it first
            continue
