"""The scale heatmap's table built by ``reviews_tags.scale_heatmap`` (issue 18): what the template
drew before, word for word, hidden cells and escaping included."""

from django.template import Context, Template
from django.utils import translation

from reviews.aggregation import Cell
from reviews.models import Area, ScaleStep, Statement
from reviews.selectors import MappingResults, StatementResult

# The scale branch of reviews/_heatmap.html as it was before the tag (with heat_row for the cells).
_TEMPLATE = Template(
    """{% load i18n reviews_tags %}
<div class="table-wrap">
<table class="table heatmap">
  {% with last=results.scale|last %}<caption>{% blocktranslate with low=results.scale.0.value high=last.value %}Medelvärde per påstående och nivå (skala {{ low }}–{{ high }}), med antal svar{% endblocktranslate %}</caption>{% endwith %}
  <thead><tr>
    <th scope="col">{% translate "Påstående" %}</th>
    {% for value, label in results.levels %}<th scope="col" class="num">{{ label }}</th>{% endfor %}
    <th scope="col" class="num">{% translate "Hela kommunen" %}</th>
    {% if results.previous %}<th scope="col" class="num">{% translate "Förändring" %}</th>{% endif %}
  </tr></thead>
  <tbody>
  {% for sr in results.statements %}
    <tr>
      <th scope="row">{% if sr.statement.area %}<span class="muted heatmap__area">{{ sr.statement.area.title }}</span><br>{% endif %}{{ sr.statement.label }}</th>
      {# a comment #}
      {% heat_row sr results.scale %}
      {% if results.previous %}<td class="num">{% if sr.change is not None %}{% if sr.change > 0 %}+{% endif %}{{ sr.change|floatformat:1 }}{% else %}–{% endif %}</td>{% endif %}
    </tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""
)

_LEVELS = [("namnd", "Nämnd <b>"), ("forvaltning", "Förvaltning"), ("rektor", "Rektor"), ("larare", "Lärare & co")]


def _results(*, previous: bool) -> MappingResults:
    area = Area(title="<i>Styrning</i> & ledning")
    shown = Cell(level="larare", counts={2: 3, 4: 2}, dont_know=1)
    rows = [
        StatementResult(
            statement=Statement(pk=1, text='Vi "säger" <script>', short_label="", area=area),
            cells={"namnd": Cell(level="namnd", hidden="few"), "forvaltning": Cell(level="forvaltning", hidden="protect"),
                   "rektor": Cell(level="rektor"), "larare": shown},
            total=Cell(level="total", counts={2: 3, 4: 3}, dont_know=1), change=-0.04,
        ),
        StatementResult(
            statement=Statement(pk=2, text="Lång", short_label="Kort"),
            cells={level: Cell(level=level, counts={5: 4}) for level, _ in _LEVELS},
            total=Cell(level="total", counts={5: 16}), change=0.25,
        ),
        StatementResult(
            statement=Statement(pk=3, text="Ny"), cells={level: Cell(level=level) for level, _ in _LEVELS},
            total=Cell(level="total"), change=None,
        ),
    ]
    return MappingResults(
        mapping=None, threshold=3, kind="scale", scale=[ScaleStep(value=v, label=str(v)) for v in range(1, 7)],
        levels=_LEVELS, statements=rows, participation=None, previous=object() if previous else None,
    )


def _tag(results) -> str:
    return Template("{% load reviews_tags %}{% scale_heatmap results %}").render(Context({"results": results}))


def test_the_scale_heatmap_says_what_the_template_said():
    for language in ("sv", "en"):
        for previous in (True, False):
            results = _results(previous=previous)
            with translation.override(language):
                assert _tag(results) == _TEMPLATE.render(Context({"results": results})), (language, previous)


def test_the_scale_heatmap_escapes_every_label_and_shows_no_hidden_figure():
    html = _tag(_results(previous=True))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "Vi &quot;säger&quot; &lt;script&gt;" in html and "&lt;i&gt;Styrning&lt;/i&gt; &amp; ledning" in html
    assert "Nämnd &lt;b&gt;" in html and "Lärare &amp; co" in html
    assert "för få svar" in html and ">dold<" in html
    assert '<td class="num">0,0</td>' in html and '<td class="num">+0,3</td>' in html and '<td class="num">–</td>' in html
