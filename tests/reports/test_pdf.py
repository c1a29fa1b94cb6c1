"""The PDF read back: text, metadata, PDF/UA-1, tags, fonts, escaping, the local-only fetcher."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from reports import services
from reports.models import Report, ReportKind, ReportStatus
from reports.pdf import LocalOnlyFetcher, html_to_pdf

pytestmark = pytest.mark.django_db


def _request_and_render(world, **kwargs) -> Report:
    report, created = services.report_request(
        kind=kwargs.pop("kind", ReportKind.MUNICIPALITY),
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30),
        requested_by=world.user("namnd"),
        **({"municipality": world.a} | kwargs if "network" not in kwargs else kwargs),
    )
    assert created
    return report


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _rendered(world, capture_on_commit) -> PdfReader:
    """The municipality report requested, rendered (eager: the task runs on commit) and read back."""
    with capture_on_commit(execute=True):
        report = _request_and_render(world)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as fh:
        return PdfReader(io.BytesIO(fh.read()))


@pytest.fixture
def pdf(world, django_capture_on_commit_callbacks):
    return _rendered(world, django_capture_on_commit_callbacks)


def test_text_is_extractable_with_the_municipality_and_swedish_headings(pdf):
    text = _text(pdf)
    assert "Alby kommun" in text
    for heading in ("Sammanfattning", "De tre framgångsfaktorerna", "Operativa mål", "Kartläggning", "Åtaganden",
                    "Återkoppling från nätverket", "Nästa nätverksträff", "Innehåll"):
        assert heading in text, heading
    assert "Huvudmannens ansvar" in text and "Uthållighet" in text


def test_pdf_has_title_language_and_declares_pdf_ua_1(pdf):
    assert pdf.metadata.title.startswith("Lägesrapport – Alby kommun")
    root = pdf.trailer["/Root"]
    assert str(root["/Lang"]).lower().startswith("sv")
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert "Alby kommun" in xmp  # dc:title


def test_pdf_is_tagged(pdf):
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_fonts_are_embedded(pdf):
    fonts = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("DejaVu" in f for f in fonts), fonts


def test_period_without_data_says_so(pdf):
    text = _text(pdf)
    assert "Kommunen har inga operativa mål ännu." in text
    assert "Ingen kartläggning är avslutad ännu." in text


def test_html_and_a_long_name_are_escaped_and_wrap(world, django_capture_on_commit_callbacks):
    world.a.name = "<script>alert(1)</script>" + "Å" * 470
    world.a.save()
    reader = _rendered(world, django_capture_on_commit_callbacks)
    text = _text(reader).replace("\n", "")
    assert "<script>alert(1)</script>" in text  # shown as text, not run as markup
    assert "Å" * 40 in text
    # Wrapped, not cut off: every one of the 470 letters is on some page.
    assert text.count("Å") >= 470


def test_fetcher_refuses_external_and_foreign_files():
    fetcher = LocalOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")
    assert fetcher("data:text/plain,hej").read() == b"hej"


def test_external_image_is_not_fetched_while_rendering(monkeypatch):
    calls = []
    original = LocalOnlyFetcher.fetch

    def spy(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LocalOnlyFetcher, "fetch", spy)
    pdf = html_to_pdf(html='<html lang="sv"><title>t</title><body><img src="http://127.0.0.1:9/x.png" alt="x">'
                           '<p>Hej</p></body></html>')
    assert pdf.startswith(b"%PDF")
    assert "http://127.0.0.1:9/x.png" in calls  # asked, and refused (no socket was opened)


def test_the_worker_warm_up_renders_once_and_never_stops_a_worker(monkeypatch, caplog):
    from reports import pdf, warmup

    monkeypatch.setattr(warmup, "_warm", False)
    calls = []

    def broken(*, html, stylesheet=None):
        calls.append(stylesheet)
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    warmup.warm_pdf_engine()  # does not raise
    warmup.warm_pdf_engine()  # and does not try again
    assert len(calls) == 1 and "Warming the PDF engine failed" in caplog.text
    assert calls == [pdf.REPORT_STYLESHEET]  # it parses the reports' stylesheet, for the first report


def test_the_warm_up_freezes_what_the_worker_has_loaded(monkeypatch):
    """After the warm-up, the process's long-lived objects are out of the collector's sight, so the
    full collections a report sets off walk the report's objects only (issue 13)."""
    import gc

    from reports import pdf, warmup

    monkeypatch.setattr(warmup, "_warm", False)
    monkeypatch.setattr(pdf, "html_to_pdf", lambda *, html, stylesheet=None: b"%PDF")
    try:
        warmup.warm_pdf_engine()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the test process goes on collecting as before


def _figures(node, found: list) -> list:
    node = node.get_object()
    if node.get("/S") == "/Figure":
        found.append(node)
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    for kid in kids:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            _figures(kid, found)
    return found


def test_the_cycle_figure_reads_back_as_words_and_keeps_its_alternative(world, django_capture_on_commit_callbacks):
    """The figure's labels are HTML text over a drawing without text (issue 13): the PDF's text
    has them as words, and the drawing is still a tagged figure with the figure's title."""
    from networks.models import Round

    Round.objects.create(network=world.network, number=1, home_phase_starts=datetime.date(2025, 9, 1))
    reader = _rendered(world, django_capture_on_commit_callbacks)
    pages = [[line.strip() for line in p.extract_text().splitlines()] for p in reader.pages]
    lines = next(lines for lines in pages if "Cykeln: var kommunen står nu" in lines)  # the chapter, not the contents
    words = f" {' '.join(lines)} "
    for label in ("Säkerställa delaktighet", "Upprepas", "Styrning", "och ledning", "Förvaltning", "Hemma 1",
                  "Träff 1", "Uthållighet", "Här är ni"):
        assert f" {label} " in words, label
    alternatives = [str(f.get("/Alt", "")) for f in _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])]
    assert any(a.startswith("Cykeln enligt SKR:s modell – Alby kommun") for a in alternatives), alternatives


def test_the_report_stylesheet_is_parsed_once_per_process_and_styles_every_report(pdf):
    """The stylesheet is no longer linked from the HTML: html_to_pdf applies it, parsed once (issue 13)."""
    from reports import pdf as report_pdf

    fonts = {str(font.get_object()["/BaseFont"]) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu-Sans" in f for f in fonts), fonts  # report.css's font, not a serif default
    html = '<!DOCTYPE html><html lang="sv"><head><title>T</title></head><body><h1>Rubrik</h1></body></html>'
    sheet = report_pdf.REPORT_STYLESHEET
    report_pdf.html_to_pdf(html=html, stylesheet=sheet)
    before = report_pdf._stylesheet.cache_info()
    report_pdf.html_to_pdf(html=html, stylesheet=sheet)
    after = report_pdf._stylesheet.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 1
    # A changed file (a deploy, a developer's edit) is parsed again.
    css, _fonts = report_pdf._stylesheet(sheet, sheet.stat().st_mtime_ns)
    assert report_pdf._stylesheet(sheet, 1)[0] is not css


def test_the_contents_give_each_section_the_page_it_starts_on(pdf):
    # The page numbers stand right-aligned after each title (no dotted leader: see report.css).
    contents = pdf.pages[1].extract_text()
    assert "Innehåll" in contents
    entries = [(title, number) for title, number in re.findall(r"^(\S.*?)\s+(\d+)$", contents, flags=re.MULTILINE)
               if "· Sida" not in title]  # the page's footer line
    titles = [title for title, _ in entries]
    assert titles[:3] == ["Sammanfattning", "De tre framgångsfaktorerna", "Cykeln: var kommunen står nu"], contents
    assert "Åtaganden" in titles and "Modellen 2.0: de åtta dimensionerna" in titles
    for title, number in entries:
        page = pdf.pages[int(number) - 1].extract_text()
        assert title in page, (title, number)
