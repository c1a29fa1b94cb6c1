"""The årsklocka: the school year as a circle, August at the top, going clockwise to June.

An SVG that a screen reader announces as one image with a title and a description; the page and
the PDF put the same routines in a table beside it (the accessible alternative). Month sectors
hold one dot per routine, numbered as in the table (its title as a tooltip), blue for the whole
municipality's routines and green for a school's; July is the summer break.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import ClockMonth

SIZE = 440
CENTER = SIZE / 2
OUTER = 200
INNER = 70
LABEL_R = 182
MUNICIPAL_COLOUR = "#1b4f9c"
SCHOOL_COLOUR = "#2e7d5b"
DOT_R = 8
# (radius, columns) of the rows of dots in a month's sector, outside in: eight dots fit.
DOT_ROWS = ((LABEL_R - 26, 3), (LABEL_R - 48, 3), (LABEL_R - 70, 2))
DOTS_PER_MONTH = sum(cols for _r, cols in DOT_ROWS)


def _dot_positions(start: float, step: float):
    for r, cols in DOT_ROWS:
        for col in range(cols):
            yield _point(start + step * (col + 1) / (cols + 1), r)


def _point(angle_deg: float, r: float) -> tuple[float, float]:
    a = math.radians(angle_deg - 90)
    return CENTER + r * math.cos(a), CENTER + r * math.sin(a)


def _sector(start: float, end: float, r1: float, r2: float) -> str:
    x1, y1 = _point(start, r2)
    x2, y2 = _point(end, r2)
    x3, y3 = _point(end, r1)
    x4, y4 = _point(start, r1)
    return (f"M{x1:.1f},{y1:.1f} A{r2},{r2} 0 0,1 {x2:.1f},{y2:.1f} L{x3:.1f},{y3:.1f} "
            f"A{r1},{r1} 0 0,0 {x4:.1f},{y4:.1f} Z")


def draw_year_clock(*, months: list[ClockMonth], id_prefix: str = "yc", title: str = "") -> SafeString:
    title = title or _("Årsklocka: läsårets rutiner från augusti till juni")
    total = sum(len(m.routines) for m in months)
    busiest = max(months, key=lambda m: len(m.routines)) if months else None
    desc = ngettext("%(n)s rutin över läsåret.", "%(n)s rutiner över läsåret.", total) % {"n": total}
    if busiest is not None and busiest.routines:
        desc += " " + _("Flest i %(m)s (%(c)s).") % {"m": busiest.name.lower(), "c": len(busiest.routines)}
    desc += " " + _("Tabellen bredvid listar varje rutin.")
    step = 360 / 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="{id_prefix}-t {id_prefix}-d" class="year-clock">',
        f'<title id="{id_prefix}-t">{escape(title)}</title><desc id="{id_prefix}-d">{escape(desc)}</desc>',
    ]
    for i, month in enumerate(months):
        start, end = i * step, (i + 1) * step
        fill = "#eef3fa" if i % 2 == 0 else "#dde7f3"
        parts.append(f'<path d="{_sector(start, end, INNER, OUTER)}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>')
        lx, ly = _point((start + end) / 2, LABEL_R)
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" font-size="13" '
                     f'font-family="DejaVu Sans, sans-serif" fill="#12263d">{escape(month.name[:3])}</text>')
        for routine, (cx, cy) in zip(month.routines[:DOTS_PER_MONTH], _dot_positions(start, step), strict=False):
            colour = SCHOOL_COLOUR if routine.school_id else MUNICIPAL_COLOUR
            number = getattr(routine, "clock_number", 0)  # set by selectors.year_clock
            label = f"{number}. {routine.title}" if number else routine.title
            parts.append(f'<g><title>{escape(label)}</title>'
                         f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{DOT_R}" fill="{colour}"/>')
            if number:
                parts.append(f'<text x="{cx:.1f}" y="{cy + 3.2:.1f}" text-anchor="middle" '
                             f'font-size="{8 if number >= 10 else 9}" font-weight="bold" '
                             f'font-family="DejaVu Sans, sans-serif" fill="#ffffff">{number}</text>')
            parts.append("</g>")
        if len(month.routines) > DOTS_PER_MONTH:
            cx, cy = _point((start + end) / 2, INNER + 12)
            parts.append(f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" '
                         f'font-family="DejaVu Sans, sans-serif">+{len(month.routines) - DOTS_PER_MONTH}</text>')
    # July: the summer break, outside the school year.
    parts.append(f'<path d="{_sector(11 * step, 12 * step, INNER, OUTER)}" fill="#f4f4f4" stroke="#ffffff" stroke-width="2"/>')
    lx, ly = _point(11.5 * step, LABEL_R)
    # The texts translated outside the f-strings: makemessages does not look inside one.
    july, year = escape(_("Jul")), escape(_("Läsåret"))
    routines = escape(ngettext("%(n)s rutin", "%(n)s rutiner", total) % {"n": total})
    parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="middle" font-size="12" '
                 f'font-family="DejaVu Sans, sans-serif" fill="#595959">{july}</text>')
    parts.append(f'<text x="{CENTER}" y="{CENTER - 4}" text-anchor="middle" font-size="16" font-weight="bold" '
                 f'font-family="DejaVu Sans, sans-serif" fill="#12263d">{year}</text>')
    parts.append(f'<text x="{CENTER}" y="{CENTER + 16}" text-anchor="middle" font-size="12" '
                 f'font-family="DejaVu Sans, sans-serif" fill="#12263d">{routines}</text>')
    parts.append("</svg>")
    # Every piece of user text above went through escape().
    return mark_safe("".join(parts))  # noqa: S308
