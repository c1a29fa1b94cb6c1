"""HTML to a tagged, accessible PDF (PDF/UA-1) with WeasyPrint, fetching local assets only."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

# The report's stylesheet and fonts ship with the project (a fresh machine may have no fonts).
ASSETS_DIR = (Path(settings.BASE_DIR) / "static").resolve()
REPORT_STYLESHEET = ASSETS_DIR / "css" / "report.css"


class LocalOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URIs and files under the static folder; refuses everything else.

    A report is built from user text: an ``<img src="http://…">`` that slipped through must never
    make the worker call out (SSRF) or read files elsewhere on the machine.
    """

    def __init__(self, *, root: Path = ASSETS_DIR):
        super().__init__(timeout=5, allowed_protocols=("data", "file"), allow_redirects=False)
        self._root = root

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith("file:"):
            raise ValueError(f"Refusing to fetch a non-local resource: {url[:200]}")
        from urllib.request import url2pathname

        path = Path(url2pathname(url.split("?")[0].removeprefix("file://").removeprefix("file:"))).resolve()
        if not path.is_relative_to(self._root) or not path.is_file():
            raise ValueError(f"Refusing to fetch a file outside the report assets: {url[:200]}")
        return super().fetch(path.as_uri(), headers)


@functools.lru_cache(maxsize=4)
def _stylesheet(path: Path, modified: int) -> tuple[CSS, FontConfiguration]:
    """A stylesheet under static/, parsed once per process (and again when the file changes).

    Parsing the report's stylesheet and registering its fonts took 30–45 ms of every render
    (measured for issue 13); WeasyPrint keeps its own default stylesheet parsed the same way.
    Its ``@font-face`` rules live in the font configuration it was parsed with, so the two go
    together into each render.
    """
    font_config = FontConfiguration()
    css = CSS(filename=str(path), font_config=font_config, url_fetcher=LocalOnlyFetcher())
    return css, font_config


def html_to_pdf(*, html: str, stylesheet: Path | None = None) -> bytes:
    """The PDF declares PDF/UA-1 (which also tags it); title and language come from the HTML.

    ``stylesheet``: a file under static/ that the HTML does not link (``REPORT_STYLESHEET`` for
    the reports), applied from the process's parsed copy. Without it the HTML links its own."""
    options = {}
    if stylesheet is not None:
        css, font_config = _stylesheet(stylesheet, stylesheet.stat().st_mtime_ns)
        options = {"stylesheets": [css], "font_config": font_config}
    document = HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=LocalOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, **options)
