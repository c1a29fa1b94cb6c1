"""Every measurement of a municipality as CSV or XLSX (the command and the download share it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from core.spreadsheet import safe_cell
from municipalities.models import Municipality

from .models import format_value, school_year_label
from .selectors import measurements_for_export

FORMATS = ("csv", "xlsx")


def _header() -> list[str]:
    return [
        _("Mått"), _("Typ av huvudman"), _("Ämne"), _("Årskurs"), _("Könsgrupp"), _("Skola"), _("Läsår"),
        _("Värde"), _("Prickning"), _("Enhet"), _("Källa"), _("Källfil"),
    ]


def export_rows(*, municipality: Municipality) -> Iterator[list]:
    """Header, then one row per measurement. Values are numbers (Decimal); markers stay text."""
    yield _header()
    for m in measurements_for_export(municipality=municipality).iterator(chunk_size=2000):
        i = m.indicator
        yield [
            i.name, i.organiser_type, i.subject, m.grade if m.grade is not None else "", i.gender_group,
            m.school.name if m.school else "", school_year_label(m.school_year), m.value, m.suppressed_marker,
            i.get_unit_display(), m.get_source_display(), m.source_file,
        ]


def export_csv(*, municipality: Municipality) -> str:
    """Semicolon-separated with decimal comma, as Skolverket writes and Swedish Excel reads."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in export_rows(municipality=municipality):
        # A value is formatted as a number (decimal comma), never quoted; text may be quoted.
        writer.writerow([format_value(cell) if hasattr(cell, "as_tuple") else safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


def export_xlsx(*, municipality: Municipality) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Utfall"))
    for row in export_rows(municipality=municipality):
        sheet.append([float(cell) if hasattr(cell, "as_tuple") else safe_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
