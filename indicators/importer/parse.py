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
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
# Limits checked before (or while) anything is parsed, so that a small hostile file cannot hold a
# worker or its memory. A whole-country table has ~3 000 rows of some 40 columns; a real export's
# largest XLSX part unpacks to under 2 MB.
MAX_ROWS = 200_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
MAX_PART_BYTES = 32 * 1024 * 1024  # one part of an XLSX (a sheet, the shared strings), unpacked
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts together, unpacked
MAX_PARTS = 500
MAX_SECONDS = 60  # reading one file; the worker's time limit is the last resort
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


HEADER_SEARCH_ROWS = 60  # the header row is within the first rows (after the preamble)
FOOTER_ROWS = 100  # rows read after the table's end (footnotes); nothing further is looked at


# The municipality's name column: "Kommun" at kommun level; "Skolkommun" (the school's
# municipality) in Skolverket's school-unit exports (Skola;Skol-enhetskod;Skolkommun;Kommun-kod;…).
MUNICIPALITY_HEADERS = ("kommun", "skolkommun")


def _is_header_row(cells: list[object]) -> bool:
    # Kommun (or Skolkommun) and Kommun-kod in every table, at kommun and school-unit level alike.
    names = [normalise_header(c) for c in cells]
    return any(n in MUNICIPALITY_HEADERS for n in names) and any(_is_code_header(c) for c in names)


def collect_rows(numbered_rows, *, budget: _Budget, where: str,
                 raw_widths: dict[int, int] | None = None) -> list[tuple[int, list[object]]]:
    """The rows :func:`table_from_rows` can use, read lazily and within the budget: the reading
    stops when no header turns up in the first rows, or a little after the table ends, so a sheet
    that declares a million empty rows costs nothing. ``raw_widths`` gets each line's number of
    fields before the empty ones at the end are dropped (a cut-off row has fewer)."""
    rows: list[tuple[int, list[object]]] = []
    header_at = end_at = None
    for line, cells in numbered_rows:
        if raw_widths is not None:
            raw_widths[line] = len(cells)
        cells = _trim(list(cells))
        rows.append((line, cells))
        budget.row(cells, rows_so_far=len(rows), where=where)
        if header_at is None:
            if _is_header_row(cells):
                header_at = len(rows)
            elif len(rows) >= HEADER_SEARCH_ROWS:
                break
        elif end_at is None:
            if not cells:
                end_at = len(rows)
        elif len(rows) - end_at >= FOOTER_ROWS:
            break
    return rows


def table_from_rows(rows: list[tuple[int, list[object]]], *, sheet: str = "") -> Table | None:
    """Find the table in a sheet's (or CSV's) rows; None if there is no header row."""
    header_index = None
    for i, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header_row(cells):
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


class _Budget:
    """Counts rows and cells as they are read and refuses a file past the limits or the time."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.cells = 0

    def row(self, cells: list[object], *, rows_so_far: int, where: str) -> None:
        if rows_so_far > MAX_ROWS:
            raise ImportRejected(
                _("%(where)s har fler än %(max)s rader; så stora tabeller finns inte i Skolverkets statistik.")
                % {"where": where, "max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        if len(cells) > MAX_COLUMNS:
            raise ImportRejected(
                _("%(where)s har en rad med fler än %(max)s kolumner; så breda tabeller finns inte i Skolverkets "
                  "statistik.") % {"where": where, "max": MAX_COLUMNS}
            )
        self.cells += len(cells)
        if self.cells > MAX_CELLS:
            raise ImportRejected(
                _("Filen har fler än %(max)s celler; så stora tabeller finns inte i Skolverkets statistik.")
                % {"max": f"{MAX_CELLS:,}".replace(",", " ")}
            )
        if self.deadline is not None and rows_so_far % 256 == 0 and time.monotonic() > self.deadline:
            raise ImportRejected(_("Filen tog för lång tid att läsa och har inte importerats."))


def check_xlsx_parts(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than a statistics table can, before reading
    any of them: only the zip's central directory is read, so a decompression bomb costs nothing.

    The sizes are the ones the central directory declares; Python's zipfile never unpacks more
    than that, so a part that lies about its size fails its checksum instead of growing.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        # A workbook cut in transfer loses the zip's directory at its end: this is where it shows.
        raise ImportRejected(_("Excel-filen går inte att öppna; den verkar vara skadad eller avklippt (ofullständigt "
                               "nedladdad). Ladda ner den igen från Skolverket.")) from exc
    if len(parts) > MAX_PARTS:
        raise ImportRejected(_("Excel-filen har för många delar (%(n)s) för att vara en statistiktabell.")
                             % {"n": len(parts)})
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
            raise ImportRejected(
                _("Excel-filen packas upp till mer än %(max)s MB, långt mer än en statistiktabell. Den har inte "
                  "lästs. Ladda ner filen igen från Skolverket.") % {"max": MAX_UNPACKED_BYTES // 1024 // 1024}
            )


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            _("Filen är sparad som UTF-16. Ladda ner den igen från Skolverket (CSV, UTF-8) eller som Excel-fil.")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            # The file ends inside a character ("å" is two bytes): it was cut in transfer, not
            # saved in another encoding.
            raise _cut_off(_("den slutar mitt i ett tecken.")) from exc
        raise ImportRejected(
            _(
                "Filen har fel teckenkodning (inte UTF-8; rad %(line)s). Skolverkets CSV-filer är UTF-8. "
                "Ladda ner filen igen utan att öppna och spara den i ett annat program, eller ladda upp Excel-filen."
            )
            % {"line": data[: exc.start].count(b"\n") + 1}
        ) from exc


def _csv_tables(data: bytes, budget: _Budget) -> list[Table]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportRejected(_("Filen innehåller binära data och är ingen CSV-fil från Skolverket."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    widths: dict[int, int] = {}
    try:
        rows = collect_rows(((reader.line_num, cells) for cells in reader), budget=budget, where=_("Filen"),
                            raw_widths=widths)
    except csv.Error as exc:
        raise ImportRejected(
            _("CSV-filen går inte att läsa (rad %(line)s): %(error)s") % {"line": reader.line_num, "error": exc}
        ) from exc
    table = table_from_rows(rows)
    if table is None:
        return []
    _check_not_cut_off(table, rows=rows, widths=widths)
    return [table]


def _cut_off(detail: str) -> ImportRejected:
    return ImportRejected(
        _("Filen ser ut att vara avklippt: %(detail)s Inget har importerats. Ladda ner filen igen från Skolverket.")
        % {"detail": detail}
    )


def _check_not_cut_off(table: Table, *, rows: list[tuple[int, list[object]]], widths: dict[int, int]) -> None:
    """A CSV imports whole or not at all. Every row of a Skolverket export has as many fields as
    its header (each ends with ';'), and the table is closed by an empty line (then footnotes or
    more empty lines); a file cut in transfer lacks one or the other. A row cut inside a number
    ("1" where the file said "16") is the last row, and it is short of its final ';'."""
    width = widths.get(table.header_line, 0)
    for line, _cells in table.rows:
        if widths.get(line, 0) < width:
            last = line == table.rows[-1][0]
            if last:
                raise _cut_off(_("den sista raden (rad %(line)s) har färre fält än rubrikraden.") % {"line": line})
            raise ImportRejected(
                _("Rad %(line)s har färre fält än rubrikraden; filen ser skadad ut. Inget har importerats.")
                % {"line": line}
            )
    from_skolverket = bool(rows) and any(
        str(c).lower().startswith("statistik från skolverket") for _line, cells in rows[:3] for c in cells[:1]
    )
    last_line = table.rows[-1][0] if table.rows else table.header_line
    closed = any(not cells for line, cells in rows if line > last_line)
    if from_skolverket and not closed:
        raise _cut_off(_("tabellen slutar mitt i, efter rad %(line)s, utan den tomma rad och de fotnoter som "
                         "avslutar Skolverkets filer.") % {"line": last_line})


# What a damaged or hostile workbook raises inside openpyxl: a broken zip or checksum, XML that
# does not parse, or XML that defusedxml refuses (entities, DTDs: DefusedXmlException is a
# ValueError).
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, SyntaxError, EOFError)


def _xlsx_tables(data: bytes, budget: _Budget) -> list[Table]:
    import openpyxl  # imported here: reading a CSV should not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    # openpyxl parses with defusedxml when it is installed (it is a pinned dependency); never
    # read a workbook with the standard library's parser, which expands entities.
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml is not installed: refusing to read XLSX files without it")
    check_xlsx_parts(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_XLSX_ERRORS) as exc:
        raise ImportRejected(_("Excel-filen går inte att öppna; den verkar vara skadad eller avklippt (ofullständigt "
                               "nedladdad). Ladda ner den igen från Skolverket.")) from exc
    tables = []
    try:
        for sheet in workbook.worksheets:
            # max_col/max_row: a sheet's declared dimension (e.g. A1:XFD1048576) must not make
            # openpyxl pad millions of empty cells; the budget refuses before that matters.
            numbered = enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1, max_row=MAX_ROWS + 1), start=1
            )
            rows = collect_rows(numbered, budget=budget, where=_("Bladet %(sheet)s") % {"sheet": sheet.title})
            table = table_from_rows(rows, sheet=sheet.title)
            if table is not None:
                tables.append(table)
    except _XLSX_ERRORS as exc:
        raise ImportRejected(_("Excel-filen går inte att läsa; den verkar vara skadad.")) from exc
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


def read_tables(data: bytes, *, filename: str, deadline: float | None = None) -> list[Table]:
    """The statistics tables of one export file. Raises :class:`ImportRejected`.

    ``deadline`` is a ``time.monotonic()`` value after which reading gives up (default: now +
    :data:`MAX_SECONDS`).
    """
    budget = _Budget(time.monotonic() + MAX_SECONDS if deadline is None else deadline)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(too_large_message(len(data)))
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise ImportRejected(_("Filen är tom."))
    name = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        tables = _xlsx_tables(data, budget)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise ImportRejected(
            _("Det gamla Excel-formatet (.xls) kan inte läsas. Spara filen som .xlsx eller ladda ner CSV-filen.")
        )
    else:
        tables = _csv_tables(data, budget)
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
# Förskoleklass (the year before grade 1) is a school form of its own, not a grade: a column that
# names it states where its values belong, with no grade ("Elever, förskoleklass" in the pupils per
# grade table of every school unit). Its name keeps the word.
_PRESCHOOL_CLASS = re.compile(r"\bförskoleklass(?:en)?\b", re.IGNORECASE)


@dataclass(frozen=True)
class GradeFound:
    """What a text says about the grade: one grade, or a range such as 'årskurs 1-9'."""

    grade: int | None
    span: tuple[int, int]


def find_grade(text: str) -> GradeFound | None:
    match = _GRADE.search(text or "")
    if not match:
        if preschool := _PRESCHOOL_CLASS.search(text or ""):
            return GradeFound(grade=None, span=preschool.span())
        return None
    low, high = match.group(1), match.group(2)
    if high and high != low:
        return GradeFound(grade=None, span=match.span())
    return GradeFound(grade=int(low), span=match.span())
