"""Reading Skolverket's statistics exports (CSV and XLSX) into plain tables.

Nothing here knows about the database. :func:`read_tables` turns the bytes of a file into
:class:`Table` objects (preamble facts, header rows, data rows with their line numbers) or raises
:class:`ImportRejected` with a Swedish message naming the problem. :func:`parse_cell` turns one
cell into a number or a suppression marker.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000  # a whole-country table has ~3 000 rows; this stops a decompression bomb
MARKERS = (".", "..", "~100")

# A number as Skolverket writes it: decimal comma, and a space (or no-break space, or narrow
# no-break space) between groups of three digits: "84,3", "1 390", "12 345,5", "-0,4".
_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+"
_NUMBER = re.compile(rf"^-?(?:{_GROUPED}|\d+)(?:,\d+)?$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_CHOSEN_YEAR = re.compile(r"valt\s+läsår\s*:\s*(\d{4})\s*/\s*(\d{2})", re.IGNORECASE)
_ORGANISER_LINE = re.compile(r"^typ\s+av\s+huvudman\s*:\s*(.+)$", re.IGNORECASE)


class ImportRejected(Exception):
    """The file cannot be read at all; ``message`` says why, in Swedish. Nothing is saved."""

    def __init__(self, message: str, *, needs_grade: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.needs_grade = needs_grade


class BadValue(ValueError):
    """A cell that is neither a number nor one of Skolverket's markers."""


def parse_cell(raw: object) -> tuple[Decimal | None, str]:
    """One cell -> (value, marker). Empty -> (None, ''); a marker -> (None, marker).

    Raises :class:`BadValue` for anything else, e.g. ``12,3,4`` or ``abc``: a value is never
    guessed, and a marker is never turned into 0 or 100.
    """
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        raise BadValue(str(raw))
    if isinstance(raw, int):
        return Decimal(raw), ""
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise BadValue(str(raw))
        return Decimal(str(raw)), ""
    if isinstance(raw, Decimal):
        return raw, ""
    text = str(raw).strip()
    if not text:
        return None, ""
    if text in MARKERS:
        return None, text
    if not _NUMBER.match(text):
        raise BadValue(text)
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")), ""
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise BadValue(text) from exc


def spring_year(label: str) -> int | None:
    """'2023/24' -> 2024; anything else -> None."""
    match = _SCHOOL_YEAR.match(label.strip())
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        return None
    return start + 1


@dataclass
class Table:
    """One statistics table: what its preamble says, its header(s) and its data rows."""

    title: str = ""
    school_year: int | None = None  # from "Valt läsår"
    organiser_type: str = ""  # from "Typ av huvudman: X" or the sheet's name
    sheet: str = ""  # '' for a CSV
    header: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # the first of two header rows, or ''
    header_line: int = 0
    rows: list[tuple[int, list[object]]] = field(default_factory=list)  # (line number, cells)

    def where(self, line: int) -> str:
        if self.sheet:
            return _("blad %(sheet)s, rad %(line)s") % {"sheet": self.sheet, "line": line}
        return _("rad %(line)s") % {"line": line}


ORGANISER_TYPES = ("Samtliga", "Kommunal", "Enskild", "Statlig")


def normalise_header(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def _is_code_header(text: str) -> bool:
    return normalise_header(text) in ("kommun-kod", "kommunkod")


def _text(cell: object) -> str:
    if cell is None:
        return ""
    return re.sub(r"\s+", " ", str(cell)).strip()


def _trim(cells: list[object]) -> list[object]:
    """Drop the empty cells at the end (every CSV row ends with a ';')."""
    end = len(cells)
    while end and _text(cells[end - 1]) == "":
        end -= 1
    return list(cells[:end])


def table_from_rows(rows: list[tuple[int, list[object]]], *, sheet: str = "") -> Table | None:
    """Find the table in a sheet's (or CSV's) rows; None if there is no header row."""
    header_index = None
    for i, (_line, cells) in enumerate(rows[:60]):
        names = [normalise_header(c) for c in cells]
        if "kommun" in names and any(_is_code_header(c) for c in names):
            header_index = i
            break
    if header_index is None:
        return None

    table = Table(sheet=sheet)
    for _line, cells in rows[:header_index]:
        first = next((_text(c) for c in cells if _text(c)), "")
        if not first:
            continue
        if match := _CHOSEN_YEAR.search(first):
            label = f"{match.group(1)}/{match.group(2)}"
            table.school_year = spring_year(label)
            if table.school_year is None:
                raise ImportRejected(_("Läsåret %(label)s i filen går inte att läsa.") % {"label": label})
        elif match := _ORGANISER_LINE.match(first):
            table.organiser_type = match.group(1).strip()
        elif not table.title and not first.lower().startswith("statistik från skolverket"):
            table.title = first
    if not table.organiser_type and sheet in ORGANISER_TYPES:
        table.organiser_type = sheet

    header_line, header_cells = rows[header_index]
    table.header_line = header_line
    table.header = [_text(c) for c in _trim(header_cells)]
    width = len(table.header)
    if header_index > 0:
        above = rows[header_index - 1][1]
        # The group row leaves the identifying columns empty and names groups of value columns;
        # a merged cell in a workbook is one value followed by empty cells: carry it forward.
        if any(_text(c) for c in above) and not _text(above[0] if above else None):
            groups, current = [], ""
            for i in range(width):
                cell = _text(above[i]) if i < len(above) else ""
                current = cell or current
                groups.append(current)
            table.groups = groups
    if not table.groups:
        table.groups = [""] * width

    for line, cells in rows[header_index + 1:]:
        cells = _trim(cells)
        if not cells:
            break  # the table ends at the first empty row; footnotes and definitions follow
        table.rows.append((line, cells))
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            _("Filen är sparad som UTF-16. Ladda ner den igen från Skolverket (CSV, UTF-8) eller som Excel-fil.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            _(
                "Filen har fel teckenkodning (inte UTF-8; rad %(line)s). Skolverkets CSV-filer är UTF-8. "
                "Ladda ner filen igen utan att öppna och spara den i ett annat program, eller ladda upp Excel-filen."
            )
            % {"line": data[: exc.start].count(b"\n") + 1}
        ) from exc


def _csv_tables(data: bytes) -> list[Table]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportRejected(_("Filen innehåller binära data och är ingen CSV-fil från Skolverket."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    rows: list[tuple[int, list[object]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, list(cells)))
            if len(rows) > MAX_ROWS:
                raise ImportRejected(_("Filen har fler än %(max)s rader.") % {"max": MAX_ROWS})
    except csv.Error as exc:
        raise ImportRejected(
            _("CSV-filen går inte att läsa (rad %(line)s): %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc
    table = table_from_rows(rows)
    return [table] if table else []


def _xlsx_tables(data: bytes) -> list[Table]:
    import openpyxl  # imported here: reading a CSV should not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportRejected(_("Excel-filen går inte att öppna; den verkar vara skadad.")) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows: list[tuple[int, list[object]]] = []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                rows.append((number, list(cells)))
                if len(rows) > MAX_ROWS:
                    raise ImportRejected(_("Bladet %(sheet)s har för många rader.") % {"sheet": sheet.title})
            table = table_from_rows(rows, sheet=sheet.title)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise ImportRejected(
            _(
                "Excel-filen har inget blad med statistik (en tabell med kolumnerna Kommun och Kommun-kod). "
                "Blad i filen: %(sheets)s."
            )
            % {"sheets": ", ".join(workbook.sheetnames)}
        )
    return tables


def read_tables(data: bytes, *, filename: str) -> list[Table]:
    """The statistics tables of one export file. Raises :class:`ImportRejected`."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(too_large_message(len(data)))
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise ImportRejected(_("Filen är tom."))
    name = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        tables = _xlsx_tables(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise ImportRejected(
            _("Det gamla Excel-formatet (.xls) kan inte läsas. Spara filen som .xlsx eller ladda ner CSV-filen.")
        )
    else:
        tables = _csv_tables(data)
    if not tables:
        raise ImportRejected(
            _(
                "Filen ser inte ut som en export från Skolverkets statistik: den har ingen rubrikrad med "
                "kolumnerna Kommun och Kommun-kod."
            )
        )
    return tables


def too_large_message(size: int) -> str:
    return _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.") % {
        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
        "max": MAX_FILE_BYTES // 1024 // 1024,
    }


_GRADE = re.compile(r"(?:årskurs|åk)\.?\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?", re.IGNORECASE)


@dataclass(frozen=True)
class GradeFound:
    """What a text says about the grade: one grade, or a range such as 'årskurs 1-9'."""

    grade: int | None
    span: tuple[int, int]


def find_grade(text: str) -> GradeFound | None:
    match = _GRADE.search(text or "")
    if not match:
        return None
    low, high = match.group(1), match.group(2)
    if high and high != low:
        return GradeFound(grade=None, span=match.span())
    return GradeFound(grade=int(low), span=match.span())
