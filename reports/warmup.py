"""Warm the PDF engine when a worker process starts, not on the first person's report.

The first PDF a process renders also loads WeasyPrint's stylesheets, scans the fonts and reads
the report's own stylesheet and fonts: about a second on a small machine, which the first
report after every worker start would otherwise carry (issue 8 times reports end to end).
"""

from __future__ import annotations

import gc
import logging
import time

logger = logging.getLogger(__name__)

_WARM_HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Uppvärmning</title>
</head>
<body><p class="running-title">Skolnätverk</p>
<nav class="toc"><ol><li><a href="#a">Mål</a></li></ol></nav>
<h1 id="a">Skolnätverk</h1><p>Åäö – <strong>fet</strong> <em>kursiv</em></p>
<table><caption>Mått</caption><thead><tr><th scope="col">Mått</th><th scope="col">Värde</th></tr></thead>
<tbody><tr><th scope="row">Godkänt</th><td>70,3 %</td></tr></tbody></table>
<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" role="img"><title>Diagram</title>
<path d="M5 35 L50 10 L95 20" fill="none" stroke="#1f4e8c" stroke-width="2"/>
<text x="5" y="10" font-family="DejaVu Sans" font-size="6">2023/24</text></svg></figure></body></html>"""

_warm = False


def warm_pdf_engine(**_signal_kwargs) -> None:
    """Render one small page with the report's stylesheet and fonts (once per process)."""
    global _warm
    if _warm:
        return
    _warm = True
    from .pdf import REPORT_STYLESHEET, html_to_pdf

    started = time.perf_counter()
    try:
        html_to_pdf(html=_WARM_HTML, stylesheet=REPORT_STYLESHEET)
    except Exception:  # a warm-up must never keep the worker from starting
        logger.exception("Warming the PDF engine failed; the first report will be slower.")
        return
    logger.info("PDF engine warm in %.2f s.", time.perf_counter() - started)
    # Everything loaded by now (Django, every app, WeasyPrint, its fonts and stylesheets) lives as
    # long as the process. Frozen, it is left out of the full collection that a report's many
    # allocations set off: on the national-scale progress report it walked, besides the report's
    # own objects, the 220 000 the process holds at rest; frozen, 70 000 are left and it takes
    # about 40 % less time (issue 13).
    gc.collect()
    gc.freeze()
