"""Server-rendered SVG line charts, for the goal page now and the PDF progress report later.

``goal_chart_svg(chart)`` returns a self-contained ``<svg>`` string: a visible title and legend,
``<title>``/``<desc>`` for screen readers, and no inline styles or scripts (the CSP allows
neither, and WeasyPrint needs none). Every text is escaped. Pages show the chart's data as a
table beside it (``templates/goals/_chart.html``), which is also the text alternative.

Series are told apart by colour *and* by dash pattern and marker shape, so that they can be read
without colour vision and in a black-and-white print. The colours have at least 4.5:1 contrast on
white.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.models import Unit, format_value, school_year_label

# (colour, dash pattern, marker) per series, in order. Contrast on white: all >= 4.5:1.
STYLES = [
    ("#1d4e89", "", "circle"),
    ("#b42318", "6 4", "square"),
    ("#1a7f37", "2 3", "triangle"),
    ("#6f42c1", "10 4 2 4", "diamond"),
    ("#7a5c00", "4 2", "circle"),
    ("#57606a", "1 3", "square"),
]
TARGET_COLOUR = "#1f2328"

WIDTH, HEIGHT = 420, 290
LEFT, RIGHT, TOP, BOTTOM = 52, 34, 54, 40


@dataclass
class ChartSeries:
    label: str
    values: list[Decimal | None]  # one per category; None is a gap (no value, or a suppressed one)
    markers: list[str] = field(default_factory=list)  # the suppression marker per category, if any


@dataclass
class Chart:
    chart_id: str  # unique on the page: ids of <title> and <desc> derive from it
    title: str
    description: str
    categories: list[str]  # x axis labels, e.g. school years or grades
    series: list[ChartSeries]
    unit: str = ""  # e.g. "%"
    target: Decimal | None = None
    target_label: str = ""
    category_heading: str = ""  # the table's first column heading, e.g. "Läsår"
    y_min: Decimal | None = None  # fixed bounds, e.g. 0..100 for percent
    y_max: Decimal | None = None

    @property
    def has_values(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)

    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(category, [cell per series]) with values as Swedish text and markers as they are."""
        rows = []
        for i, category in enumerate(self.categories):
            cells = []
            for s in self.series:
                marker = s.markers[i] if i < len(s.markers) else ""
                value = s.values[i]
                cells.append(marker or (format_value(value) if value is not None else "–"))
            rows.append((category, cells))
        return rows


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _y_bounds(chart: Chart) -> tuple[float, float, float]:
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    if chart.target is not None:
        values.append(float(chart.target))
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    if low == high:
        low, high = low - 5, high + 5
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if chart.y_min is not None:
        low = max(low, float(chart.y_min))
    if chart.y_max is not None:
        high = min(high, float(chart.y_max))
    return low, high, step


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _visible_title(title: str, limit: int = 40) -> str:
    """The title as drawn: shortened to fit; the whole title is in <title> and the table caption."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    return format_value(Decimal(str(round(value, 2))))


def goal_chart_svg(chart: Chart) -> str:
    """The chart as an accessible SVG string (safe to mark safe: every text in it is escaped)."""
    title_id, desc_id = f"{chart.chart_id}-title", f"{chart.chart_id}-desc"
    # Legend entries wrap onto as many rows as they need; the plot starts below them.
    entries = [(s.label, *STYLES[i % len(STYLES)]) for i, s in enumerate(chart.series)]
    if chart.target is not None:
        entries.append((chart.target_label, TARGET_COLOUR, "3 3", ""))
    legend: list[tuple[float, int, tuple]] = []
    lx, row = 8.0, 0
    for entry in entries:
        width = 27 + 9 * len(entry[0]) + 12
        if lx + width > WIDTH and lx > 8:
            lx, row = 8.0, row + 1
        legend.append((lx, row, entry))
        lx += width
    top = TOP + 18 * row
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - top - BOTTOM
    low, high, step = _y_bounds(chart)
    n = max(len(chart.categories), 1)

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y_at(v: float) -> float:
        return top + plot_h - (v - low) / (high - low) * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" font-family="system-ui, sans-serif" font-size="14">',
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(chart.description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="8" y="16" font-weight="600" font-size="15" fill="#1f2328">{escape(_visible_title(chart.title))}</text>',
    ]
    for x, legend_row, (label, colour, dash, shape) in legend:
        y = 31 + 18 * legend_row
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x + 22:.1f}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        if shape:
            out.append(_marker(shape, x + 11, y, colour))
        out.append(f'<text x="{x + 27:.1f}" y="{y + 4}" fill="#1f2328">{escape(label)}</text>')

    # Grid and y axis labels.
    tick = low
    while tick <= high + step / 1000:
        y = y_at(tick)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#57606a">{escape(_number(tick))}{escape(chart.unit)}</text>')
        tick += step
    out.append(f'<line x1="{LEFT}" y1="{top + plot_h}" x2="{WIDTH - RIGHT}" y2="{top + plot_h}" stroke="#57606a" stroke-width="1"/>')
    # x labels: thinned so that they never overlap on a narrow chart.
    every = max(1, math.ceil(n / 5))
    for i, category in enumerate(chart.categories):
        # Every ``every``-th label and the last one, never two side by side.
        if (i % every == 0 and n - 1 - i >= every) or i == n - 1:
            # The last label ends at the chart's edge instead of being cut off by it.
            x, anchor = (min(x_at(i) + 24, WIDTH - 2), "end") if i == n - 1 and n > 1 else (x_at(i), "middle")
            out.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 20}" text-anchor="{anchor}" fill="#57606a">{escape(category)}</text>'
            )

    if chart.target is not None and low <= float(chart.target) <= high:
        y = y_at(float(chart.target))
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="3 3"/>'
        )

    for i, s in enumerate(chart.series):
        colour, dash, shape = STYLES[i % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for j, value in enumerate(s.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_at(j):.1f},{y_at(float(value)):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            if len(seg) > 1:
                out.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        for j, value in enumerate(s.values):
            if value is not None:
                out.append(_marker(shape, x_at(j), y_at(float(value)), colour))
    out.append("</svg>")
    return "\n".join(out)


# --- The goal page's charts, built from goals.selectors.IndicatorView ----------------------------

@dataclass
class RenderedChart:
    chart: Chart
    svg: str  # escaped by goal_chart_svg; templates mark it safe

    @property
    def safe_svg(self) -> str:
        return mark_safe(self.svg)  # noqa: S308 (goal_chart_svg escapes every text it writes)


def _render(chart: Chart) -> RenderedChart | None:
    return RenderedChart(chart=chart, svg=goal_chart_svg(chart)) if chart.has_values else None


def _percent_bounds(view) -> dict:
    return {"y_min": Decimal(0), "y_max": Decimal(100), "unit": " %"} if view.indicator.unit == Unit.PERCENT else {}


def indicator_series_chart(view, *, chart_id: str) -> RenderedChart | None:
    """Year on year at the followed grade: the municipality, the nation and the target."""
    years = sorted({p.school_year for p in view.points} | {p.school_year for p in view.national}
                   | {view.link.baseline_year, view.link.target_year})
    if not view.points:
        return None
    years = list(range(years[0], years[-1] + 1))
    own = {p.school_year: p for p in view.points}
    national = {p.school_year: p for p in view.national}

    def series(label: str, points: dict) -> ChartSeries:
        return ChartSeries(
            label=label,
            values=[points[y].value if y in points and points[y].has_value else None for y in years],
            markers=[points[y].marker if y in points else "" for y in years],
        )

    grade = _("åk %(g)s") % {"g": view.link.grade} if view.link.grade else ""
    where = view.link.goal.school.name if view.is_school_level else view.link.goal.municipality.name
    lines = [series(where, own)]
    if view.national:
        lines.append(series(str(_("Riket")), national))
    target_label = _("Målvärde %(year)s") % {"year": school_year_label(view.link.target_year)}
    description = _(
        "%(indicator)s %(grade)s per läsår för %(where)s%(nation)s. Målvärdet är %(target)s läsåret %(year)s. "
        "Samma värden finns i tabellen under diagrammet."
    ) % {
        "indicator": view.indicator.label, "grade": grade, "where": where,
        "nation": _(" jämfört med riket") if view.national else "",
        "target": format_value(view.link.target_value), "year": school_year_label(view.link.target_year),
    }
    return _render(
        Chart(
            chart_id=chart_id,
            title=str(_("År för år")) + (f", {grade}" if grade else ""),
            description=str(description),
            categories=[school_year_label(y) for y in years],
            series=lines,
            target=view.link.target_value,
            target_label=str(target_label),
            category_heading=str(_("Läsår")),
            **_percent_bounds(view),
        )
    )


def indicator_cohort_chart(view, *, chart_id: str, max_cohorts: int = 5) -> RenderedChart | None:
    """The same pupils across grades: one line per cohort, newest cohorts first."""
    cohorts = view.cohorts[:max_cohorts]
    if not cohorts:
        return None
    grades = sorted({p.grade for line in cohorts for p in line.points})
    categories = [str(_("åk %(g)s") % {"g": g}) for g in grades]
    lines = []
    for line in cohorts:
        by_grade = {p.grade: p for p in line.points}
        lines.append(
            ChartSeries(
                label=line.label,
                values=[by_grade[g].value if g in by_grade and by_grade[g].has_value else None for g in grades],
                markers=[by_grade[g].marker if g in by_grade else "" for g in grades],
            )
        )
    description = _(
        "%(indicator)s för samma elever i olika årskurser: varje linje är en årskull som följs från en "
        "årskurs till en senare. Samma värden finns i tabellen under diagrammet."
    ) % {"indicator": view.indicator.label}
    return _render(
        Chart(
            chart_id=chart_id,
            title=str(_("Samma elever över tid (årskullar)")),
            description=str(description),
            categories=categories,
            series=lines,
            category_heading=str(_("Årskurs")),
            **_percent_bounds(view),
        )
    )


def comparison_chart(comparison, *, chart_id: str) -> RenderedChart | None:
    """Member municipalities of a network on one indicator, year on year."""
    years = comparison.years
    lines = [
        ChartSeries(
            label=row.name,
            values=[row.by_year[y].value if y in row.by_year and row.by_year[y].has_value else None for y in years],
            markers=[row.by_year[y].marker if y in row.by_year else "" for y in years],
        )
        for row in comparison.rows
    ]
    if comparison.national:
        n = comparison.national
        lines.append(
            ChartSeries(
                label=str(_("Riket")),
                values=[n[y].value if y in n and n[y].has_value else None for y in years],
                markers=[n[y].marker if y in n else "" for y in years],
            )
        )
    description = _(
        "%(indicator)s per läsår för nätverkets kommuner. Samma värden finns i tabellen under diagrammet."
    ) % {"indicator": comparison.choice.label}
    return _render(
        Chart(
            chart_id=chart_id,
            title=comparison.choice.label,
            description=str(description),
            categories=[school_year_label(y) for y in years],
            series=lines,
            category_heading=str(_("Läsår")),
            **(
                {"y_min": Decimal(0), "y_max": Decimal(100), "unit": " %"}
                if comparison.choice.indicator.unit == Unit.PERCENT
                else {}
            ),
        )
    )
