"""The import engine: from parsed tables to indicators, measurements and national values.

One engine behind every door (the ``import_statistics`` command, the upload pages, the demo):
:func:`run_import` reads a file, matches rows to municipalities by kommun-kod, and saves in one
transaction, or rolls it back for a dry run / preview so the summary is exactly what a real
import would do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from municipalities.models import Municipality, School
from networks.models import Network

from ..crosstenant import statistics_save
from ..models import (
    Direction,
    GenderGroup,
    Indicator,
    Measurement,
    NationalValue,
    Source,
    Unit,
    ValueDisplay,
    format_value,
)
from .parse import (
    ORGANISER_TYPES,
    BadValue,
    ImportRejected,
    Table,
    find_grade,
    normalise_header,
    parse_cell,
    read_tables,
    spring_year,
)

# Identifying columns: everything else in a table is a value column.
_ID_COLUMNS = {
    "kommun": "municipality",
    "skolkommun": "municipality",  # school-unit exports: the school's municipality
    "kommun-kod": "code",
    "kommunkod": "code",
    "län": "county",
    "läns-kod": "county_code",
    "länskod": "county_code",
    "typ av huvudman": "organiser",
    # Beside "Typ av huvudman", "Huvudman" is the organiser's name ("Ale kommun", a company) and
    # "Huvudman orgnr" its organisation number: facts about the row, never values to store.
    "huvudman": "organiser_name",
    "huvudman orgnr": "organiser_number",
    "huvudmannens organisationsnummer": "organiser_number",
    "ämne": "subject",
    "uppgift": "label",
    "kön": "gender",
    # Gymnasium tables name a program where compulsory school tables name a grade.
    # School-unit tables: the school's name and its eight-digit skolenhetskod.
    "skolenhet": "school_name",
    "skola": "school_name",
    "skolenhetskod": "school_code",
    "skolenhets-kod": "school_code",
    "skol-enhetskod": "school_code",  # as Skolverket's school-unit exports spell it
    "program": "subject",
    "programnamn": "subject",
    "studieväg": "subject",
}
_GENDERS = {g.value.lower(): g.value for g in GenderGroup}
# A group header above the value columns that names the gender they are for.
_GENDER_GROUPS = {**_GENDERS, "samtliga elever": GenderGroup.ALL.value, "samtliga": GenderGroup.ALL.value,
                  "elever totalt": GenderGroup.ALL.value}
# "Andel (%) flickor som fått …": the gender is the dimension, not part of the measure. "Andel (%)
# flickor, årskurs 1-9" (the share of girls) is a measure of its own and keeps its word.
_GENDER_IN_NAME = re.compile(r"\b(flickor|pojkar)\s+(?=som\b|med\b)", re.IGNORECASE)
_GENDER_AT_END = re.compile(r",\s*(flickor|pojkar)\s*$", re.IGNORECASE)
# Tables with no grade: personnel, and the gymnasium (a program instead of a grade). Their values
# are stored without one, never with one guessed or asked for.
_GRADELESS_TITLE = re.compile(
    r"personal|lärare|heltidstjänst|legitimation|behörighet|gymnasieskola|gymnasiesärskola", re.IGNORECASE
)
_NATIONAL_NAMES = {"riket", "hela riket", "samtliga kommuner", "sverige"}
SAMPLE_SIZE = 20
CREATE_CHUNK = 2000  # measurements built and written at a time
CHANGES_KEPT = 500


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    unit: str
    direction: str
    organiser_type: str
    subject: str
    gender_group: str
    source_table: str


@dataclass(frozen=True)
class ParsedValue(ValueDisplay):
    line: str
    code: str
    municipality_name: str
    spec: IndicatorSpec
    school_year: int
    grade: int | None
    value: Decimal | None
    marker: str
    school_code: str = ""  # a school-unit table's skolenhetskod ('' = the whole municipality)
    school_name: str = ""


@dataclass(frozen=True)
class RowProblem:
    where: str
    reason: str


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do)."""

    filename: str
    dry_run: bool
    rows_read: int = 0
    values_imported: int = 0  # numbers for matched municipalities (new, changed or unchanged)
    suppressed: int = 0  # markers for matched municipalities
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    national_values: int = 0
    national_skipped: int = 0  # national rows a tenant's upload may not write
    skipped_rows: int = 0  # rows of municipalities that are not ours / not in the database
    skipped_codes: set[str] = field(default_factory=set)
    problems: list[RowProblem] = field(default_factory=list)
    indicators_created: int = 0
    schools_created: int = 0
    municipalities: list[str] = field(default_factory=list)
    sample: list[ParsedValue] = field(default_factory=list)
    tables: int = 0
    # What an update changes, old -> new (the first CHANGES_KEPT; ``updated`` counts them all).
    changes: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        """What the import page shows, as JSON for the import's row (the sample as display text)."""
        return {
            "filename": self.filename, "dry_run": self.dry_run, "rows_read": self.rows_read,
            "values_imported": self.values_imported, "suppressed": self.suppressed, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "national_values": self.national_values,
            "national_skipped": self.national_skipped, "skipped_rows": self.skipped_rows,
            "skipped_codes": sorted(self.skipped_codes), "indicators_created": self.indicators_created, "schools_created": self.schools_created,
            "municipalities": self.municipalities, "tables": self.tables,
            "changes": sorted(self.changes, key=lambda c: (c["municipality_name"], c["measure"], c["school_year_label"],
                                                           c["grade"] or 0)),
            "problems": [{"where": p.where, "reason": p.reason} for p in self.problems[:1000]],
            "problem_count": len(self.problems),
            "sample": [
                {"line": v.line,
                 "municipality_name": f"{v.municipality_name} – {v.school_name}" if v.school_name else v.municipality_name,
                 "spec": {"name": v.spec.name, "subject": v.spec.subject, "gender_group": v.spec.gender_group,
                          "organiser_type": v.spec.organiser_type},
                 "school_year_label": v.school_year_label, "grade": v.grade, "marker": v.marker,
                 "display_value": v.display_value}
                for v in self.sample
            ],
        }

    def lines(self) -> list[str]:
        """The summary as plain Swedish lines (the command prints these)."""
        out = [
            _("Fil: %(name)s%(dry)s") % {"name": self.filename, "dry": _(" (provkörning, inget sparat)") if self.dry_run else ""},
            _("Rader lästa: %(n)s") % {"n": self.rows_read},
            _("Värden importerade: %(n)s (nya %(c)s, ändrade %(u)s, oförändrade %(s)s)")
            % {"n": self.values_imported + self.suppressed, "c": self.created, "u": self.updated, "s": self.unchanged},
            _("Varav prickade (sparade som prickning): %(n)s") % {"n": self.suppressed},
            _("Rader för andra kommuner, hoppade över: %(n)s") % {"n": self.skipped_rows},
            _("Värden för riket: %(n)s") % {"n": self.national_values},
            _("Kommuner: %(names)s") % {"names": ", ".join(self.municipalities) or "–"},
            _("Rader som inte gick att läsa: %(n)s") % {"n": len(self.problems)},
        ]
        out += [f"  {p.where}: {p.reason}" for p in self.problems]
        return out


def _slug(text: str) -> str:
    return slugify(text.replace("%", " procent "))


def measure_key_name(name: str) -> str:
    """A measure's name reduced to what identifies it across tables.

    Skolverket names the same measure slightly differently in different tables ("Andel (%) elever
    som fått godkänt betyg i alla ämnen" in grade 6, "Andel (%) som fått godkänt betyg i alla
    ämnen" over time in grade 9). The word "elever" after "andel (%)" carries nothing.
    """
    text = re.sub(r"\s+", " ", name.lower()).strip()
    return re.sub(r"^andel \(%\) elever ", "andel (%) ", text)


def indicator_key(*, name: str, organiser_type: str, subject: str, gender_group: str) -> str:
    parts = [_slug(measure_key_name(name)), _slug(organiser_type) or "-", _slug(subject) or "-", _slug(gender_group) or "-"]
    key = "|".join(parts)
    if len(key) > 255:
        import hashlib

        key = key[:200] + "#" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return key


def split_gender(name: str) -> tuple[str, str]:
    """'Andel (%) flickor som fått …' -> ('Andel (%) som fått …', 'Flickor'); else (name, '')."""
    for pattern in (_GENDER_IN_NAME, _GENDER_AT_END):
        if match := pattern.search(name):
            return re.sub(r"\s+", " ", name[: match.start()] + name[match.end():]).strip(" ,"), \
                _GENDERS[match.group(1).lower()]
    return name, ""


def guess_unit(name: str) -> str:
    lower = name.lower()
    if "(%)" in lower or lower.startswith("andel"):
        return Unit.PERCENT
    # "GBP" is Skolverket's abbreviation of genomsnittlig betygspoäng (gymnasium tables).
    if "poäng" in lower or "meritvärde" in lower or re.search(r"\bgbp\b", lower):
        return Unit.POINTS
    if "genomsnitt" in lower or " per " in lower:  # "Antal elever per lärare (heltidstjänster)" is a ratio
        return Unit.AVERAGE
    if "heltidstjänst" in lower or "årsarbetare" in lower:
        return Unit.FTE
    return Unit.COUNT


def guess_direction(name: str) -> str:
    lower = name.lower()
    if "ej fått godkänt" in lower or "inte fått godkänt" in lower or "saknar godkänt" in lower:
        return Direction.DOWN
    descriptive = ("antal", "totalt antal", "elever,", "elever ")
    if lower.startswith(descriptive) or any(
        word in lower for word in ("flickor", "pojkar", "utländsk bakgrund", "föräldrar", "deltagit")
    ):
        return Direction.NONE
    return Direction.UP


def _clean_name(text: str, grade_span: tuple[int, int] | None) -> str:
    if grade_span:
        text = text[: grade_span[0]] + text[grade_span[1]:]
    text = re.sub(r"\s+", " ", text).strip(" ,-–")
    text = text.lstrip("- ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Column:
    index: int
    school_year: int | None  # wide tables: the column's school year
    name: str  # the measure this column holds ('' in a wide table: the row names it)
    gender: str
    grade: int | None
    grade_stated: bool


def _columns(table: Table, *, filename: str) -> tuple[dict[str, int], list[_Column]]:
    ids: dict[str, int] = {}
    values: list[_Column] = []
    seen: set[tuple[str, str]] = set()
    for index, header in enumerate(table.header):
        norm = normalise_header(header)
        if norm in _ID_COLUMNS and _ID_COLUMNS[norm] not in ids:
            ids[_ID_COLUMNS[norm]] = index
            continue
        group = table.groups[index] if index < len(table.groups) else ""
        where = table.where(table.header_line)
        if not header:
            raise ImportRejected(
                _("Rubrikraden har en kolumn utan namn (%(where)s, kolumn %(col)s). Har rubrikraden ändrats?")
                % {"where": where, "col": index + 1}
            )
        if (group, header) in seen:
            raise ImportRejected(
                _("Kolumnen ”%(name)s” finns två gånger i rubrikraden (%(where)s). Har rubrikraden ändrats?")
                % {"name": header, "where": where}
            )
        seen.add((group, header))
        year = spring_year(header)
        if year is not None:
            values.append(_Column(index, year, "", "", None, False))
            continue
        gender = ""
        if group and norm in _GENDERS:
            name, gender = group, _GENDERS[norm]
        elif group and normalise_header(group) in _GENDER_GROUPS:
            name, gender = header, _GENDER_GROUPS[normalise_header(group)]
        elif group:
            name = f"{group}, {header}"
        else:
            name = header
        if not gender:
            name, gender = split_gender(name)
        found = find_grade(name)
        values.append(
            _Column(
                index, None, _clean_name(name, found.span if found and found.grade is not None else None), gender,
                found.grade if found else None, found is not None,
            )
        )
    if "code" not in ids or "municipality" not in ids:
        raise ImportRejected(_("Rubrikraden saknar kolumnerna Kommun och Kommun-kod."))
    if not values:
        raise ImportRejected(_("Tabellen har inga kolumner med värden."))
    wide = [c for c in values if c.school_year is not None]
    others = [c for c in values if c.school_year is None]
    if wide and len(others) == 1 and "label" not in ids and "subject" not in ids:
        # "Jämförelse av ämnesbetyg över tid": one row per subject (or program, or gender) under a
        # column named after the measure, whatever it is called; the years are the other columns.
        ids["category"] = others[0].index
        values = wide
    elif wide and others:
        names = ", ".join(f"”{table.header[c.index]}”" for c in others)
        raise ImportRejected(
            _("Tabellen har en kolumn per läsår och dessutom flera andra kolumner (%(names)s), så det går inte att "
              "avgöra vad varje rad gäller.") % {"names": names}
        )
    if wide and "label" not in ids and "category" not in ids:
        raise ImportRejected(_("Tabellen har en kolumn per läsår men ingen kolumn som säger vad värdena är."))
    if not wide and table.school_year is None:
        raise ImportRejected(_("Filen anger inte läsåret (raden ”Valt läsår: 2023/24” saknas)."))
    return ids, values


def parse_file(
    data: bytes, *, filename: str, grade: int | None = None, deadline: float | None = None
) -> tuple[list[Table], list[ParsedValue], list[RowProblem], int]:
    """Read and interpret a file: (tables, values, unreadable rows, rows read). No database."""
    tables = read_tables(data, filename=filename, deadline=deadline)
    name_grade = find_grade(filename)
    parsed: list[ParsedValue] = []
    problems: list[RowProblem] = []
    rows_read = 0
    for table in tables:
        ids, columns = _columns(table, filename=filename)
        title_grade = find_grade(table.title)
        _title_rest, title_gender = split_gender(table.title)
        gradeless = bool(_GRADELESS_TITLE.search(table.title)) and title_grade is None
        category_name = table.header[ids["category"]] if "category" in ids else ""
        width = len(table.header)
        for line, cells in table.rows:
            rows_read += 1
            where = table.where(line)
            if len(cells) > width:
                problems.append(RowProblem(where, _("raden har %(n)s kolumner men rubrikraden %(w)s")
                                           % {"n": len(cells), "w": width}))
                continue
            cells = cells + [None] * (width - len(cells))

            def cell(key: str, cells=cells, ids=ids) -> str:
                index = ids.get(key)
                return re.sub(r"\s+", " ", str(cells[index])).strip() if index is not None and cells[index] is not None else ""

            municipality_name = cell("municipality")
            raw_code = cells[ids["code"]]
            code = str(raw_code).strip() if raw_code is not None else ""
            if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
                code = str(int(raw_code)).zfill(4)  # a workbook may store the code as a number
            national = municipality_name.lower() in _NATIONAL_NAMES
            if not national and not re.fullmatch(r"\d{4}", code):
                problems.append(RowProblem(where, _("kommun-koden ”%(code)s” är inte fyra siffror") % {"code": code}))
                continue
            school_code, school_name = "", ""
            if "school_code" in ids:
                raw_school = cells[ids["school_code"]]
                school_code = str(raw_school).strip() if raw_school is not None else ""
                if isinstance(raw_school, int | float) and not isinstance(raw_school, bool):
                    school_code = str(int(raw_school)).zfill(8)
                school_name = cell("school_name")[:200]
                # A row without a school code is the municipality's own total (if the table has one).
                if school_code and not re.fullmatch(r"\d{8}", school_code):
                    problems.append(RowProblem(where, _("skolenhetskoden ”%(code)s” är inte åtta siffror")
                                               % {"code": school_code}))
                    continue
            # "Huvudman" alone (no "Typ av huvudman") is the type only when it says one.
            named = cell("organiser_name")
            organiser = (cell("organiser") or (named if named in ORGANISER_TYPES else "")
                         or table.organiser_type)[:40]
            subject = cell("subject")
            label = cell("label")
            category_gender = ""
            if category_name:
                # The row's category: a gender is the gender dimension, anything else the subject.
                category = cell("category")
                if not category:
                    problems.append(RowProblem(where, _("raden saknar text i kolumnen ”%(col)s”")
                                               % {"col": category_name}))
                    continue
                category_gender = _GENDERS.get(category.lower(), "")
                subject = "" if category_gender else category
                label = category_name
            label_grade = find_grade(label) if label else None
            row_gender = _GENDERS.get(cell("gender").lower(), "")
            for column in columns:
                try:
                    value, marker = parse_cell(cells[column.index])
                except BadValue as exc:
                    raise ImportRejected(
                        _("%(where)s, kolumn ”%(col)s”: ”%(value)s” är varken ett tal eller en prickning "
                          "(., .., ~100). Filen har inte importerats.")
                        % {"where": where, "col": table.header[column.index], "value": exc}
                    ) from exc
                if value is None and not marker:
                    continue
                if column.school_year is not None:
                    name = _clean_name(label, label_grade.span if label_grade and label_grade.grade is not None else None)
                    name, name_gender = split_gender(name)
                    year = column.school_year
                else:
                    name = f"{_clean_name(label, None)} – {column.name}" if label else column.name
                    name_gender = ""
                    year = table.school_year
                if not name:
                    problems.append(RowProblem(where, _("raden saknar text i kolumnen Uppgift")))
                    break
                found = next(
                    (g for g in (
                        (column.grade, column.grade_stated),
                        (label_grade.grade, True) if label_grade else (None, False),
                        (title_grade.grade, True) if title_grade else (None, False),
                        (name_grade.grade, True) if name_grade else (None, False),
                    ) if g[1]),
                    None,
                )
                if found is None and gradeless:
                    value_grade = None
                elif found is None:
                    if grade is None:
                        raise ImportRejected(
                            _("Tabellen anger inte vilken årskurs värdena gäller, och inte filnamnet heller "
                              "(t.ex. ”Åk9”). Ange årskurs."),
                            needs_grade=True,
                        )
                    value_grade = grade
                else:
                    value_grade = found[0]
                if value is not None and guess_unit(name) == Unit.PERCENT and not (0 <= value <= 100):
                    problems.append(RowProblem(where, _("andelen %(v)s i kolumnen ”%(col)s” ligger utanför 0–100")
                                               % {"v": cells[column.index], "col": table.header[column.index]}))
                    continue
                gender = column.gender or row_gender or category_gender or name_gender or title_gender
                spec = IndicatorSpec(
                    key=indicator_key(name=name, organiser_type=organiser, subject=subject, gender_group=gender),
                    name=name[:300],
                    unit=guess_unit(name),
                    direction=guess_direction(name),
                    organiser_type=organiser,
                    subject=subject[:100],
                    gender_group=gender,
                    source_table=table.title[:300],
                )
                parsed.append(ParsedValue(
                    line=where, code="" if national else code, municipality_name=municipality_name, spec=spec,
                    school_year=year, grade=value_grade, value=value, marker=marker,
                    school_code="" if national else school_code, school_name=school_name or school_code,
                ))
    if rows_read == 0:
        raise ImportRejected(_("Tabellen i filen har inga rader."))
    if len(problems) > rows_read / 2:
        raise ImportRejected(
            _("Mer än hälften av raderna (%(n)s av %(total)s) går inte att läsa, t.ex. %(where)s: %(reason)s. "
              "Har rubrikraden ändrats?")
            % {"n": len(problems), "total": rows_read, "where": problems[0].where, "reason": problems[0].reason}
        )
    return tables, parsed, problems, rows_read


class _Rollback(Exception):
    pass


def run_import(
    data: bytes,
    *,
    filename: str,
    dry_run: bool = False,
    grade: int | None = None,
    municipality_ids: Iterable[int] | None = None,
    save_national: bool = True,
    user=None,
    owner: Municipality | Network | None = None,
    deadline: float | None = None,
) -> ImportResult:
    """Import one export file. Raises :class:`ImportRejected` when the file cannot be read.

    ``municipality_ids`` limits which municipalities may receive values (a coordinator's upload:
    only their own); rows of other municipalities are counted as skipped. ``None`` means every
    municipality in the database (the command, the demo). ``save_national=False`` keeps a
    tenant's upload from changing the national series every tenant compares with.

    ``owner`` is the tenant whose upload this is: an indicator the file needs and that is not
    common yet is created as that tenant's own (nobody else sees it until platform staff make it
    common). ``None`` (the command, the demo, platform staff) creates common indicators.
    """
    tables, parsed, problems, rows_read = parse_file(data, filename=filename, grade=grade, deadline=deadline)
    result = ImportResult(filename=filename, dry_run=dry_run, rows_read=rows_read, problems=problems,
                          tables=len(tables))
    statistics_save(parsed, result=result, allowed=None if municipality_ids is None else set(municipality_ids),
                    save_national=save_national, user=user, filename=filename, owner=owner, dry_run=dry_run)
    return result


def _indicators_for(specs: dict[str, IndicatorSpec], *, owner: Municipality | Network | None,
                    result: ImportResult) -> dict[str, Indicator]:
    """The indicator for each spec: the common one if there is one, else the owner's own; the
    missing ones are created for the owner (common when there is none)."""
    owner_fields = {}
    if isinstance(owner, Municipality):
        owner_fields = {"owner_municipality": owner}
    elif isinstance(owner, Network):
        owner_fields = {"owner_network": owner}
    found = Indicator.objects.filter(key__in=specs)
    found = found.filter(Q(owner_municipality__isnull=True, owner_network__isnull=True) | Q(**owner_fields)) \
        if owner_fields else found.common()
    indicators: dict[str, Indicator] = {}
    for indicator in found:
        if indicator.key not in indicators or indicator.is_common:
            indicators[indicator.key] = indicator
    missing = [
        Indicator(key=s.key, name=s.name, unit=s.unit, direction=s.direction, organiser_type=s.organiser_type,
                  subject=s.subject, gender_group=s.gender_group, source_table=s.source_table, **owner_fields)
        for key, s in specs.items() if key not in indicators
    ]
    if missing:
        for indicator in Indicator.objects.bulk_create(missing):
            indicators[indicator.key] = indicator
        result.indicators_created = len(missing)
        if any(i.pk is None for i in indicators.values()):  # a backend that returns no ids
            return _indicators_for(specs, owner=owner, result=result)
    return indicators


def _schools_for(kept: list[ParsedValue], *, ours: dict[str, Municipality],
                 result: ImportResult) -> dict[tuple[int, str], School]:
    """The schools of a school-unit table, matched by skolenhetskod within their municipality. A
    school the municipality does not have yet is created with the file's name (or, when a school
    of that name has no code yet, given the code); ``(municipality id, code) -> School``."""
    wanted = {(ours[p.code].pk, p.school_code): p.school_name for p in kept if p.school_code}
    if not wanted:
        return {}
    found: dict[tuple[int, str], School] = {}
    by_name: dict[tuple[int, str], School] = {}
    for school in School.objects.filter(municipality__in={m for m, _c in wanted}):
        if school.unit_code:
            found[(school.municipality_id, school.unit_code)] = school
        by_name[(school.municipality_id, school.name.lower())] = school
    for (municipality_id, code), name in sorted(wanted.items()):
        if (municipality_id, code) in found:
            continue
        same_name = by_name.get((municipality_id, name.lower()))
        if same_name is not None and not same_name.unit_code:
            same_name.unit_code = code
            same_name.save(update_fields=["unit_code"])
            school = same_name
        else:
            if same_name is not None:  # another unit with the same name: the code tells them apart
                name = f"{name} ({code})"[:200]
            school = School.objects.create(municipality_id=municipality_id, name=name, unit_code=code)
            result.schools_created += 1
        found[(municipality_id, code)] = by_name[(municipality_id, school.name.lower())] = school
    return found


def _change(p: ParsedValue, *, old: str) -> dict:
    """One value the import changes, as the preview shows it: where, which measure, old -> new."""
    spec = p.spec
    measure = ", ".join(part for part in (
        spec.name, spec.subject, spec.gender_group.lower() if spec.gender_group not in ("", "Totalt") else "",
    ) if part)
    if spec.organiser_type:
        measure += f" ({spec.organiser_type.lower()})"
    return {
        "municipality_name": f"{p.municipality_name} – {p.school_name}" if p.school_name else p.municipality_name,
        "measure": measure, "school_year_label": p.school_year_label, "grade": p.grade,
        "old": old, "new": p.display_value,
    }


def _save(parsed: list[ParsedValue], *, result: ImportResult, allowed: set[int] | None, save_national: bool,
          user, filename: str, owner: Municipality | Network | None) -> None:
    codes = {p.code for p in parsed if p.code}
    by_code = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    ours = {code: m for code, m in by_code.items() if allowed is None or m.pk in allowed}

    kept: list[ParsedValue] = []
    national: list[ParsedValue] = []
    skipped_lines: set[str] = set()
    for p in parsed:
        if not p.code:
            if save_national:
                national.append(p)
            else:
                result.national_skipped += 1
        elif p.code in ours:
            kept.append(p)
        else:
            skipped_lines.add(p.line)
            result.skipped_codes.add(p.code)
    result.skipped_rows = len(skipped_lines)
    result.municipalities = sorted({ours[p.code].name for p in kept})
    result.sample = kept[:SAMPLE_SIZE]

    specs = {p.spec.key: p.spec for p in kept + national}
    indicators = _indicators_for(specs, owner=owner, result=result)

    schools = _schools_for(kept, ours=ours, result=result)

    # Measurements: one query for what exists, then create or update only what differs, so a
    # re-import of the same file writes nothing (and adds no history). What exists is read as
    # plain tuples: a whole-country table re-imported into a year of data finds some 65 000 rows,
    # and as many model instances were most of the import's peak memory. Only the rows that change
    # are loaded as instances (their history records need every field).
    existing = {
        (indicator_id, municipality_id, school_id, school_year, grade): (pk, value, marker, table)
        for pk, indicator_id, municipality_id, school_id, school_year, grade, value, marker, table in (
            Measurement.objects.filter(
                municipality__in=[m.pk for m in ours.values()], indicator__in=[i.pk for i in indicators.values()],
            ).order_by().values_list(
                "pk", "indicator_id", "municipality_id", "school_id", "school_year", "grade", "value",
                "suppressed_marker", "source_table",
            ).iterator(chunk_size=5000)
        )
    }
    now = timezone.now()
    # What to create is kept as the parsed values and built into rows (and their history) a chunk
    # at a time: a whole-country table is some 65 000 values, and 65 000 model instances and as
    # many history instances at once were most of an import's peak memory.
    to_create: dict[tuple, tuple[ParsedValue, Indicator, Municipality, School | None]] = {}
    changed: dict[int, ParsedValue] = {}
    relabelled: list[Measurement] = []
    for p in kept:
        if p.marker:
            result.suppressed += 1
        else:
            result.values_imported += 1
        indicator = indicators[p.spec.key]
        municipality = ours[p.code]
        school = schools.get((municipality.pk, p.school_code)) if p.school_code else None
        k = (indicator.pk, municipality.pk, school.pk if school else None, p.school_year, p.grade)
        if k in to_create:  # the same value twice in one file: the first one wins
            first = to_create[k][0]
            if first.value == p.value and first.marker == p.marker:
                result.unchanged += 1
            continue
        current = existing.get(k)
        if current is None:
            to_create[k] = (p, indicator, municipality, school)
            continue
        pk, value, marker, table = current
        if pk in changed:  # the same value twice in one file: the first one wins
            first = changed[pk]
            if first.value == p.value and first.marker == p.marker:
                result.unchanged += 1
            continue
        if value != p.value or marker != p.marker:
            if len(result.changes) < CHANGES_KEPT:
                result.changes.append(_change(p, old=marker or format_value(value)))
            changed[pk] = p
        else:
            result.unchanged += 1
            if table != p.spec.source_table:
                # The same value, now known to come from this table: only where it is listed changes.
                relabelled.append(Measurement(pk=pk, municipality_id=municipality.pk, source_table=p.spec.source_table))
    del existing
    to_update: list[Measurement] = []
    changed_pks = list(changed)
    for start in range(0, len(changed_pks), CREATE_CHUNK):
        for current in Measurement.objects.filter(pk__in=changed_pks[start:start + CREATE_CHUNK]):
            p = changed[current.pk]
            current.value, current.suppressed_marker = p.value, p.marker
            current.source, current.source_file, current.updated_by = Source.IMPORT, filename[:255], user
            current.source_table = p.spec.source_table
            current.updated = now
            to_update.append(current)
    pending = list(to_create.values())
    for start in range(0, len(pending), CREATE_CHUNK):
        rows = [
            Measurement(
                indicator=indicator, municipality=municipality, school=school, school_year=p.school_year,
                grade=p.grade, value=p.value, suppressed_marker=p.marker, source=Source.IMPORT,
                source_file=filename[:255], source_table=p.spec.source_table, updated_by=user,
            )
            for p, indicator, municipality, school in pending[start:start + CREATE_CHUNK]
        ]
        bulk_create_with_history(rows, Measurement, batch_size=500, default_user=user)
        del rows
    if to_update:
        bulk_update_with_history(
            to_update, Measurement,
            ["value", "suppressed_marker", "source", "source_file", "source_table", "updated_by", "updated"],
            batch_size=500, default_user=user,
        )
    if relabelled:
        Measurement.objects.bulk_update(relabelled, ["source_table"], batch_size=500)
    result.created, result.updated = len(to_create), len(to_update)

    if national:
        existing_national = {
            (n.indicator_id, n.school_year, n.grade): n
            for n in NationalValue.objects.filter(indicator__in=[indicators[p.spec.key].pk for p in national])
        }
        new_national: dict[tuple, NationalValue] = {}
        changed_national: list[NationalValue] = []
        for p in national:
            indicator = indicators[p.spec.key]
            k = (indicator.pk, p.school_year, p.grade)
            current = existing_national.get(k)
            if current is None:
                new_national.setdefault(k, NationalValue(
                    indicator=indicator, school_year=p.school_year, grade=p.grade, value=p.value,
                    suppressed_marker=p.marker, source_file=filename[:255],
                ))
            elif current.value != p.value or current.suppressed_marker != p.marker:
                current.value, current.suppressed_marker, current.source_file = p.value, p.marker, filename[:255]
                changed_national.append(current)
        NationalValue.objects.bulk_create(new_national.values())
        NationalValue.objects.bulk_update(changed_national, ["value", "suppressed_marker", "source_file"])
        result.national_values = len(national)
