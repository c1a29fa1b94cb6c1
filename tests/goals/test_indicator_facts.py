"""The facts of an indicator card (``indicator_facts``): every kind of card says what the template said."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from goals.models import GoalIndicator
from goals.progression import Point, goal_status, trend
from goals.selectors import IndicatorView
from indicators.models import Indicator
from indicators.selectors import KoladaComparison

# The template the tag replaced, word for word: the reference for what each card shows.
TEMPLATE = """{% load i18n goals_extras %}<dl class="goal-facts">
      <dt>{% translate "Utgångsvärde" %}</dt>
      <dd>{{ v.link.baseline_value|sv_number }}{{ v.unit_suffix }} <span class="muted">({% translate "läsår" %} {{ v.link.baseline_year|school_year }})</span></dd>
      <dt>{% translate "Målvärde" %}</dt>
      <dd>{{ v.link.target_value|sv_number }}{{ v.unit_suffix }} <span class="muted">({% translate "läsår" %} {{ v.link.target_year|school_year }})</span></dd>
      <dt>{% translate "Senaste värde" %}</dt>
      <dd>
        {% if v.status.latest %}
          {{ v.status.latest|point_value }}{% if v.status.latest.has_value %}{{ v.unit_suffix }}{% endif %} <span class="muted">({% translate "läsår" %} {{ v.status.latest.year_label }})</span>
          {% if v.status.latest_is_suppressed %}
            <br><span class="goal-marker-note">{{ v.status.latest.marker|marker_explanation }}.
            {% if v.status.latest_value %}{% blocktranslate with y=v.status.latest_value.year_label %}Status bygger på senaste visade värdet, läsåret {{ y }}.{% endblocktranslate %}{% endif %}</span>
          {% endif %}
        {% else %}{% translate "Inga mätvärden ännu" %}{% endif %}
      </dd>
      <dt>{% translate "Trend" %}</dt>
      <dd>{% if v.trend %}{{ v.trend.change|signed }} {% translate "jämfört med" %} {{ v.trend.previous.year_label }} ({{ v.trend.label }}){% else %}{% translate "För få värden för en trend" %}{% endif %}</dd>
      {% if v.is_school_level %}
      <dt>{% translate "Kommunen som helhet" %}</dt>
      <dd>{% if v.municipality_latest %}{{ v.municipality_latest|point_value }}{% if v.municipality_latest.has_value %}{{ v.unit_suffix }}{% endif %} <span class="muted">({% translate "läsår" %} {{ v.municipality_latest.year_label }})</span>{% else %}{% translate "Inget värde för kommunen samma läsår" %}{% endif %}</dd>
      {% endif %}
      <dt>{% translate "Riket" %}</dt>
      <dd>{% if v.national_latest %}{{ v.national_latest|point_value }}{% if v.national_latest.has_value %}{{ v.unit_suffix }}{% endif %} <span class="muted">({% translate "läsår" %} {{ v.national_latest.year_label }})</span>{% else %}{% translate "Inget värde för riket i underlaget" %}{% endif %}</dd>
      {% if card.kolada %}{% with k=card.kolada %}
      <dt>{% translate "Kommunens värde" %}</dt>
      <dd>{% if k.own is not None %}{{ k.own|sv_number }}{{ v.unit_suffix }}{% else %}{% translate "saknas" %}{% endif %} <span class="muted">({{ k.year }})</span></dd>
      <dt>{% translate "Jämförelsegruppens median" %}</dt>
      <dd>{% if k.median is not None %}{{ k.median|sv_number }}{{ v.unit_suffix }}{% else %}{% translate "saknas" %}{% endif %} <span class="muted">({% blocktranslate with n=k.with_value total=k.members group=k.group_title year=k.year %}{{ n }} av {{ total }} kommuner i {{ group }} har ett värde för {{ year }}.{% endblocktranslate %} {% translate "Källa: Kolada" %})</span></dd>
      {% endwith %}{% endif %}
    </dl>"""


def _view(points, *, unit="percent", national=(), school_level=False, municipality_points=()) -> IndicatorView:
    link = GoalIndicator(pk=3, grade=9, baseline_value=Decimal("60.0"), baseline_year=2021,
                         target_value=Decimal("75.5"), target_year=2027,
                         indicator=Indicator(pk=4, name="Behörighet <yrkes>", unit=unit, direction="up"))
    status = goal_status(points=points, baseline_value=link.baseline_value, baseline_year=link.baseline_year,
                         target_value=link.target_value, target_year=link.target_year)
    return IndicatorView(link=link, points=points, national=list(national), all_grades=points, status=status,
                         trend=trend(points=points, higher_is_better=True), cohorts=[],
                         is_school_level=school_level, municipality_points=list(municipality_points))


def _p(year, value=None, marker=""):
    return Point(school_year=year, grade=9, value=None if value is None else Decimal(value), marker=marker)


KOLADA = KoladaComparison(kpi="N15419", year=2024, own=Decimal("81.2"), median=None, with_value=7, members=9,
                          group_title="Pendlingskommuner <nära>")

CARDS = {
    "no values": (_view([]), None),
    "one value": (_view([_p(2022, "61.0")]), None),
    "a trend": (_view([_p(2022, "61.0"), _p(2023, "64.5")], national=[_p(2023, "70.1")]), None),
    "suppressed latest, an earlier value": (_view([_p(2022, "61.0"), _p(2023, "63.0"), _p(2024, marker="..")]), None),
    "suppressed only": (_view([_p(2024, marker="..")]), None),
    "a number unit": (_view([_p(2022, "3.5"), _p(2023, "3.1")], unit="count"), None),
    "school figures": (_view([_p(2023, "64.5")], school_level=True, municipality_points=[_p(2023, "66.0")]), None),
    "school figures, none for the municipality": (_view([_p(2023, "64.5")], school_level=True), None),
    "kolada": (_view([_p(2023, "64.5")]), KOLADA),
    "kolada, no own value": (_view([]), KoladaComparison(kpi="N1", year=2023, own=None, median=Decimal("70"),
                                                         with_value=3, members=3, group_title="Alla")),
}


def _words(html: str) -> list[str]:
    return html.split()


@pytest.mark.parametrize("kind", CARDS)
def test_every_kind_of_card_says_what_the_template_said(kind):
    view, kolada = CARDS[kind]
    context = {"v": view, "card": {"kolada": kolada}}
    expected = Template(TEMPLATE).render(Context(context))
    got = Template("{% load goals_extras %}{% indicator_facts v card.kolada %}").render(Context(context))
    assert _words(got) == _words(expected)


def test_texts_are_escaped_and_a_suppressed_value_is_never_a_number():
    view, kolada = CARDS["kolada"]
    html = Template("{% load goals_extras %}{% indicator_facts v k %}").render(Context({"v": view, "k": kolada}))
    assert "Pendlingskommuner &lt;nära&gt;" in html
    view, _ = CARDS["suppressed only"]
    html = Template("{% load goals_extras %}{% indicator_facts v %}").render(Context({"v": view}))
    assert "<dd>\n.. <span" in html
