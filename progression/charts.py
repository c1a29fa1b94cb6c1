"""A class's line over time as the goal pages draw charts: SVG with the same data as a table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from goals.charts import Chart, ChartSeries, RenderedChart, goal_chart_svg

from .calculation import Basis, rounded
from .models import MeasureUnit
from .selectors import MeasureLine


def _r(value: Decimal | None) -> Decimal | None:
    return None if value is None else rounded(value)


def class_chart(item: MeasureLine, *, chart_id: str, basis: str) -> RenderedChart | None:
    c = item.line.school_class
    points = item.line.points
    if not any(not p.hidden for p in points):
        return None
    # Short labels ("1A HT24") fit five terms on a phone-wide chart without overlapping.
    categories = [f"{c.name_in(p.school_year)} {p.label[:2]}{p.label[-2:]}" for p in points]
    series = [
        ChartSeries(label=str(_("Klass %(s)s") % {"s": c.section}), values=[_r(p.value) for p in points],
                    markers=[str(_("dold")) if p.hidden else "" for p in points]),
        ChartSeries(label=str(_("Kommunens årskull")), values=[_r(p.value) for p in item.municipal]),
    ]
    if basis == Basis.NATION and item.national:
        series.append(ChartSeries(label=str(_("Riket")), values=[_r(p.value) for p in item.national]))
    percent = item.measure.unit == MeasureUnit.PERCENT
    chart = Chart(
        chart_id=chart_id,
        # The card's heading names the measure; the drawn title must fit (goals.charts shortens it).
        title=str(_("Klass %(s)s termin för termin") % {"s": c.section}),
        description=str(_(
            "%(measure)s för klass %(section)s (årskull %(cohort)s) termin för termin, med kommunens årskull som "
            "jämförelse. Varje punkt är en termin: 1A HT24 betyder klass 1A hösten 2024. En termin då klassen hade "
            "färre elever än anonymitetsgränsen visas som ett glapp. "
            "Samma värden finns i tabellen under diagrammet."
        ) % {"measure": item.measure.name, "section": c.section, "cohort": c.cohort}),
        categories=categories,
        series=series,
        category_heading=str(_("Klass och termin")),
        unit=" %" if percent else "",
        y_min=Decimal(0) if percent else None,
        y_max=Decimal(100) if percent else None,
    )
    return RenderedChart(chart=chart, svg=goal_chart_svg(chart))
