"""The trend against the target as an accessible SVG (goals.charts draws it; the page adds a table)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from goals.charts import Chart, ChartSeries, RenderedChart, goal_chart_svg

from .selectors import Trend


def trend_chart(*, trend: Trend, name: str) -> RenderedChart | None:
    """Pedagogical leadership and administration per week, and the target in force each week."""
    if not any(w.log is not None for w in trend.weeks):
        return None
    series = [
        ChartSeries(label=str(_("Pedagogiskt ledarskap")), values=[w.leadership for w in trend.weeks]),
        ChartSeries(label=str(_("Administration")),
                    values=[w.log.administration if w.log else None for w in trend.weeks]),
    ]
    if any(w.target is not None for w in trend.weeks):
        series.append(ChartSeries(label=str(_("Mål")), values=[w.target for w in trend.weeks]))
    description = _(
        "Timmar i veckan för %(name)s de senaste %(n)s veckorna: pedagogiskt ledarskap (lektionsbesök, "
        "kollegialt lärande och analys) och administration, jämfört med målet. Veckor utan logg saknar punkt. "
        "Samma värden finns i tabellen under diagrammet."
    ) % {"name": name, "n": len(trend.weeks)}
    chart = Chart(
        chart_id="tid-trend", title=str(_("Tid för pedagogiskt ledarskap")), description=str(description),
        categories=[w.label for w in trend.weeks], series=series, unit=" h", category_heading=str(_("Vecka")),
        y_min=0,
    )
    return RenderedChart(chart=chart, svg=goal_chart_svg(chart))
