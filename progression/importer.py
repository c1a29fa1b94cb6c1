"""Reading a school's results file (CSV or XLSX, the documented template) into checked rows.

Nothing here writes. :func:`read_rows` returns the rows it read and every problem it found, each
with its line number in Swedish; the service saves only a file without problems (all or
nothing), after the person has seen the preview. The template (columns, one row per class,
measure and term) is :data:`COLUMNS`; ``templates/progression/import.html`` documents it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.importer.parse import BadValue, parse_cell, spring_year

from .models import MAX_GRADE, MIN_GRADE, MeasureUnit, Term

# A school's export holds a few hundred rows: these limits stop a wrong or hostile file early.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024

COLUMNS = (
    ("läsår", gettext_lazy("Läsår"), gettext_lazy("t.ex. 2024/25")),
    ("termin", gettext_lazy("Termin"), gettext_lazy("HT eller VT")),
    ("klass", gettext_lazy("Klass"), gettext_lazy("årskurs och bokstav som klassen hette det läsåret, t.ex. 2A")),
    ("mått", gettext_lazy("Mått"), gettext_lazy("ett av kommunens resultatmått, med samma namn")),
    ("värde", gettext_lazy("Värde"), gettext_lazy("klassens resultat: andel i procent (0–100) eller ett genomsnitt")),
    ("antal elever", gettext_lazy("Antal elever"), gettext_lazy("hur många elever värdet gäller")),
)
_CLASS = re.compile(r"^([1-9])\s*([A-Za-zÅÄÖåäö0-9]{1,8})$")


class FileRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ReadRow:
    line: int
    school_year: int
    term: str
    grade: int
    section: str
    measure_id: int
    value: Decimal
    pupils: int

    @property
    def cohort(self) -> int:
        return self.school_year - self.grade

    def as_json(self) -> dict:
        return {"line": self.line, "school_year": self.school_year, "term": self.term, "grade": self.grade,
                "section": self.section, "measure_id": self.measure_id, "value": str(self.value),
                "pupils": self.pupils}

    @classmethod
    def from_json(cls, data: dict) -> ReadRow:
        return cls(**{**data, "value": Decimal(data["value"])})


def _text(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell)).strip() if cell is not None else ""


def _csv_rows(data: bytes) -> list[list[object]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("Filen är sparad som UTF-16. Spara den som CSV (UTF-8) eller som Excel-fil (.xlsx)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (semikolonavgränsad)" in Windows-1252.
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise FileRejected(_("Filen innehåller binära data och är ingen CSV-fil."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRejected(_("CSV-filen går inte att läsa: %(error)s") % {"error": exc}) from exc


def _xlsx_rows(data: bytes) -> list[list[object]]:
    import zipfile

    import openpyxl

    if not openpyxl.DEFUSEDXML:  # never the standard library's parser, which expands entities
        raise RuntimeError("defusedxml is not installed: refusing to read XLSX files without it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(part.file_size for part in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRejected(_("Excel-filen packas upp till mer än en resultatfil kan. Den har inte lästs."))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileRejected(_("Excel-filen går inte att öppna; den verkar vara skadad.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_col=20, max_row=MAX_ROWS + 2)]
    finally:
        workbook.close()


def read_rows(data: bytes, *, filename: str, measures: dict[str, object]) -> tuple[list[ReadRow], list[str]]:
    """(rows, problems). ``measures`` maps a measure's name in lower case to the measure.

    Raises :class:`FileRejected` when the file cannot be read at all.
    """
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(_("Filen är för stor (%(size)s kB). En resultatfil får vara högst %(max)s kB.") % {
            "size": len(data) // 1024, "max": MAX_FILE_BYTES // 1024})
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FileRejected(_("Filen är tom."))
    if data.startswith(b"\xd0\xcf\x11\xe0") or filename.lower().endswith(".xls"):
        raise FileRejected(_("Det gamla Excel-formatet (.xls) kan inte läsas. Spara filen som .xlsx eller CSV."))
    raw = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    numbered = [(i, row) for i, row in enumerate(raw, start=1) if any(_text(c) for c in row)]
    if not numbered:
        raise FileRejected(_("Filen är tom."))
    header_line, header = numbered[0]
    positions = {_text(c).lower(): i for i, c in enumerate(header) if _text(c)}
    missing = [str(label) for key, label, _help in COLUMNS if key not in positions]
    if missing:
        raise FileRejected(_("Rubrikraden (rad %(line)s) saknar kolumnerna %(missing)s. Använd mallen: första raden "
                             "ska vara %(all)s.") % {"line": header_line, "missing": ", ".join(missing),
                                                    "all": ", ".join(str(label) for _k, label, _h in COLUMNS)})
    if len(numbered) - 1 > MAX_ROWS:
        raise FileRejected(_("Filen har fler än %(max)s rader.") % {"max": MAX_ROWS})

    rows: list[ReadRow] = []
    problems: list[str] = []
    seen: dict[tuple, int] = {}
    for line, cells in numbered[1:]:
        def cell(key: str, cells=cells) -> object:
            i = positions[key]
            return cells[i] if i < len(cells) else None

        row_problems = []
        year_text = _text(cell("läsår"))
        school_year = spring_year(year_text) if year_text else None
        if school_year is None:
            row_problems.append(_("läsåret \"%(v)s\" ska skrivas som 2024/25") % {"v": year_text})
        term = _text(cell("termin")).lower()
        if term not in (Term.AUTUMN, Term.SPRING):
            row_problems.append(_("terminen \"%(v)s\" ska vara HT eller VT") % {"v": _text(cell("termin"))})
        class_text = _text(cell("klass"))
        match = _CLASS.match(class_text)
        if not match:
            row_problems.append(_("klassen \"%(v)s\" ska vara årskurs %(a)s–%(b)s och en bokstav, t.ex. 2A") % {
                "v": class_text, "a": MIN_GRADE, "b": MAX_GRADE})
        measure_name = _text(cell("mått"))
        measure = measures.get(measure_name.lower())
        if measure is None:
            row_problems.append(_("måttet \"%(v)s\" finns inte bland kommunens resultatmått (%(known)s)") % {
                "v": measure_name, "known": "; ".join(sorted(m.name for m in measures.values())) or "–"})
        value = None
        try:
            value, marker = parse_cell(cell("värde"))
            if marker or value is None:
                raise BadValue(marker)
        except BadValue:
            row_problems.append(_("värdet \"%(v)s\" är inget tal") % {"v": _text(cell("värde"))})
            value = None
        if value is not None and (value < 0 or (measure is not None and measure.unit == MeasureUnit.PERCENT
                                                and value > 100)):
            row_problems.append(_("värdet %(v)s ligger utanför 0–100 %%") % {"v": _text(cell("värde"))})
        pupils_text = _text(cell("antal elever"))
        pupils = int(pupils_text) if pupils_text.isdigit() and int(pupils_text) <= 999 else None
        if pupils is None:
            row_problems.append(_("antal elever \"%(v)s\" ska vara ett heltal") % {"v": pupils_text})
        if row_problems:
            problems.append(_("Rad %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(row_problems)})
            continue
        grade, section = int(match.group(1)), match.group(2).upper()
        key = (school_year, term, grade, section, measure.pk)
        if key in seen:
            problems.append(_("Rad %(line)s: samma klass, mått och termin finns redan på rad %(other)s.") % {
                "line": line, "other": seen[key]})
            continue
        seen[key] = line
        rows.append(ReadRow(line=line, school_year=school_year, term=term, grade=grade, section=section,
                            measure_id=measure.pk, value=value, pupils=pupils))
    if not rows and not problems:
        problems.append(_("Filen har inga rader under rubrikraden."))
    return rows, problems
