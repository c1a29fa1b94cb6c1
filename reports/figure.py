"""SKR's cycle figure as SVG: rounds along a loop, success factors around it, levels at its centre.

``draw_cycle_figure`` is a pure function of :class:`FigureInputs` (gathered by
``reports.selectors.cycle_figure_inputs``), so the same inputs always give the same drawing and
the inputs' hash tells when the stored drawing is stale. Every text is escaped here; the SVG
uses presentation attributes only (no ``style``), so it can be inlined under the site's CSP.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import date_text

# Bump when the drawing changes, so every stored figure is drawn again.
FIGURE_VERSION = 4

HOME, MEETING, NOT_STARTED, FINISHED = "home", "meeting", "not_started", "finished"

# Colours: the model's yellow home phases and pink meetings; text on them is near-black, so the
# contrast stays far above WCAG AA. The marker is dark blue with white text (contrast 8.6:1).
YELLOW, YELLOW_EDGE = "#F7D54A", "#8A6D00"
PINK, PINK_EDGE = "#F5B5CB", "#9C2F5A"
FACTOR_FILL, FACTOR_EDGE, FACTOR_TEXT = "#DDEFE3", "#2E6B4F", "#173D2B"
CENTRE_FILL, CENTRE_EDGE, CENTRE_TEXT = "#E4ECF7", "#1B3A5C", "#12263D"
INK, MUTED = "#1A1A1A", "#4A4A4A"
MARK = "#1B4F9C"

WIDTH = 720
CX, CY = 360, 392
RX, RY = 240, 205


@dataclass(frozen=True)
class RoundMark:
    number: int
    home_phase_starts: datetime.date | None
    meeting_on: datetime.date | None = None
    title: str = ""
    # None when the commitments app gives no figures: the label leaves that part out.
    commitments_made: int | None = None
    commitments_kept: int | None = None


@dataclass(frozen=True)
class Position:
    """Where one municipality stands: a round number and the phase in it."""

    name: str
    round_number: int
    phase: str


@dataclass(frozen=True)
class FigureInputs:
    subject: str
    agreed_rounds: int
    rounds: tuple[RoundMark, ...] = ()
    positions: tuple[Position, ...] = ()
    # The network figure marks each municipality by number; the municipality figure says "you".
    is_network: bool = False
    network_name: str = ""
    today: datetime.date | None = field(default=None)

    def hash(self) -> str:
        # asdict()'s payload, without its deep copy of every mark (a home page asks on each view
        # whether its stored figure is stale; issue 18): the same JSON, so the same hash.
        payload = {
            "version": FIGURE_VERSION, **vars(self),
            "rounds": [vars(r) for r in self.rounds], "positions": [vars(p) for p in self.positions],
        }
        raw = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


def position_now(*, rounds: tuple[RoundMark, ...], today: datetime.date, name: str, agreed_rounds: int) -> Position:
    """Derived from dates, never typed in: the latest round whose home phase has begun."""
    started = [r for r in rounds if r.home_phase_starts and r.home_phase_starts <= today]
    if not started:
        return Position(name=name, round_number=0, phase=NOT_STARTED)
    current = max(started, key=lambda r: r.number)
    if current.meeting_on and current.meeting_on <= today:
        if current.number >= max(agreed_rounds, len(rounds)) and current.meeting_on < today:
            return Position(name=name, round_number=current.number, phase=FINISHED)
        return Position(name=name, round_number=current.number, phase=MEETING)
    return Position(name=name, round_number=current.number, phase=HOME)


def _date(value: datetime.date | None, style: str = "datum") -> str:
    return date_text(value, style)


@dataclass(frozen=True)
class Label:
    """One word or line of the figure: where it stands (``y`` is the baseline) and how it looks."""

    x: float
    y: float
    content: str
    size: int
    weight: str
    fill: str
    anchor: str


class _Texts:
    """Where the drawing's words go: into the SVG as ``<text>`` (the page), or out as :class:`Label`
    rows that the PDF lays over a drawing without text (``labels`` is then a list)."""

    def __init__(self, *, collect: bool = False):
        self.labels: list[Label] | None = [] if collect else None
        self.below = 0  # how many labels lie under the marks (set by _draw before it draws them)

    def __call__(self, x: float, y: float, content: str, *, size: int = 16, weight: str = "normal",
                 fill: str = INK, anchor: str = "middle") -> str:
        if self.labels is not None:
            self.labels.append(Label(x=x, y=y, content=content, size=size, weight=weight, fill=fill, anchor=anchor))
            return ""
        return (
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
            f'text-anchor="{anchor}" font-family="DejaVu Sans, Verdana, sans-serif">{escape(content)}</text>'
        )


def _shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _on_loop(angle_deg: float, grow: float = 0.0) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return CX + (RX + grow) * math.cos(a), CY + (RY + grow) * math.sin(a)


def _box(x: float, y: float, w: float, h: float, *, fill: str, edge: str, lines: list[tuple[str, bool]],
         planned: bool, size: int, kind: str, text: _Texts) -> str:
    dash = ' stroke-dasharray="6 4"' if planned else ""
    parts = [
        f'<g class="cf-{kind}">',
        f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="8" '
        f'fill="{fill if not planned else "#FFFFFF"}" stroke="{edge}" stroke-width="2"{dash}/>',
    ]
    line_h = size + 3
    top = y - (len(lines) - 1) * line_h / 2 + size * 0.35
    for i, (content, bold) in enumerate(lines):
        parts.append(text(x, top + i * line_h, content, size=size if bold else size - 2,
                           weight="bold" if bold else "normal"))
    parts.append("</g>")
    return "".join(parts)


def _arc(a1: float, a2: float, *, rx: float, ry: float, marker: str, stroke: str, width: float) -> str:
    x1, y1 = CX + rx * math.cos(math.radians(a1)), CY + ry * math.sin(math.radians(a1))
    x2, y2 = CX + rx * math.cos(math.radians(a2)), CY + ry * math.sin(math.radians(a2))
    large = 1 if (a2 - a1) % 360 > 180 else 0
    return (
        f'<path d="M {x1:.1f} {y1:.1f} A {rx:.1f} {ry:.1f} 0 {large} 1 {x2:.1f} {y2:.1f}" fill="none" '
        f'stroke="{stroke}" stroke-width="{width}" marker-end="url(#{marker})"/>'
    )


def describe(inputs: FigureInputs) -> str:
    """The figure's text alternative: everything the drawing says, in sentences."""
    n = max(inputs.agreed_rounds, len(inputs.rounds), 1)
    parts = [
        _("SKR:s modell för %(subject)s: %(n)s omgångar, var och en med en hemmafas (gul) och en "
          "nätverksträff (rosa), i en slinga som upprepas.") % {"subject": inputs.subject, "n": n}
    ]
    by_number = {r.number: r for r in inputs.rounds}
    for number in range(1, n + 1):
        r = by_number.get(number)
        if r is None or r.home_phase_starts is None:
            parts.append(_("Omgång %(n)s är inte planerad ännu.") % {"n": number})
            continue
        sentence = _("Omgång %(n)s: hemmafasen börjar %(date)s") % {"n": number, "date": _date(r.home_phase_starts)}
        if r.meeting_on:
            sentence += _(", nätverksträff %(date)s") % {"date": _date(r.meeting_on)}
        if r.commitments_made is not None:
            sentence += ", " + ngettext("%(made)s åtagande", "%(made)s åtaganden", r.commitments_made) % {
                "made": r.commitments_made
            }
            if r.commitments_kept is not None:
                sentence += _(" varav %(kept)s genomförda") % {"kept": r.commitments_kept}
        parts.append(sentence + ".")
    for p in inputs.positions:
        parts.append(_position_sentence(p))
    parts.append(
        _("Runt cykeln står de tre framgångsfaktorerna: huvudmannens ansvar, säkerställa delaktighet och "
          "uthållighet. I mitten: styrning och ledning på fyra nivåer – nämnd, förvaltning, rektorer och lärare.")
    )
    return " ".join(parts)


def _position_sentence(p: Position) -> str:
    if p.phase == NOT_STARTED:
        return _("%(name)s har inte börjat den första omgången ännu.") % {"name": p.name}
    if p.phase == FINISHED:
        return _("%(name)s har genomfört alla omgångar.") % {"name": p.name}
    if p.phase == MEETING:
        return _("%(name)s är nu vid nätverksträffen i omgång %(n)s.") % {"name": p.name, "n": p.round_number}
    return _("%(name)s är nu i hemmafasen i omgång %(n)s.") % {"name": p.name, "n": p.round_number}


def draw_cycle_figure(inputs: FigureInputs, *, id_prefix: str = "cf") -> str:
    """The figure as a standalone SVG document fragment (an ``<svg>`` element), in the active
    language (the service draws one per language; the PDF report uses the Swedish one)."""
    below, above = _draw(inputs, id_prefix=id_prefix, text=_Texts())
    return "".join([*below, *above, "</svg>"])


# The PDF's figure frame (static/css/report.css): A4 less the page's side margins, and at most
# this tall so that the heading and the caption share its page.
PDF_WIDTH_MM, PDF_MAX_HEIGHT_MM = 174.0, 205.0
# Where DejaVu Sans puts the baseline in a line box of line-height 1: its ascent (0.928 em) less
# half of what ascent and descent (0.236 em) exceed the line by. An SVG's y is the baseline.
_BASELINE_EM = 0.928 - (0.928 + 0.236 - 1) / 2


def draw_cycle_figure_for_pdf(inputs: FigureInputs, *, id_prefix: str = "cf") -> str:
    """The PDF report's figure, as HTML: the drawing without its words, and each word as HTML text
    placed where the SVG would have drawn it (the same font, size, weight and colour).

    WeasyPrint lays out an SVG's text letter by letter, and the figure's labels are three quarters
    of the progress report's SVG letters. As HTML text they are laid out like the rest of the
    report (the figure's page alone renders in about a tenth less time; measured for issue 13),
    and they read back from the PDF as words. The page keeps the plain SVG (``draw_cycle_figure``).

    Layers as in the SVG: the drawing, its labels, then the marks (which may cover a neighbouring
    box's label) in a second, transparent SVG, then the marks' labels and the legend's. The
    drawing keeps its title (the PDF's figure tag takes it as its alternative); the marks' SVG
    has the sentences of where each municipality stands as its own.
    """
    text = _Texts(collect=True)
    below, above = _draw(inputs, id_prefix=id_prefix, text=text)
    split = text.below
    height = _height(inputs)
    # The frame as the stylesheet would size the SVG: the full width, unless that makes it too tall.
    mm = min(PDF_WIDTH_MM, PDF_MAX_HEIGHT_MM * WIDTH / height) / WIDTH  # millimetres per unit
    size = f"width: {WIDTH * mm:.2f}mm; height: {height * mm:.2f}mm"
    alternative = " ".join(_position_sentence(p) for p in inputs.positions)

    def labels(rows: list[Label]) -> list[str]:
        spans = []
        for label in rows:
            if label.anchor == "middle":
                # A box centred on x, as wide as the drawing allows: the text centres in it.
                half = min(label.x, WIDTH - label.x)
                left, width = label.x - half, f"width: {2 * half * mm:.2f}mm; "
            else:
                left, width = label.x, ""
            spans.append(
                f'<span class="cf-label" style="left: {left * mm:.2f}mm; {width}'
                f'top: {(label.y - _BASELINE_EM * label.size) * mm:.2f}mm; font-size: {label.size * mm:.3f}mm; '
                f'font-weight: {label.weight}; color: {label.fill}">{escape(label.content)}</span>'
            )
        return spans

    marks = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="cf-pdf__above" '
        f'style="{size}" role="img"><title>{escape(alternative)}</title>', *above, "</svg>",
    ] if inputs.positions else []
    return "".join([
        f'<div class="cf-pdf" style="width: {WIDTH * mm:.2f}mm">', *below, "</svg>", *labels(text.labels[:split]),
        *marks, *labels(text.labels[split:]), "</div>",
    ])


def _height(inputs: FigureInputs) -> int:
    legend_rows = math.ceil(len(inputs.positions) / 2) if inputs.is_network else 0
    return 806 + legend_rows * 26 if legend_rows else 770


def _draw(inputs: FigureInputs, *, id_prefix: str, text: _Texts) -> tuple[list[str], list[str]]:
    """The open ``<svg>`` and the drawing under the marks; then the marks and the legend (no ``</svg>``)."""
    n = max(inputs.agreed_rounds, len(inputs.rounds), 1)
    step = 360 / n
    # Boxes shrink when many rounds share the loop; text stays at least 12 px in the viewBox.
    scale = min(1.0, (2 * math.pi * 222 / (2 * n)) / 165)
    home_w, meet_w, box_h = 136 * scale, 118 * scale, 64 * max(scale, 0.8)
    size = max(12, round(16 * scale))
    # Many rounds make small boxes: a full date or "8 åt. / 7 klara" would run over their edges.
    # They then say the month and "7/8 klara" (the text alternative keeps every date), and both
    # kinds of box are equally wide. Fewer letters are also less work for the PDF, which lays
    # out an SVG's text letter by letter.
    compact = scale < 0.75
    if compact:
        home_w = meet_w = max(home_w, 66)  # the widest label, "Hemma 10", still inside; 74 apart at the top
    date_style = "månad" if compact else "datum"
    by_number = {r.number: r for r in inputs.rounds}

    legend_rows = math.ceil(len(inputs.positions) / 2) if inputs.is_network else 0
    height = _height(inputs)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    title = _("Cykeln enligt SKR:s modell – %(subject)s") % {"subject": inputs.subject}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="cycle-figure" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(inputs))}</desc>',
        "<defs>",
        f'<marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{MUTED}"/></marker>',
        f'<marker id="{id_prefix}-big" viewBox="0 0 10 10" refX="7" refY="5" markerWidth="4" markerHeight="4" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{CENTRE_EDGE}"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
    ]

    # The three success factors, around the loop.
    for cx, cy, rx, label in (
        (178, 66, 160, _("Huvudmannens ansvar")),
        (542, 66, 160, _("Säkerställa delaktighet")),
        (360, 722, 170, _("Uthållighet")),
    ):
        out.append(
            f'<g class="cf-factor"><ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="42" fill="{FACTOR_FILL}" '
            f'stroke="{FACTOR_EDGE}" stroke-width="2"/>{text(cx, cy + 7, label, size=20, weight="bold", fill=FACTOR_TEXT)}</g>'
        )

    # The loop: arrows between consecutive boxes, clockwise from the top.
    gap = math.degrees((home_w / 2 + 6) / 222)
    half = step / 2
    for i in range(2 * n):
        a1 = -90 + i * half + gap * 0.75
        a2 = -90 + (i + 1) * half - gap * 0.75
        if a2 - a1 > 2:
            out.append(_arc(a1, a2, rx=RX, ry=RY, marker=f"{id_prefix}-arrow", stroke=MUTED, width=2.5))

    # The curved arrow of repetition, inside the loop around the centre.
    out.append(_arc(-62, 232, rx=142, ry=142, marker=f"{id_prefix}-big", stroke=CENTRE_EDGE, width=6))
    out.append(text(CX, CY - 136, _("Upprepas"), size=15, weight="bold", fill=CENTRE_TEXT))

    # The centre: governance and leadership on four levels.
    out.append(f'<circle cx="{CX}" cy="{CY}" r="112" fill="{CENTRE_FILL}" stroke="{CENTRE_EDGE}" stroke-width="2"/>')
    out.append(text(CX, CY - 62, _("Styrning"), size=18, weight="bold", fill=CENTRE_TEXT))
    out.append(text(CX, CY - 41, _("och ledning"), size=18, weight="bold", fill=CENTRE_TEXT))
    for i, level in enumerate((_("Nämnd"), _("Förvaltning"), _("Rektorer"), _("Lärare"))):
        y = CY - 24 + i * 30
        out.append(
            f'<rect x="{CX - 74}" y="{y}" width="148" height="25" rx="5" fill="#FFFFFF" stroke="{CENTRE_EDGE}" '
            f'stroke-width="1.5"/>'
        )
        out.append(text(CX, y + 18, level, size=15, fill=CENTRE_TEXT))

    # Rounds: a home phase (yellow) and a network meeting (pink) each.
    box_at: dict[tuple[int, str], tuple[float, float, float, float]] = {}
    for number in range(1, n + 1):
        r = by_number.get(number)
        planned = r is None or r.home_phase_starts is None
        hx, hy = _on_loop(-90 + (number - 1) * step)
        mx, my = _on_loop(-90 + (number - 0.5) * step)
        box_at[(number, HOME)] = (hx, hy, home_w, box_h)
        home_lines = [(_("Hemma %(n)s") % {"n": number}, True)]
        home_lines.append((_date(r.home_phase_starts, date_style) if not planned else _("ej planerad"), False))
        out.append(_box(hx, hy, home_w, box_h, fill=YELLOW, edge=YELLOW_EDGE, lines=home_lines,
                        planned=planned, size=size, kind="home", text=text))
        meet_lines = [(_("Träff %(n)s") % {"n": number}, True)]
        if r is not None and r.meeting_on:
            meet_lines.append((_date(r.meeting_on, date_style), False))
        if r is not None and r.commitments_made is not None:
            if compact and r.commitments_kept is not None:
                meet_lines.append((_("%(kept)s/%(made)s klara") % {"kept": r.commitments_kept,
                                                                   "made": r.commitments_made}, False))
            else:
                kept = f" / {r.commitments_kept} " + _("klara") if r.commitments_kept is not None else ""
                meet_lines.append((f"{r.commitments_made} " + _("åt.") + kept, False))
        h = box_h + (size if len(meet_lines) > 2 else 0)
        box_at[(number, MEETING)] = (mx, my, meet_w, h)
        out.append(_box(mx, my, meet_w, h, fill=PINK, edge=PINK_EDGE, lines=meet_lines,
                        planned=r is None or (r.meeting_on is None and planned), size=size, kind="meeting", text=text))

    # What stands on top of the boxes: the marks (they may cover a neighbour's label) and the legend.
    text.below = len(text.labels or ())
    above = _marks(inputs, box_at, text=text)
    if legend_rows:
        above.extend(_legend(inputs, top=790, text=text))
    return out, above


def _mark_box(p: Position, box_at) -> tuple[float, float, float, float] | None:
    if p.phase == NOT_STARTED:
        # Before the first round, or between rounds: the home phase that comes next.
        return box_at.get((max(p.round_number, 1), HOME))
    return box_at.get((p.round_number, MEETING if p.phase in (MEETING, FINISHED) else HOME))


def _marks(inputs: FigureInputs, box_at, *, text: _Texts) -> list[str]:
    """A tag above the box where the municipality stands (network: one numbered dot each)."""
    out: list[str] = []
    groups: dict[tuple[float, float, float, float], list[tuple[int, Position]]] = {}
    for index, p in enumerate(inputs.positions, start=1):
        at = _mark_box(p, box_at)
        if at is not None:
            groups.setdefault(at, []).append((index, p))
    for (x, y, box_w, box_h), members in groups.items():
        top = y - box_h / 2
        out.append(
            f'<rect x="{x - box_w / 2 - 5:.1f}" y="{top - 5:.1f}" width="{box_w + 10:.1f}" height="{box_h + 10:.1f}" '
            f'rx="11" fill="none" stroke="{MARK}" stroke-width="4" class="cf-current"/>'
        )
        if not inputs.is_network:
            p = members[0][1]
            label = {NOT_STARTED: _("Snart start"), FINISHED: _("Klart!")}.get(p.phase, _("Här är ni"))
            w = 22 + 9.5 * len(label)
            lx = min(max(x, w / 2 + 4), WIDTH - w / 2 - 4)
            out.append('<g class="cf-you-are-here">')
            out.append(f'<rect x="{lx - w / 2:.1f}" y="{top - 34:.1f}" width="{w:.1f}" height="26" rx="13" fill="{MARK}"/>')
            out.append(text(lx, top - 16, label, size=15, weight="bold", fill="#FFFFFF"))
            out.append(f'<path d="M {x - 7:.1f} {top - 9:.1f} L {x + 7:.1f} {top - 9:.1f} L {x:.1f} {top - 2:.1f} z" fill="{MARK}"/>')
            out.append("</g>")
            continue
        per_row = 6
        for k, (number, _p) in enumerate(members):
            count = min(len(members), per_row)
            cx = min(max(x + (k % per_row - (count - 1) / 2) * 25, 14), WIDTH - 14)
            cy = top - 20 - (k // per_row) * 25
            out.append(
                f'<g class="cf-you-are-here"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="12" fill="{MARK}" '
                f'stroke="#FFFFFF" stroke-width="2"/>{text(cx, cy + 5, str(number), size=13, weight="bold", fill="#FFFFFF")}</g>'
            )
    return out


def _legend(inputs: FigureInputs, *, top: float, text: _Texts) -> list[str]:
    out = [text(24, top, _("Kommunerna i nätverket:"), size=15, weight="bold", anchor="start")]
    for index, p in enumerate(inputs.positions, start=1):
        col, row = (index - 1) % 2, (index - 1) // 2
        x, y = 24 + col * 350, top + 26 + row * 26
        out.append(f'<circle cx="{x + 10}" cy="{y - 5}" r="10" fill="{MARK}"/>')
        out.append(text(x + 10, y, str(index), size=12, weight="bold", fill="#FFFFFF"))
        out.append(text(x + 28, y, _shorten(p.name, 34), size=15, anchor="start"))
    return out
