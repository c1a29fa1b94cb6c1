"""A hostile or huge statistics file is refused before it can hold a worker or its memory.

Speed belongs to benchmarks; here the refusal itself is the behaviour. Time and memory are
asserted only loosely (orders of magnitude), so that the test says "refused before reading",
not "fast on this machine".
"""

import io
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings

from indicators.importer import ImportRejected
from indicators.importer.engine import parse_file
from indicators.importer.parse import MAX_COLUMNS, read_tables

DATA = Path(settings.BASE_DIR) / "data" / "skolverket"
G6 = "Grundskola - Betyg årskurs 6, andel som fått godkänt betyg (A-E), samtliga elever 2023 Kommun.csv"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from already deflated parts: (name, deflated bytes, crc32, uncompressed size)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0))
        out.write(raw + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                  len(raw), 0, 0, 0, 0, 0, offset))
        central.write(raw)
    cd = central.getvalue()
    n = len(entries)
    return out.getvalue() + cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), out.tell(), 0)


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def xlsx_bomb(unpacked_gb: float = 1.8) -> bytes:
    """A workbook whose sheet unpacks to ``unpacked_gb`` GB of blanks inside <sheetData>.

    Deflate blocks that end with a full flush do not refer back, so one compressed megabyte
    repeated is a valid stream of many megabytes: the bomb is built in well under a second.
    """
    head = f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"
    chunk = b" " * (1 << 20)
    count = int(unpacked_gb * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(chunk) + len(tail)
    sheet = (first + block * count + last, crc, size)
    return _zip([("[Content_Types].xml", *_deflated(b"<Types/>")), ("xl/worksheets/sheet1.xml", *sheet)])


def test_xlsx_bomb_is_refused_from_the_zip_directory_without_unpacking():
    bomb = xlsx_bomb(1.8)
    assert len(bomb) < 5 * 1024 * 1024, "a small upload, well under the 10 MB limit"
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 1.8 * 1000**3

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ImportRejected, match="packas upp till mer än"):
            read_tables(bomb, filename="betyg.xlsx")
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Loose bounds: reading the directory costs milliseconds and kilobytes; unpacking would cost
    # minutes and gigabytes.
    assert elapsed < 5
    assert peak < 50 * 1024 * 1024


def test_a_part_that_lies_about_its_size_is_refused_as_damaged():
    """The directory says 1 kB; the data is 50 MB of blanks. zipfile stops at the stated size and
    the checksum fails: refused, never grown."""
    head = f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
    real = head + b" " * (50 * 1024 * 1024) + b"</sheetData></worksheet>"
    data, crc, _size = _deflated(real)
    workbook = io.BytesIO()
    openpyxl.Workbook().save(workbook)
    parts = []
    with zipfile.ZipFile(workbook) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            parts.append((info.filename, data, crc, 1024) if info.filename == "xl/worksheets/sheet1.xml"
                         else (info.filename, *_deflated(content)))
    with pytest.raises(ImportRejected, match="skadad"):
        read_tables(_zip(parts), filename="betyg.xlsx")


def _workbook_with_sheet_xml(sheet_xml: bytes) -> bytes:
    source = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["x"])
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info))
    return out.getvalue()


def test_xml_entities_are_refused_never_expanded():
    """defusedxml: a sheet that declares an entity is refused (the standard parser would expand
    it, which is how a billion-laughs file grows a few kB into gigabytes)."""
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY kod "0114">]>'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Kommun</t></is></c><c r="B1" t="inlineStr"><is><t>Kommun-kod</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Andel (%) årskurs 9</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Upplands Väsby</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>&kod;</t></is></c><c r="C2"><v>50</v></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    with pytest.raises(ImportRejected, match="skadad"):
        read_tables(_workbook_with_sheet_xml(sheet), filename="betyg.xlsx")


def test_a_sheet_declaring_a_million_rows_is_not_padded_out():
    """A few bytes that declare A1:XFD1048576 and put one value in the last cell: openpyxl
    would make a million rows of 16 384 cells; the reader stops after the first rows."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    ).encode()
    started = time.monotonic()
    with pytest.raises(ImportRejected, match="inget blad med statistik"):
        read_tables(_workbook_with_sheet_xml(sheet), filename="betyg.xlsx")
    assert time.monotonic() - started < 10


def test_too_many_columns_are_refused():
    header = "Kommun;Kommun-kod;" + ";".join(f"Andel (%) mått {i} årskurs 9" for i in range(MAX_COLUMNS + 1))
    text = "Valt läsår: 2023/24\n\n" + header + "\nAle;1440;" + ";".join("1" for _ in range(MAX_COLUMNS + 1)) + "\n"
    with pytest.raises(ImportRejected, match=f"fler än {MAX_COLUMNS} kolumner"):
        read_tables(text.encode(), filename="bred.csv")


def test_reading_gives_up_at_its_deadline():
    data = (DATA / G6).read_bytes()
    with pytest.raises(ImportRejected, match="för lång tid"):
        parse_file(data, filename=G6, deadline=time.monotonic() - 1)
    assert parse_file(data, filename=G6, deadline=time.monotonic() + 60)[3] == 763, "in time, it reads"
