"""The quality work's PDFs as HTML for WeasyPrint (reports.pdf makes them tagged PDF/UA-1).

Each document renders what the pages show, from the same selectors; it never counts again.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from core.dates import date_text

from . import selectors
from .models import DocumentKind, QualityDocument


def document_html(*, document: QualityDocument) -> str:
    municipality = document.municipality
    context = {"municipality": municipality, "generated": date_text(timezone.now(), "tid")}
    if document.kind == DocumentKind.POSTER:
        ps = document.principle_set
        principles = selectors.principles_with_sources(principle_set=ps)
        # One or two rows of cards fill the A3 sheet rather than its top half (quality-pdf.css);
        # more rows take the height their text needs (and go on to another sheet if they must).
        rows = (len(principles) + 1) // 2
        context.update(ps=ps, principles=principles, large=len(principles) <= 4, rows=rows)
        return render_to_string("quality/pdf/poster.html", context)
    if document.kind == DocumentKind.DIALOGUE:
        dialogue = document.dialogue
        context.update(dialogue=dialogue, commitments=selectors.dialogue_commitments(dialogue=dialogue))
        return render_to_string("quality/pdf/dialogue.html", context)
    if document.kind == DocumentKind.YEAR_CLOCK:
        from .clock import draw_year_clock

        routine_list = selectors.routines(municipality=municipality, school_id=document.school_id)
        months = selectors.year_clock(routine_list=routine_list)
        context.update(months=months, school=document.school,
                       svg=draw_year_clock(months=months, id_prefix="pdf"))
        return render_to_string("quality/pdf/clock.html", context)
    raise ValueError(f"Unknown document kind {document.kind}")
