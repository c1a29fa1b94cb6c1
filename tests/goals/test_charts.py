from decimal import Decimal

from goals.charts import Chart, ChartSeries, goal_chart_svg


def _chart(**kw):
    fields = {
        "chart_id": "c1", "title": "Andel godkända", "description": "Beskrivning", "categories": ["2022/23", "2023/24", "2024/25"],
        "series": [ChartSeries(label="Alby", values=[Decimal("60.5"), None, Decimal("64")], markers=["", "..", ""])],
    }
    fields.update(kw)
    return Chart(**fields)


def test_title_and_labels_are_escaped():
    svg = goal_chart_svg(_chart(
        title="<script>alert(1)</script>", description='"><img src=x>',
        series=[ChartSeries(label="<b>Kommun</b>", values=[Decimal("1"), Decimal("2"), Decimal("3")])],
    ))
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;b&gt;Kommun&lt;/b&gt;" in svg


def test_svg_has_title_and_description_for_screen_readers():
    svg = goal_chart_svg(_chart())
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Andel godkända</title>' in svg
    assert '<desc id="c1-desc">Beskrivning</desc>' in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither


def test_a_suppressed_value_is_a_gap_in_the_line_and_its_marker_in_the_table():
    chart = _chart()
    svg = goal_chart_svg(chart)
    assert "<polyline" not in svg  # two points with a gap between them: no line joins them
    assert svg.count("<circle") == 2 + 1  # two points and the legend's marker
    assert chart.table_rows() == [("2022/23", ["60,5"]), ("2023/24", [".."]), ("2024/25", ["64"])]


def test_a_target_line_is_drawn_and_named():
    svg = goal_chart_svg(_chart(target=Decimal("70"), target_label="Målvärde 2027/28"))
    assert "Målvärde 2027/28" in svg and 'stroke-dasharray="3 3"' in svg
