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


# --- Byte for byte as format_html built them (issue 18) -------------------------------------------

from django.utils.html import conditional_escape, format_html, format_html_join  # noqa: E402
from django.utils.safestring import SafeString, mark_safe  # noqa: E402
from django.utils.translation import gettext  # noqa: E402

from goals.templatetags.goals_extras import marker_explanation, point_value, school_year, signed, sv_number  # noqa: E402


def _facts_by_format_html(view, kolada=None):
    """The tag as it was before it built plain strings (issue 18), word for word."""
    unit = view.unit_suffix
    year_word = gettext("läsår")

    def dated(point) -> SafeString:
        # A value with its school year: "71,2 % (läsår 2023/24)"; a marker carries no unit.
        return format_html('{}{} <span class="muted">({} {})</span>', point_value(point),
                           unit if point.has_value else "", year_word, point.year_label)

    def blocktranslated(text: str, **values) -> SafeString:
        # As {% blocktranslate %}: the values escaped, the translated text as it is.
        return mark_safe(text % {k: conditional_escape(v) for k, v in values.items()})  # noqa: S308 (the translation as blocktranslate gives it; the values escaped)

    status = view.status
    if status.latest:
        latest = dated(status.latest)
        if status.latest_is_suppressed:
            based = blocktranslated(gettext("Status bygger på senaste visade värdet, läsåret %(y)s."),
                                    y=status.latest_value.year_label) if status.latest_value else ""
            latest = format_html('{}\n<br><span class="goal-marker-note">{}.\n{}</span>', latest,
                                 marker_explanation(status.latest.marker), based)
    else:
        latest = gettext("Inga mätvärden ännu")
    trend = view.trend
    rows = [
        (gettext("Utgångsvärde"), format_html('{}{} <span class="muted">({} {})</span>', sv_number(view.link.baseline_value),
                                              unit, year_word, school_year(view.link.baseline_year))),
        (gettext("Målvärde"), format_html('{}{} <span class="muted">({} {})</span>', sv_number(view.link.target_value),
                                          unit, year_word, school_year(view.link.target_year))),
        (gettext("Senaste värde"), format_html("\n{}\n", latest)),
        (gettext("Trend"), format_html("{} {} {} ({})", signed(trend.change), gettext("jämfört med"),
                                       trend.previous.year_label, trend.label)
         if trend else gettext("För få värden för en trend")),
    ]
    if view.is_school_level:
        rows.append((gettext("Kommunen som helhet"), dated(view.municipality_latest) if view.municipality_latest
                     else gettext("Inget värde för kommunen samma läsår")))
    rows.append((gettext("Riket"), dated(view.national_latest) if view.national_latest
                 else gettext("Inget värde för riket i underlaget")))
    if kolada:
        missing = gettext("saknas")
        rows.append((gettext("Kommunens värde"), format_html(
            '{} <span class="muted">({})</span>',
            format_html("{}{}", sv_number(kolada.own), unit) if kolada.own is not None else missing, kolada.year)))
        members = blocktranslated(gettext("%(n)s av %(total)s kommuner i %(group)s har ett värde för %(year)s."),
                                  n=kolada.with_value, total=kolada.members, group=kolada.group_title, year=kolada.year)
        rows.append((gettext("Jämförelsegruppens median"), format_html(
            '{} <span class="muted">({} {})</span>',
            format_html("{}{}", sv_number(kolada.median), unit) if kolada.median is not None else missing,
            members, gettext("Källa: Kolada"))))
    return format_html('<dl class="goal-facts">\n{}\n</dl>', format_html_join("\n", "<dt>{}</dt>\n<dd>{}</dd>", rows))


@pytest.mark.parametrize("kind", CARDS)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_kind_of_card_is_byte_for_byte_what_format_html_gave(kind, language):
    """The facts as plain escaped strings rather than format_html per fact (issue 18): the same
    bytes, markers, Kolada's group name with markup and both languages included."""
    from django.utils import translation

    from goals.templatetags.goals_extras import indicator_facts

    view, kolada = CARDS[kind]
    with translation.override(language):
        assert indicator_facts(view, kolada) == _facts_by_format_html(view, kolada)
